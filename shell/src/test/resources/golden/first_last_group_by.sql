-- parallelism: 1
-- (arrival order decides FIRST_VALUE / LAST_VALUE without windows; one reader keeps the file's order)
-- FIRST_VALUE, LAST_VALUE (the first and last non-NULL value to arrive) and APPROX_PERCENTILE
-- in a plain GROUP BY over a bounded file.
CREATE TABLE clicks (visitor STRING, page STRING, bytes BIGINT, latency DOUBLE, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'data/clicks.csv', 'format' = 'csv', 'csv.header' = 'true',
      'csv.null-literal' = 'NULL');

SELECT visitor, FIRST_VALUE(page) AS first_page, LAST_VALUE(page) AS last_page, FIRST_VALUE(bytes) AS first_bytes,
  LAST_VALUE(bytes) AS last_bytes, APPROX_PERCENTILE(bytes, 0.5) AS median_bytes,
  APPROX_PERCENTILE(latency, 0.25) AS p25_latency
FROM clicks
GROUP BY visitor
ORDER BY visitor;

SELECT FIRST_VALUE(ts) AS first_ts, LAST_VALUE(ts) AS last_ts, APPROX_PERCENTILE(bytes, 0.9) AS p90 FROM clicks;
