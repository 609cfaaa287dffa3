-- Regression statistics (the temperature -> sales golden example) and classification metrics.
SELECT REGR_SLOPE(sales, temperature) AS slope, REGR_INTERCEPT(sales, temperature) AS intercept,
  REGR_R2(sales, temperature) AS r2, REGR_COUNT(sales, temperature) AS n, CORR(sales, temperature) AS r,
  COVAR_POP(CAST(sales AS DOUBLE), temperature) AS covar_pop, COVAR_SAMP(CAST(sales AS DOUBLE), temperature) AS covar_samp
FROM (VALUES (10, 150), (15, 180), (20, 210), (25, 240), (CAST(NULL AS INT), 1)) AS t(temperature, sales);
SELECT g, ACCURACY_SCORE(p, y) AS accuracy, PRECISION_SCORE(p, y) AS precision_, RECALL_SCORE(p, y) AS recall,
  F1_SCORE(p, y) AS f1, LOG_LOSS(prob, y) AS log_loss
FROM (VALUES ('a', 1, 1, 0.9), ('a', 1, 0, 0.6), ('a', 0, 1, 0.4), ('a', 0, 0, 0.2), ('a', 1, 1, 0.7),
  ('b', 0, 0, 0.1), ('b', CAST(NULL AS INT), 1, 0.5)) AS t(g, p, y, prob)
GROUP BY g
ORDER BY g;
SELECT ACCURACY_SCORE(p, y) AS accuracy, F1_SCORE(p, y) AS f1 FROM (VALUES (TRUE, TRUE), (FALSE, TRUE)) AS t(p, y);
