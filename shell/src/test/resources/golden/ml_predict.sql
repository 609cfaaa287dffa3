-- Models from a YAML file and inline options, scored with PREDICT_*; NULL features give NULL.
CREATE MODEL fraud WITH ('path' = 'data/fraud_model.yaml');
CREATE MODEL sales WITH ('type' = 'linear_regression', 'features' = '[temperature]', 'weights' = '[6]', 'intercept' = '90');
CREATE MODEL zones WITH ('type' = 'kmeans', 'centroids' = '[[0, 0], [10, 10], [5, 5]]');
SHOW MODELS;
SELECT a, PREDICT_LOGREG('fraud', a, h, r) AS p, PREDICT_KMEANS('zones', a, h) AS zone
FROM (VALUES (50, 12, 0.1), (90, 3, 0.3), (CAST(NULL AS INT), 1, 0.2), (6, 7, 0.0)) AS t(a, h, r);
SELECT PREDICT_LINREG('sales', 22) AS predicted_sales;
EXPLAIN SELECT PREDICT_LINREG('sales', t) FROM (VALUES 1.5) AS v(t);
SELECT PREDICT_LOGREG('fraud', 1, 2);
