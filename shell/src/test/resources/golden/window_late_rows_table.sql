-- parallelism: 1
-- (one pipeline: which rows are late depends on when watermarks overtake rows)
-- 'late-rows.table' routes the rows later than the allowed lateness to another table instead of
-- only counting them: their columns (matched by name), why they were late and the watermark they
-- missed (any other column is NULL). They are still counted. Here a file table receives them and
-- SQL reads them back.
CREATE TABLE late_readings (sensor STRING, reading BIGINT, ts TIMESTAMP(3), late_reason STRING,
  late_watermark TIMESTAMP(3), note BIGINT)
WITH ('connector' = 'file', 'path' = '../../../../target/golden-out/late_readings', 'format' = 'csv');
CREATE TABLE readings (sensor STRING, reading BIGINT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
WITH ('connector' = 'file', 'path' = 'data/late.csv', 'format' = 'csv', 'csv.header' = 'true',
      'batch.size' = '1', 'late-rows.table' = 'late_readings');

EXPLAIN SELECT sensor, window_start, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY sensor, window_start, window_end;

SELECT sensor, window_start, window_end, COUNT(*) AS n, SUM(reading) AS total
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY sensor, window_start, window_end;

SELECT sensor, reading, ts, late_reason, late_watermark, note FROM late_readings ORDER BY ts;

-- A window table function without aggregation routes its late rows the same way.
SELECT sensor, reading, window_start FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '10' SECOND));
SELECT COUNT(*) AS late_rows FROM late_readings;

-- A late-rows table whose columns do not fit the late rows is refused when the job starts.
CREATE TABLE bad_late (sensor BIGINT) WITH ('connector' = 'blackhole');
CREATE TABLE strict (sensor STRING, reading BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
WITH ('connector' = 'file', 'path' = 'data/late.csv', 'format' = 'csv', 'csv.header' = 'true',
      'late-rows.table' = 'bad_late');
SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE strict, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY window_start, window_end;
