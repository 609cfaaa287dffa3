-- EXPLAIN shows each physical operator's changelog mode: [I] appends, [I,UB,UA,D] is a changelog.
SET 'execution.runtime-mode' = 'streaming';
CREATE TABLE orders (order_id BIGINT, customer STRING, amount DECIMAL(10, 2), status STRING, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'data/orders.csv', 'format' = 'csv', 'csv.header' = 'true');

EXPLAIN SELECT orders, COUNT(*) AS customers
FROM (SELECT customer, COUNT(*) AS orders FROM orders WHERE amount > 1 GROUP BY customer)
WHERE orders < 10
GROUP BY orders;

-- The same query over a bounded table aggregates once, at the end of the input.
CREATE TABLE bounded_orders (order_id BIGINT, customer STRING, amount DECIMAL(10, 2), status STRING, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'data/orders.csv', 'format' = 'csv', 'csv.header' = 'true');

EXPLAIN SELECT orders, COUNT(*) AS customers
FROM (SELECT customer, COUNT(*) AS orders FROM bounded_orders GROUP BY customer)
GROUP BY orders;
