-- Window Top-N at every parallelism: instances partitioned on the window and the partition
-- keys, results gathered by a final ORDER BY.
CREATE TABLE clicks (visitor STRING, page STRING, bytes BIGINT, latency DOUBLE, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '3' SECOND)
WITH ('connector' = 'file', 'path' = 'data/clicks.csv', 'format' = 'csv', 'csv.header' = 'true',
      'csv.null-literal' = 'NULL', 'batch.size' = '2');

-- The two largest requests per visitor and 10 s window (a NULL visitor is a partition too).
SELECT window_start, visitor, page, bytes, rn FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, visitor ORDER BY bytes DESC) AS rn
  FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND)))
WHERE rn <= 2
ORDER BY window_start, visitor, rn;

-- The busiest visitor per 10 s window sliding by 5 s, over a HOP window aggregate.
SELECT window_start, window_end, visitor, clicks FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY clicks DESC, visitor) AS rn
  FROM (SELECT visitor, window_start, window_end, COUNT(*) AS clicks
        FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
        GROUP BY visitor, window_start, window_end))
WHERE rn = 1
ORDER BY window_start;
