-- Baseline for predict_logreg.sql: the same rows summed instead of scored.
-- Run: time java -jar shell/target/sluice.jar run bench/ml/baseline.sql
SET 'parallelism' = '1';
CREATE TABLE features (f1 DOUBLE, f2 DOUBLE, f3 DOUBLE, f4 DOUBLE, f5 DOUBLE, f6 DOUBLE, f7 DOUBLE, f8 DOUBLE,
  f9 DOUBLE, f10 DOUBLE) WITH ('connector' = 'datagen', 'number-of-rows' = '20000000', 'seed' = '1');
CREATE TABLE sink (p DOUBLE) WITH ('connector' = 'blackhole');
CREATE MODEL m WITH ('path' = 'model10.yaml');
INSERT INTO sink SELECT f1 + f2 + f3 + f4 + f5 + f6 + f7 + f8 + f9 + f10 FROM features;
