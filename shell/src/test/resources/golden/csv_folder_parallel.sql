-- A folder of CSV files read one file per parallel split; the results do not depend on
-- the number of readers.
CREATE TABLE orders (
  order_id BIGINT,
  customer STRING,
  amount DECIMAL(10, 2),
  status STRING,
  ts TIMESTAMP(3)
) WITH ('connector' = 'file', 'path' = 'data/orders_parts', 'format' = 'csv');

SELECT status, COUNT(*) AS orders, SUM(amount) AS total FROM orders GROUP BY status ORDER BY status;

SELECT order_id, customer FROM orders WHERE amount > 5 ORDER BY order_id;

SELECT COUNT(*) AS orders, MAX(ts) AS last_order FROM orders;
