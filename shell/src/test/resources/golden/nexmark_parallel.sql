-- The nexmark generator, split between parallel readers: counts, a keyed aggregate behind a
-- hash exchange, a global aggregate and a sort behind gathers, and a LIMIT.
CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING,
  date_time TIMESTAMP(3), extra STRING,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND)
WITH ('connector' = 'nexmark', 'nexmark.table' = 'bid', 'nexmark.events' = '20000',
      'nexmark.event-rate' = '200', 'nexmark.seed' = '7', 'batch.size' = '500');
CREATE TABLE person (id BIGINT, name STRING, state STRING, date_time TIMESTAMP(3))
WITH ('connector' = 'nexmark', 'nexmark.table' = 'person', 'nexmark.events' = '20000', 'nexmark.seed' = '7');

SELECT COUNT(*) AS bids, COUNT(DISTINCT auction) AS auctions, MIN(date_time) AS first_bid, MAX(date_time) AS last_bid,
  SUM(price) AS volume
FROM bid;

SELECT auction, COUNT(*) AS num, MAX(price) AS top
FROM bid
GROUP BY auction
ORDER BY num DESC, auction
LIMIT 5;

SELECT COUNT(*) AS persons, MIN(id) AS first_id, MAX(id) AS last_id FROM person;

SELECT id, name, state FROM person WHERE id < 1003 ORDER BY id;

CREATE TABLE bad (id BIGINT) WITH ('connector' = 'nexmark', 'nexmark.table' = 'people');
SELECT id FROM bad;
