-- Fraud scoring inside the query: generated payments -> per-card features over HOP windows ->
-- PREDICT_LOGREG -> alerts above a threshold, and a per-window F1_SCORE of the alerts against
-- the generator's labels. Run it with:  ./sluice run examples/fraud.sql

CREATE TABLE payments (
  card          INT,
  amount        DOUBLE,
  hour_of_day   INT,
  merchant_risk DOUBLE,
  ts            TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '5000',
  'fields.card.kind' = 'random', 'fields.card.min' = '1', 'fields.card.max' = '2000',
  'fields.amount.kind' = 'random', 'fields.amount.min' = '1', 'fields.amount.max' = '500',
  'fields.hour_of_day.kind' = 'random', 'fields.hour_of_day.min' = '0', 'fields.hour_of_day.max' = '23',
  'fields.merchant_risk.kind' = 'random', 'fields.merchant_risk.min' = '0', 'fields.merchant_risk.max' = '1',
  'seed' = '42'
);

-- The generator's ground truth: large payments at risky merchants at night are fraud.
CREATE VIEW labelled AS
SELECT *, CASE WHEN amount > 420 AND merchant_risk > 0.6 THEN 1
               WHEN amount > 470 AND (hour_of_day < 6 OR hour_of_day > 22) THEN 1
               ELSE 0 END AS is_fraud
FROM payments;

CREATE MODEL fraud WITH ('path' = 'fraud.yaml');

-- Per card and window: features, the model's score, and whether the window held fraud.
CREATE VIEW scored AS
SELECT window_start, window_end, card, MAX(is_fraud) AS fraud,
       PREDICT_LOGREG('fraud', MAX(amount), COUNT(*),
                      AVG(CASE WHEN hour_of_day < 6 OR hour_of_day > 22 THEN 1.0 ELSE 0.0 END),
                      AVG(merchant_risk)) AS score
FROM TABLE(HOP(TABLE labelled, DESCRIPTOR(ts), INTERVAL '30' SECOND, INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, card;

-- Alerts: windows scoring above 0.8.
SELECT window_end, card, ROUND(score, 3) AS score, fraud
FROM scored
WHERE score > 0.8
ORDER BY score DESC
LIMIT 10;

-- How good are the alerts? F1, precision and recall per window against the labels.
SELECT window_end,
       COUNT(*) AS cards,
       SUM(fraud) AS fraud_cards,
       ROUND(F1_SCORE(CASE WHEN score > 0.8 THEN 1 ELSE 0 END, fraud), 3) AS f1,
       ROUND(PRECISION_SCORE(CASE WHEN score > 0.8 THEN 1 ELSE 0 END, fraud), 3) AS precision_,
       ROUND(RECALL_SCORE(CASE WHEN score > 0.8 THEN 1 ELSE 0 END, fraud), 3) AS recall
FROM scored
GROUP BY window_end
ORDER BY window_end
LIMIT 10;
