-- parallelism: 1
-- (one instance: with more, each instance's output is in event-time order, but they interleave)
-- Temporal joins read as streams: the tables of joins_temporal.sql.
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

-- Read as streams, orders leave once the watermark of both inputs passes their time, so the
-- append-only output comes in event-time order (order 4 before order 3).
SET 'execution.runtime-mode' = 'streaming';
SELECT o.order_id, o.ts, r.rate
FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;
