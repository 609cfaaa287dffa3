-- Window Top-N over out-of-order bids (3 s watermark delay, one row per batch): ties on the
-- price rank by the remaining columns, NULL prices sort as the smallest value, the row at
-- 10:00:08 arrives after rows of the next window, and the bid at 10:00:05 is too late. Which rows
-- are late depends on how the file is split between readers, so this runs at parallelism 1.
-- parallelism: 1
CREATE TABLE bids (auction BIGINT, bidder BIGINT, price BIGINT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '3' SECOND)
WITH ('connector' = 'file', 'path' = 'data/topn_bids.csv', 'format' = 'csv', 'csv.header' = 'true',
      'csv.null-literal' = 'NULL', 'batch.size' = '1');

EXPLAIN SELECT * FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rn
  FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)))
WHERE rn <= 3;

-- The three highest bids of each window.
SELECT window_start, window_end, auction, bidder, price, rn FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rn
  FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)))
WHERE rn <= 3
ORDER BY window_start, rn;

-- The best bid per auction and window (rn = 1); the rank column is not selected.
SELECT window_start, auction, bidder, price FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, auction ORDER BY price DESC, bidder) AS rn
  FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)))
WHERE rn = 1
ORDER BY window_start, auction;

-- The two lowest prices per window (rn < 3): NULLs first when ascending.
SELECT window_start, bidder, price, rn FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price) AS rn
  FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)))
WHERE rn < 3
ORDER BY window_start, rn;

-- Nexmark q5 style: the auction with the most bids in each 10 s window sliding by 5 s, over a
-- window aggregate (HOP); ties on the count go to the smaller auction id.
EXPLAIN SELECT window_start, window_end, auction, num FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY num DESC, auction) AS rn
  FROM (SELECT auction, window_start, window_end, COUNT(*) AS num
        FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
        GROUP BY auction, window_start, window_end))
WHERE rn <= 1;

SELECT window_start, window_end, auction, num FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY num DESC, auction) AS rn
  FROM (SELECT auction, window_start, window_end, COUNT(*) AS num
        FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
        GROUP BY auction, window_start, window_end))
WHERE rn <= 1
ORDER BY window_start;

-- Nexmark q7 style: the highest bid per window with a filter on the ranked rows.
SELECT window_start, auction, price FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rn
  FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)))
WHERE rn <= 2 AND auction <> 2
ORDER BY window_start, price DESC;
