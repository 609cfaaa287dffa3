-- Training inside SQL: the temperature -> sales example (slope 6, intercept 90, 222 predicted
-- at 22), TRAIN_* values, CREATE MODEL ... AS SELECT over windows, and ROC_AUC_SCORE.
SELECT REGR_SLOPE(sales, temperature) AS slope, REGR_INTERCEPT(sales, temperature) AS intercept
FROM (VALUES (10, 150), (15, 180), (20, 210), (25, 240)) AS t(temperature, sales);
CREATE MODEL sales WITH ('features' = '[temperature]') AS
SELECT TRAIN_LINREG(sales, temperature) FROM (VALUES (10, 150), (15, 180), (20, 210), (25, 240)) AS t(temperature, sales);
SELECT ROUND(PREDICT_LINREG('sales', 22), 9) AS predicted_sales;
SELECT TRAIN_KMEANS(2, x) AS clusters, TRAIN_LINREG(y, x) AS constant_y, TRAIN_LINREG(x, y) AS singular
FROM (VALUES (1.0, 5.0), (2.0, 5.0), (10.0, 5.0), (11.0, 5.0)) AS t(x, y);
-- Ties count one half; one class only gives NULL.
SELECT g, ROC_AUC_SCORE(p, y) AS auc
FROM (VALUES ('a', 0.1, 0), ('a', 0.4, 0), ('a', 0.35, 1), ('a', 0.8, 1), ('b', 0.5, 0), ('b', 0.5, 1), ('b', 0.9, 1),
  ('c', 0.3, 1)) AS t(g, p, y)
GROUP BY g
ORDER BY g;
CREATE TABLE payments (
  card STRING,
  amount DOUBLE,
  label INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH ('connector' = 'file', 'path' = 'data/payments_labelled.csv', 'format' = 'csv', 'csv.header' = 'true');
-- HOP windows merge their slices' scores.
SELECT window_start, window_end, COUNT(*) AS n, ROC_AUC_SCORE(amount, label) AS auc
FROM TABLE(HOP(TABLE payments, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '2' MINUTE))
GROUP BY window_start, window_end;
-- One version per closed window; the last window's model scores here.
CREATE MODEL risk WITH ('features' = '[amount]') AS
SELECT window_end, TRAIN_LOGREG(label, amount, 'l2=0.0001')
FROM TABLE(TUMBLE(TABLE payments, DESCRIPTOR(ts), INTERVAL '2' MINUTE))
GROUP BY window_start, window_end;
SELECT ROUND(PREDICT_LOGREG('risk', 50), 6) AS p50, ROUND(PREDICT_LOGREG('risk', 150), 6) AS p150;
