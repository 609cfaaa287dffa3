-- With 'errors' = 'skip' bad rows are dropped, and counted when the job ends.
CREATE TABLE readings (id INT, celsius DOUBLE, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'data/readings_bad.csv', 'format' = 'csv', 'errors' = 'skip');

SELECT id, celsius, ts FROM readings;
