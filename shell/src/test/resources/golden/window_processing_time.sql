-- Processing-time windows: a computed column `pt AS PROCTIME()` is the wall clock when a row is
-- read, and windows over it are assigned and fired by the wall clock (a timer), so they need no
-- WATERMARK. Which window a row lands in depends on when it is read, so the checks here are
-- independent of timing: every row is in exactly one TUMBLE window, and over a bounded source
-- every window still open fires at the end.
CREATE TABLE numbers (
  id BIGINT,
  bucket INT,
  pt AS PROCTIME()
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '5000',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '5000',
  'fields.bucket.kind' = 'random', 'fields.bucket.min' = '0', 'fields.bucket.max' = '3',
  'seed' = '7'
);

DESCRIBE numbers;

EXPLAIN SELECT bucket, window_start, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE numbers, DESCRIPTOR(pt), INTERVAL '1' SECOND)) GROUP BY bucket, window_start, window_end;

SELECT SUM(n) AS total_rows, SUM(ids) AS total_ids, MIN(window_ok) AS windows_are_one_second
FROM (
  SELECT COUNT(*) AS n, SUM(id) AS ids,
         CASE WHEN window_end = window_start + INTERVAL '1' SECOND THEN 1 ELSE 0 END AS window_ok
  FROM TABLE(TUMBLE(TABLE numbers, DESCRIPTOR(pt), INTERVAL '1' SECOND))
  GROUP BY bucket, window_start, window_end
);

-- The group-window form works the same way; HOP puts every row in size / slide windows.
SELECT SUM(n) AS total_rows
FROM (SELECT COUNT(*) AS n FROM numbers GROUP BY TUMBLE(pt, INTERVAL '1' MINUTE), bucket);
SELECT SUM(n) AS row_windows
FROM (SELECT COUNT(*) AS n FROM TABLE(HOP(TABLE numbers, DESCRIPTOR(pt), INTERVAL '1' SECOND, INTERVAL '3' SECOND))
      GROUP BY window_start, window_end);

-- Sessions need event time.
SELECT COUNT(*) FROM TABLE(SESSION(TABLE numbers PARTITION BY bucket, DESCRIPTOR(pt), INTERVAL '1' SECOND))
GROUP BY bucket, window_start, window_end;
