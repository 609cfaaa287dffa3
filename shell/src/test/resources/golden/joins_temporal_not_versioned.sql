-- A temporal join on event time needs a versioned table: a primary key and a watermark.
CREATE TABLE orders (order_id INT, currency STRING, amount INT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' MINUTE)
WITH ('connector' = 'file', 'path' = 'data/temporal_orders.csv', 'format' = 'csv', 'csv.header' = 'true');

CREATE TABLE rates (currency STRING, rate DECIMAL(5, 2), ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'data/temporal_rates.csv', 'format' = 'csv', 'csv.header' = 'true');

SELECT o.order_id, r.rate
FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;
