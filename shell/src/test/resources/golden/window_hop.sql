-- HOP windows (size 10 s, slide 5 s) share 5 s slices; each result merges two of them.
CREATE TABLE clicks (visitor STRING, page STRING, bytes BIGINT, latency DOUBLE, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '3' SECOND)
WITH ('connector' = 'file', 'path' = 'data/clicks.csv', 'format' = 'csv', 'csv.header' = 'true',
      'csv.null-literal' = 'NULL', 'batch.size' = '1');

SELECT page, window_start, window_end, COUNT(*) AS clicks, SUM(bytes) AS total,
  MAX(bytes) AS biggest, COUNT(DISTINCT visitor) AS users
FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
GROUP BY page, window_start, window_end;

-- A window table function without aggregation repeats each row once per window.
SELECT visitor, ts, window_start, window_end, window_time
FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
WHERE visitor = 'carol';
