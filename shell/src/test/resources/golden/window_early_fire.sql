-- parallelism: 1
-- (one pipeline: the intermediate results depend on which rows arrive before each watermark)
-- SET 'window.early-fire.interval' makes window aggregations emit early results while their
-- windows are open; '0 s' fires on every watermark advance, so with one row per batch each
-- row's effect shows: +I when a window first has a key, -U/+U when its result changes, and
-- nothing more when the window closes (its last row is final). The output is a changelog.
SET 'window.early-fire.interval' = '0 s';
CREATE TABLE readings (sensor STRING, reading BIGINT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
WITH ('connector' = 'file', 'path' = 'data/late.csv', 'format' = 'csv', 'csv.header' = 'true',
      'batch.size' = '1');

EXPLAIN SELECT sensor, window_start, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY sensor, window_start, window_end;

SELECT sensor, window_start, window_end, COUNT(*) AS n, SUM(reading) AS total
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY sensor, window_start, window_end;

-- CUMULATE windows grow: every open window a row falls into updates.
SELECT window_start, window_end, COUNT(*) AS n, MAX(reading) AS top
FROM TABLE(CUMULATE(TABLE readings, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '20' SECOND))
GROUP BY window_start, window_end;

-- An interval in processing time fires on a timer instead; the final results are the same as
-- without early firing (here every window closes before the timer first fires).
SET 'window.early-fire.interval' = '1 h';
SELECT sensor, window_start, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY sensor, window_start, window_end;

-- Sessions do not fire early yet.
SELECT sensor, COUNT(*) AS n
FROM TABLE(SESSION(TABLE readings PARTITION BY sensor, DESCRIPTOR(ts), INTERVAL '5' SECOND))
GROUP BY sensor, window_start, window_end;
