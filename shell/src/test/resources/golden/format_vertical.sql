-- format: vertical
-- parallelism: 1
-- (one pipeline: the changelog steps below depend on how rows are batched)
-- One 'column: value' line per field, values aligned; NULL prints as <NULL>. A changelog
-- row's kind is its first field, op. SHOW and DESCRIBE print the same way.
SELECT id, name, score FROM (VALUES (1, 'ada', 9.5), (2, CAST(NULL AS VARCHAR), 7.25)) AS t(id, name, score);

SET 'execution.runtime-mode' = 'streaming';
CREATE TABLE orders (order_id BIGINT, customer STRING, amount DECIMAL(10, 2), status STRING, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'data/orders.csv', 'format' = 'csv', 'csv.header' = 'true',
  'batch.size' = '4');
DESCRIBE orders;
SELECT status, COUNT(*) AS n FROM orders WHERE status <> 'pending' GROUP BY status;
