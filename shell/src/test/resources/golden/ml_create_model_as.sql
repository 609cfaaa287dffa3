-- CREATE MODEL ... AS SELECT needs a query that ends with the model (a TRAIN_* aggregate).
CREATE MODEL m AS SELECT COUNT(*) AS n FROM (VALUES (1)) AS t(x);
