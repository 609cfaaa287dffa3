-- Regular joins over bounded inputs: inner, outer (NULL-padded at end of input), semi and
-- anti joins from IN/EXISTS, residual conditions, and NULL keys that never match.
CREATE TABLE orders (
  order_id BIGINT,
  customer STRING,
  amount DECIMAL(10, 2),
  status STRING,
  ts TIMESTAMP(3)
) WITH ('connector' = 'file', 'path' = 'data/orders.csv', 'format' = 'csv', 'csv.header' = 'true');

CREATE TABLE customers (name STRING, city STRING, tier STRING)
WITH ('connector' = 'file', 'path' = 'data/customers.csv', 'format' = 'csv', 'csv.header' = 'true');

SELECT o.order_id, c.name, c.city FROM orders o JOIN customers c ON o.customer = c.name ORDER BY o.order_id;

SELECT o.order_id, o.customer, c.city FROM orders o LEFT JOIN customers c ON o.customer = c.name ORDER BY o.order_id;

SELECT c.name, c.city, o.order_id FROM orders o RIGHT JOIN customers c ON o.customer = c.name
ORDER BY c.name NULLS FIRST, o.order_id;

SELECT o.order_id, c.name FROM orders o FULL JOIN customers c ON o.customer = c.name AND o.amount > 10
ORDER BY o.order_id NULLS LAST, c.name NULLS FIRST;

-- A residual condition across both sides.
SELECT o.order_id, c.tier FROM orders o JOIN customers c
  ON o.customer = c.name AND (c.tier = 'gold' OR o.amount < 8)
ORDER BY o.order_id;

-- NULL keys never match, not even each other.
SELECT a.k, b.k FROM (VALUES (1), (CAST(NULL AS INT)), (2)) AS a(k)
FULL JOIN (VALUES (CAST(NULL AS INT)), (2), (3)) AS b(k) ON a.k = b.k
ORDER BY a.k NULLS FIRST, b.k NULLS FIRST;

-- IN and EXISTS become semi joins, NOT EXISTS an anti join.
SELECT order_id FROM orders WHERE customer IN (SELECT name FROM customers WHERE tier = 'gold') ORDER BY order_id;

SELECT name FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer = c.name AND o.status = 'paid')
ORDER BY name;

SELECT name FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer = c.name)
ORDER BY name NULLS FIRST;

-- Keys of different integer types are cast below the join and still hash.
SELECT a.x, b.y FROM (VALUES (CAST(1 AS INT)), (2)) AS a(x) JOIN (VALUES (CAST(2 AS BIGINT)), (3)) AS b(y) ON a.x = b.y;

EXPLAIN SELECT o.order_id, c.city FROM orders o LEFT JOIN customers c ON o.customer = c.name AND o.amount > c.city;

-- Over unbounded inputs a left join is a changelog and its state grows without bound.
CREATE TABLE clicks (user_id INT, url STRING) WITH ('connector' = 'datagen', 'fields.user_id.max' = '10');
CREATE TABLE users (id INT, name STRING) WITH ('connector' = 'datagen', 'fields.id.max' = '10');
EXPLAIN SELECT c.url, u.name FROM clicks c LEFT JOIN users u ON c.user_id = u.id;
