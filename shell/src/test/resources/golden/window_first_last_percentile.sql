-- FIRST_VALUE / LAST_VALUE by event time (not arrival: the rows are out of order) and
-- APPROX_PERCENTILE (exact below 2048 values per group) in TUMBLE and HOP windows; HOP merges
-- its 5 s slices, each keeping its first and last value with their times.
CREATE TABLE clicks (visitor STRING, page STRING, bytes BIGINT, latency DOUBLE, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '3' SECOND)
WITH ('connector' = 'file', 'path' = 'data/clicks.csv', 'format' = 'csv', 'csv.header' = 'true',
      'csv.null-literal' = 'NULL', 'batch.size' = '1');

EXPLAIN SELECT visitor, window_start, window_end, FIRST_VALUE(page) AS first_page,
  APPROX_PERCENTILE(bytes, 0.5) AS median_bytes
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY visitor, window_start, window_end;

SELECT visitor, window_start, window_end, FIRST_VALUE(page) AS first_page, LAST_VALUE(page) AS last_page,
  FIRST_VALUE(bytes) AS first_bytes, LAST_VALUE(latency) AS last_latency,
  APPROX_PERCENTILE(bytes, 0.5) AS median_bytes, APPROX_PERCENTILE(latency, 1) AS max_latency,
  APPROX_PERCENTILE(bytes, 0) AS min_bytes
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY visitor, window_start, window_end;

SELECT window_start, window_end, FIRST_VALUE(visitor) AS first_visitor, LAST_VALUE(page) AS last_page,
  FIRST_VALUE(ts) AS first_ts, LAST_VALUE(ts) AS last_ts, APPROX_PERCENTILE(bytes, 0.75) AS p75_bytes,
  COUNT(bytes) AS n
FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
GROUP BY window_start, window_end;

SELECT visitor, APPROX_PERCENTILE(bytes, 1.5) FROM clicks GROUP BY visitor;
