-- Calcite's group-window form: GROUP BY TUMBLE/HOP/SESSION(ts, ...) with the *_START/*_END functions.
CREATE TABLE clicks (visitor STRING, page STRING, bytes BIGINT, latency DOUBLE, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '3' SECOND)
WITH ('connector' = 'file', 'path' = 'data/clicks.csv', 'format' = 'csv', 'csv.header' = 'true',
      'csv.null-literal' = 'NULL', 'batch.size' = '1');

SELECT TUMBLE_START(ts, INTERVAL '10' SECOND) AS ws, TUMBLE_END(ts, INTERVAL '10' SECOND) AS we,
  page, COUNT(*) AS clicks
FROM clicks GROUP BY TUMBLE(ts, INTERVAL '10' SECOND), page;

SELECT HOP_START(ts, INTERVAL '5' SECOND, INTERVAL '10' SECOND) AS ws,
  HOP_END(ts, INTERVAL '5' SECOND, INTERVAL '10' SECOND) AS we, SUM(bytes) AS total
FROM clicks WHERE page <> '/pay' GROUP BY HOP(ts, INTERVAL '5' SECOND, INTERVAL '10' SECOND);

SELECT visitor, SESSION_START(ts, INTERVAL '4' SECOND) AS ss, SESSION_END(ts, INTERVAL '4' SECOND) AS se,
  COUNT(*) AS clicks
FROM clicks GROUP BY visitor, SESSION(ts, INTERVAL '4' SECOND);
