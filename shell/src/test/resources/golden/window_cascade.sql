-- Cascaded window aggregation: a GROUP BY over a window aggregation's window_start and
-- window_end (renamed or not) is itself a window aggregation over the same windows. It fires
-- when the watermark passes each window's end, so a join with the inner aggregation on
-- equal windows is a window join (Nexmark q5) that frees each window at its end.
CREATE TABLE clicks (visitor STRING, page STRING, bytes BIGINT, latency DOUBLE, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '3' SECOND)
WITH ('connector' = 'file', 'path' = 'data/clicks.csv', 'format' = 'csv', 'csv.header' = 'true',
      'csv.null-literal' = 'NULL', 'batch.size' = '1');

CREATE VIEW per_page AS
SELECT page, window_start AS ws, window_end AS we, COUNT(*) AS n, SUM(bytes) AS total
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY page, window_start, window_end;

EXPLAIN SELECT ws, we, MAX(n) AS maxn FROM per_page GROUP BY ws, we;

-- The busiest page count per 10 s window, and the pages counted per window.
SELECT ws, we, MAX(n) AS maxn, COUNT(*) AS pages, SUM(total) AS total, MIN(page) AS first_page
FROM per_page GROUP BY ws, we
ORDER BY ws;

-- The same grouping over a computed key (not a window column) stays a regular aggregation:
-- its results must equal the cascaded one's.
SELECT CAST(ws AS STRING) AS ws, MAX(n) AS maxn, COUNT(*) AS pages, SUM(total) AS total, MIN(page) AS first_page
FROM per_page GROUP BY CAST(ws AS STRING)
ORDER BY ws;

-- Extra keys group within each window: the number of pages per count.
SELECT n, we, ws, COUNT(*) AS pages
FROM per_page GROUP BY we, n, ws
ORDER BY ws, n;

-- The hot pages of each window: the inner counts joined with their window's maximum.
EXPLAIN SELECT c.page, c.ws, c.n
FROM per_page c
JOIN (SELECT ws, we, MAX(n) AS maxn FROM per_page GROUP BY ws, we) m
  ON c.ws = m.ws AND c.we = m.we AND c.n >= m.maxn;

SELECT c.page, c.ws, c.we, c.n
FROM per_page c
JOIN (SELECT ws, we, MAX(n) AS maxn FROM per_page GROUP BY ws, we) m
  ON c.ws = m.ws AND c.we = m.we AND c.n >= m.maxn
ORDER BY c.ws, c.page;

-- Over HOP windows (as Nexmark q5): each input window lies in one tumbling window of the slide.
SELECT c.page, c.ws, c.we, c.n
FROM (SELECT page, window_start AS ws, window_end AS we, COUNT(*) AS n
      FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
      GROUP BY page, window_start, window_end) c
JOIN (SELECT ws, we, MAX(n) AS maxn
      FROM (SELECT page, window_start AS ws, window_end AS we, COUNT(*) AS n
            FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
            GROUP BY page, window_start, window_end)
      GROUP BY ws, we) m
  ON c.ws = m.ws AND c.we = m.we AND c.n >= m.maxn
ORDER BY c.ws, c.page;

