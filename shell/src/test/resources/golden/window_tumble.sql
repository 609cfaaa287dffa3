-- TUMBLE window aggregation over out-of-order rows (3 s watermark delay, one row per batch):
-- every exact aggregate, COUNT(DISTINCT), FILTER, and the approximate distinct count.
CREATE TABLE clicks (visitor STRING, page STRING, bytes BIGINT, latency DOUBLE, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '3' SECOND)
WITH ('connector' = 'file', 'path' = 'data/clicks.csv', 'format' = 'csv', 'csv.header' = 'true',
      'csv.null-literal' = 'NULL', 'batch.size' = '1');

EXPLAIN SELECT visitor, window_start, window_end, COUNT(*) AS clicks
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY visitor, window_start, window_end;

SELECT visitor, window_start, window_end, window_time,
  COUNT(*) AS clicks, COUNT(bytes) AS with_bytes, SUM(bytes) AS total, MIN(page) AS first_page,
  MAX(latency) AS slowest, AVG(bytes) AS avg_bytes, AVG(latency) AS avg_latency,
  COUNT(DISTINCT page) AS pages, COUNT(*) FILTER (WHERE page = '/home') AS home,
  APPROX_COUNT_DISTINCT(page) AS approx_pages
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY visitor, window_start, window_end, window_time;

-- Statistics over the whole window, with an offset of 5 s.
SELECT window_start, window_end, VAR_POP(latency) AS var_pop, VAR_SAMP(latency) AS var_samp,
  STDDEV_POP(latency) AS sd_pop, STDDEV_SAMP(latency) AS sd_samp, STDDEV_POP(bytes) AS sd_bytes
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '5' SECOND))
GROUP BY window_start, window_end;
