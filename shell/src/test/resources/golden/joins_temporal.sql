-- Temporal joins: each order joins the rate valid at its event time, the latest version of its
-- currency at or before it. Versions change mid-stream and arrive out of order (EUR 1.08 at
-- 10:03 after EUR 1.12 at 10:05), orders arrive out of order too (4 before 3), a NULL key
-- never matches, and GBP has no version yet when order 5 is placed.
CREATE TABLE orders (order_id INT, currency STRING, amount INT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' MINUTE)
WITH ('connector' = 'file', 'path' = 'data/temporal_orders.csv', 'format' = 'csv', 'csv.header' = 'true',
      'csv.null-literal' = 'NULL',
      'batch.size' = '2');

CREATE TABLE rates (currency STRING, rate DECIMAL(5, 2), ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' MINUTE,
  PRIMARY KEY (currency) NOT ENFORCED)
WITH ('connector' = 'file', 'path' = 'data/temporal_rates.csv', 'format' = 'csv', 'csv.header' = 'true',
      'csv.null-literal' = 'NULL',
      'batch.size' = '2');

EXPLAIN SELECT o.order_id, o.amount * r.rate AS converted
FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

SELECT o.order_id, o.currency, o.amount * r.rate AS converted, r.ts AS rate_since
FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency
ORDER BY o.order_id;

-- LEFT: orders without a valid version (no version yet, NULL key, unknown currency) keep NULLs.
SELECT o.order_id, o.currency, r.rate
FROM orders o LEFT JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency
ORDER BY o.order_id;

-- A further condition applies to the version chosen: order 1's rate 1.10 fails it, and is not
-- replaced by another version.
SELECT o.order_id, r.rate
FROM orders o LEFT JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency AND r.rate > 1.10
ORDER BY o.order_id;
