-- By default a bad row fails the job, naming the table, file, line, column and reason.
CREATE TABLE readings (id INT, celsius DOUBLE, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'data/readings_bad.csv', 'format' = 'csv');

SELECT id, celsius FROM readings;
SELECT 'never runs';
