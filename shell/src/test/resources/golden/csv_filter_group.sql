-- A CSV file with a header, read with a filter, a projection and a GROUP BY.
CREATE TABLE orders (
  order_id BIGINT,
  customer STRING,
  amount DECIMAL(10, 2),
  status STRING,
  ts TIMESTAMP(3)
) WITH ('connector' = 'file', 'path' = 'data/orders.csv', 'format' = 'csv', 'csv.header' = 'true');

SELECT customer, COUNT(*) AS orders, SUM(amount) AS total, MAX(ts) AS last_order
FROM orders
WHERE status = 'paid'
GROUP BY customer
ORDER BY total DESC;

SELECT order_id, UPPER(customer) AS who, amount * 2 AS doubled, amount IS NULL AS missing
FROM orders
WHERE order_id > 3;
