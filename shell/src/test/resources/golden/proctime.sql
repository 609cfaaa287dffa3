-- PROCTIME() is the processing-time attribute: the wall clock when a row is processed, TIMESTAMP(3).
CREATE TABLE orders (order_id BIGINT, customer STRING, amount DECIMAL(10, 2), status STRING, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'data/orders.csv', 'format' = 'csv', 'csv.header' = 'true');

SELECT order_id, PROCTIME() > TIMESTAMP '2024-01-01 00:00:00' AS after_2024, PROCTIME() IS NULL AS missing
FROM orders WHERE order_id < 3;

-- A processing-time expression as a grouping key.
SELECT CAST(PROCTIME() AS DATE) >= DATE '2024-01-01' AS recent, COUNT(*) AS n
FROM orders GROUP BY CAST(PROCTIME() AS DATE) >= DATE '2024-01-01';
