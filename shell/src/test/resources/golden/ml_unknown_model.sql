-- Scoring with a model that was never declared fails at plan time, pointing at the name.
SELECT PREDICT_LOGREG('nope', 1.0, 2.0);
