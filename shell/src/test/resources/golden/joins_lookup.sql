-- Lookup joins: FOR SYSTEM_TIME AS OF a processing-time attribute (PROCTIME()) joins each row
-- with the current content of a file-backed table, read into a hash table on the join keys:
-- a row joins every table row with its key (customer 2 has two), as a join with the table would;
-- rows with a NULL key are never found.
CREATE TABLE orders (order_id BIGINT, customer STRING, amount DECIMAL(10, 2), status STRING, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'data/orders.csv', 'format' = 'csv', 'csv.header' = 'true');

CREATE TABLE customers (id BIGINT, name STRING, tier STRING)
WITH ('connector' = 'file', 'path' = 'data/lookup_customers.csv', 'format' = 'csv', 'csv.header' = 'true',
      'lookup.refresh-interval' = '1 min');

EXPLAIN SELECT o.order_id, c.name
FROM (SELECT *, PROCTIME() AS proc_time FROM orders) o
JOIN customers FOR SYSTEM_TIME AS OF o.proc_time AS c ON o.order_id = c.id;

SELECT o.order_id, c.name, c.tier
FROM (SELECT *, PROCTIME() AS proc_time FROM orders) o
JOIN customers FOR SYSTEM_TIME AS OF o.proc_time AS c ON o.order_id = c.id
ORDER BY o.order_id, c.tier;

SELECT o.order_id, c.name
FROM orders o LEFT JOIN customers FOR SYSTEM_TIME AS OF PROCTIME() AS c
  ON o.order_id = c.id AND c.tier <> 'bronze'
ORDER BY o.order_id;
