-- SESSION windows (gap 4 s) per user. u1 has sessions [00, 06) and [09, 13) until the
-- out-of-order row at 05.5 bridges them into one session [00, 13).
CREATE TABLE visits (visitor STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'file', 'path' = 'data/sessions.csv', 'format' = 'csv', 'csv.header' = 'true',
      'batch.size' = '1');

SELECT visitor, window_start, window_end, COUNT(*) AS clicks, MAX(ts) AS last_click
FROM TABLE(SESSION(TABLE visits PARTITION BY visitor, DESCRIPTOR(ts), INTERVAL '4' SECOND))
GROUP BY visitor, window_start, window_end;

-- Without PARTITION BY the session still runs per group key.
SELECT window_start, window_end, COUNT(*) AS clicks
FROM TABLE(SESSION(TABLE visits, DESCRIPTOR(ts), INTERVAL '4' SECOND))
GROUP BY window_start, window_end;
