-- Online training inside the query: a labelled stream, a logistic model retrained at every
-- closed minute on everything seen so far, and each minute scored by the model trained on the
-- minutes before it ("prequential" evaluation), so the accuracy shows the model learning.
-- Only one event in ten carries a label, as when labels come from slow manual review.
-- Run it with:  ./sluice run examples/online_training.sql

CREATE TABLE events (
  id    BIGINT,
  f1    DOUBLE,
  f2    DOUBLE,
  f3    DOUBLE,
  f4    DOUBLE,
  noise DOUBLE,
  ts    TIMESTAMP(3),
  WATERMARK FOR ts AS ts
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '720',
  'fields.id.kind' = 'sequence',
  -- One event a second of event time from 2026-01-01 00:00:00 UTC.
  'fields.ts.kind' = 'sequence', 'fields.ts.start' = '1767225600000', 'fields.ts.step' = '1000',
  'fields.f1.kind' = 'random', 'fields.f1.min' = '-1', 'fields.f1.max' = '1',
  'fields.f2.kind' = 'random', 'fields.f2.min' = '-1', 'fields.f2.max' = '1',
  'fields.f3.kind' = 'random', 'fields.f3.min' = '-1', 'fields.f3.max' = '1',
  'fields.f4.kind' = 'random', 'fields.f4.min' = '-1', 'fields.f4.max' = '1',
  'fields.noise.kind' = 'random', 'fields.noise.min' = '-1', 'fields.noise.max' = '1',
  'seed' = '11'
);

-- The generator's ground truth: a noisy linear rule the model has to discover.
CREATE VIEW labelled AS
SELECT id, f1, f2, f3, f4, ts,
       CASE WHEN 2.0 * f1 - 1.5 * f2 + 1.0 * f3 - 0.5 * f4 + 0.5 * noise > 0.2 THEN 1 ELSE 0 END AS label
FROM events;

-- The training data: the labelled tenth of the events.
CREATE VIEW reviewed AS SELECT * FROM labelled WHERE MOD(id, 10) = 0;

-- 1. The model as a catalog object, kept current: every closed minute publishes a new version
--    trained on all reviewed events so far (CUMULATE windows grow by a minute up to 12).
CREATE MODEL online WITH ('features' = '[f1, f2, f3, f4]', 'path' = 'online_model.yaml') AS
SELECT window_end, TRAIN_LOGREG(label, f1, f2, f3, f4, 'l2=0.01')
FROM TABLE(CUMULATE(TABLE reviewed, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '12' MINUTE))
GROUP BY window_start, window_end;

SELECT ROUND(PREDICT_LOGREG('online', 0.5, -0.5, 0.2, 0.0), 4) AS p_positive_example,
       ROUND(PREDICT_LOGREG('online', -0.5, 0.5, 0.0, 0.2), 4) AS p_negative_example;

-- 2. Each minute's events scored by the model trained up to the minute's start: the same
--    training query as a view of model values, joined on the time the model was trained until.
CREATE VIEW models AS
SELECT window_end AS trained_until, COUNT(*) AS trained_on, TRAIN_LOGREG(label, f1, f2, f3, f4, 'l2=0.01') AS model
FROM TABLE(CUMULATE(TABLE reviewed, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '12' MINUTE))
GROUP BY window_start, window_end;

SELECT e.window_start AS minute, MAX(m.trained_on) AS trained_on, COUNT(*) AS scored,
       ROUND(ACCURACY_SCORE(CASE WHEN PREDICT_LOGREG(m.model, e.f1, e.f2, e.f3, e.f4) > 0.5 THEN 1 ELSE 0 END,
                            e.label), 3) AS accuracy,
       ROUND(LOG_LOSS(PREDICT_LOGREG(m.model, e.f1, e.f2, e.f3, e.f4), e.label), 3) AS log_loss
FROM TABLE(TUMBLE(TABLE labelled, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) AS e
JOIN models AS m ON e.window_start = m.trained_until
GROUP BY e.window_start
ORDER BY minute;
