-- parallelism: 1
-- (one pipeline: which rows are late depends on when watermarks overtake rows, and exchanges delay them)
-- Watermark = ts - 2 s. At 10:00:12 (watermark 10:00:10) the window [00, 10) fires, so the
-- rows at 08 and 09 that follow are late: dropped and counted, never silently lost.
CREATE TABLE readings (sensor STRING, reading BIGINT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
WITH ('connector' = 'file', 'path' = 'data/late.csv', 'format' = 'csv', 'csv.header' = 'true',
      'batch.size' = '1');

SELECT sensor, window_start, window_end, COUNT(*) AS n, SUM(reading) AS total
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY sensor, window_start, window_end;

-- With 'allowed-lateness' = '5 s' a window fires 5 s of watermark later, so the rows at 03, 08
-- and 09 still count; the row at 14 arrives after watermark 23 - 5 s = 18 < 20: [10, 20) is open.
CREATE TABLE patient (sensor STRING, reading BIGINT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
WITH ('connector' = 'file', 'path' = 'data/late.csv', 'format' = 'csv', 'csv.header' = 'true',
      'batch.size' = '1', 'allowed-lateness' = '5 s');

EXPLAIN SELECT window_start, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE patient, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end;

SELECT sensor, window_start, window_end, COUNT(*) AS n, SUM(reading) AS total
FROM TABLE(TUMBLE(TABLE patient, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY sensor, window_start, window_end;
