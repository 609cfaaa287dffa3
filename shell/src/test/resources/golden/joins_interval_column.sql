-- parallelism: 1
-- (one pipeline: which rows are late depends on when watermarks overtake rows)
-- Interval joins whose upper bound is a column of the other row, as in Nexmark q4: a bid
-- counts for an auction when placed between the auction's start and its `expires` (both
-- inclusive). Bid 2/8 comes after auction 2 expired, 1/20 after auction 1 expired; auction 5
-- has no expiry (NULL), so nothing can be placed within it; auction 6 does not exist.
CREATE TABLE auctions (id BIGINT, category BIGINT, ts TIMESTAMP(3), expires TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'file', 'path' = 'data/expiring_auctions.csv', 'format' = 'csv', 'csv.header' = 'true',
      'batch.size' = '2');

CREATE TABLE bids (auction BIGINT, price BIGINT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'file', 'path' = 'data/expiring_bids.csv', 'format' = 'csv', 'csv.header' = 'true',
      'batch.size' = '2');

-- Bids leave the state once the watermark passes their time (no later auction can start
-- before them), auctions once it passes their expiry.
EXPLAIN SELECT a.id, b.price FROM auctions a JOIN bids b
  ON a.id = b.auction WHERE b.ts BETWEEN a.ts AND a.expires;

SELECT a.id, b.price, b.ts FROM auctions a JOIN bids b
  ON a.id = b.auction WHERE b.ts BETWEEN a.ts AND a.expires
ORDER BY a.id, b.ts;

-- Nexmark q4's shape: the final price per auction, then its average per category.
SELECT w.category, AVG(w.final_price) AS avg_price, COUNT(*) AS auctions
FROM (
  SELECT a.id, a.category, MAX(b.price) AS final_price
  FROM auctions a JOIN bids b ON a.id = b.auction
  WHERE b.ts BETWEEN a.ts AND a.expires
  GROUP BY a.id, a.category) w
GROUP BY w.category
ORDER BY w.category;

-- The bound written the other way round (expires >= ts) and a strict lower bound, which
-- stays in the condition: the bid at the auction's very start no longer counts.
SELECT a.id, b.price FROM auctions a JOIN bids b
  ON a.id = b.auction AND a.expires >= b.ts AND b.ts > a.ts
ORDER BY a.id, b.price;

-- Without the lower bound a bid could meet any later auction: it stays a regular join.
EXPLAIN SELECT a.id, b.price FROM auctions a JOIN bids b
  ON a.id = b.auction AND b.ts <= a.expires;

-- Read as streams: matches come at once; auctions without a bid are NULL-padded when they
-- leave the state: auction 5 (no expiry) at the next watermark, auction 4 once the watermark
-- passes its expiry at 25 s.
SET 'execution.runtime-mode' = 'streaming';
SELECT a.id, b.price FROM auctions a LEFT JOIN bids b
  ON a.id = b.auction AND b.ts BETWEEN a.ts AND a.expires;
