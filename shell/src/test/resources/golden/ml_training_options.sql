-- A TRAIN_* options text that does not parse fails at plan time, pointing at it.
SELECT TRAIN_LOGREG(y, x, 'l2=-1') FROM (VALUES (1, 0.5)) AS t(y, x);
