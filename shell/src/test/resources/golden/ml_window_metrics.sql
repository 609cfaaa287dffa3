-- Metrics per HOP window over a CSV stream: the F1 of a threshold on amount against labels.
CREATE TABLE payments (
  card STRING,
  amount DOUBLE,
  label INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH ('connector' = 'file', 'path' = 'data/payments_labelled.csv', 'format' = 'csv', 'csv.header' = 'true');
CREATE MODEL risk WITH ('type' = 'logistic_regression', 'weights' = '[0.1]', 'intercept' = '-10');
SELECT window_start, window_end, COUNT(*) AS n,
  F1_SCORE(CASE WHEN PREDICT_LOGREG('risk', amount) > 0.5 THEN 1 ELSE 0 END, label) AS f1,
  ACCURACY_SCORE(CASE WHEN PREDICT_LOGREG('risk', amount) > 0.5 THEN 1 ELSE 0 END, label) AS accuracy,
  ROUND(REGR_SLOPE(label, amount), 9) AS slope
FROM TABLE(HOP(TABLE payments, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '2' MINUTE))
GROUP BY window_start, window_end;
