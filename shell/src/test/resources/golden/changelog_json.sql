-- format: json
-- parallelism: 1
-- (one pipeline: the changelog steps below depend on how rows are batched)
-- In JSON, a changelog row's kind is the first member, "op".
SET 'execution.runtime-mode' = 'streaming';
CREATE TABLE orders (order_id BIGINT, customer STRING, amount DECIMAL(10, 2), status STRING, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'data/orders.csv', 'format' = 'csv', 'csv.header' = 'true',
  'batch.size' = '4');

SELECT status, COUNT(*) AS n, SUM(amount) AS total FROM orders GROUP BY status;
