-- Window lengths must be positive interval literals; the error points at the argument.
CREATE TABLE orders (order_id INT, customer STRING, amount DECIMAL(10, 2), status STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts)
WITH ('connector' = 'file', 'path' = 'data/orders.csv', 'format' = 'csv', 'csv.header' = 'true');

SELECT window_start, COUNT(*)
FROM TABLE(HOP(TABLE orders, DESCRIPTOR(ts), INTERVAL '0' MINUTE, INTERVAL '1' HOUR))
GROUP BY window_start, window_end;
