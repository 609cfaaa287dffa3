-- INSERT INTO a file table writes CSV; the file then reads back as a table.
CREATE TABLE orders (order_id BIGINT, customer STRING, amount DECIMAL(10, 2), status STRING, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'data/orders.csv', 'format' = 'csv', 'csv.header' = 'true');

CREATE TABLE big_orders (order_id BIGINT, customer STRING, amount DECIMAL(10, 2))
WITH ('connector' = 'file', 'path' = '../../../../target/golden-output/big_orders', 'format' = 'csv');

INSERT INTO big_orders SELECT order_id, customer, amount FROM orders WHERE amount >= 10;

SELECT * FROM big_orders ORDER BY order_id;
