-- EXPLAIN prints the optimised logical plan and the physical plan.
CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING,
  date_time TIMESTAMP(3), extra STRING)
WITH ('connector' = 'file', 'path' = 'data/orders.csv', 'format' = 'csv');

EXPLAIN SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0;

EXPLAIN SELECT channel, COUNT(*) AS n, AVG(price) AS avg_price FROM bid WHERE 1 + 1 = 2 GROUP BY channel;
