CREATE TABLE orders (order_id BIGINT, price BIGINT)
WITH ('connector' = 'file', 'path' = 'data/orders.csv', 'format' = 'csv');

SELECT order_id,
       pirce
FROM orders;
