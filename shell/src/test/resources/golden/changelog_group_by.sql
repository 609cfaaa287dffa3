-- parallelism: 1
-- (one pipeline: the changelog steps below depend on how rows are batched)
-- A GROUP BY over a stream is a continuous aggregation: its result is a changelog
-- (+I, -U, +U, -D) printed with a leading op column. The file is read as a stream in
-- the session's streaming runtime mode; it is read in batches of three rows, and each batch changes
-- each group at most once (one -U/+U pair per group per batch).
SET 'execution.runtime-mode' = 'streaming';
CREATE TABLE orders (order_id BIGINT, customer STRING, amount DECIMAL(10, 2), status STRING, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'data/orders.csv', 'format' = 'csv', 'csv.header' = 'true',
  'batch.size' = '3');

SELECT customer, COUNT(*) AS orders, SUM(amount) AS total, MIN(amount) AS smallest, MAX(status) AS last_status,
  AVG(amount) AS average
FROM orders GROUP BY customer;

-- Filters and projections apply to every change row, passing its kind through.
SELECT status, COUNT(*) AS n FROM orders WHERE amount > 5 GROUP BY status;

-- A GROUP BY over a GROUP BY retracts: a customer moving from 1 to 2 orders leaves group 1 (-U or -D)
-- and joins group 2.
SELECT orders, COUNT(*) AS customers, MAX(customer) AS any_customer
FROM (SELECT customer, COUNT(*) AS orders FROM orders GROUP BY customer)
GROUP BY orders;

-- UNION ALL of a changelog and an append-only input is a changelog; the appended rows are inserts.
SELECT customer, COUNT(*) AS n FROM orders WHERE status = 'paid' GROUP BY customer
UNION ALL
SELECT 'nobody', CAST(0 AS BIGINT);

-- A changelog cannot go into an append-only table.
CREATE TABLE counts (customer STRING, n BIGINT) WITH ('connector' = 'file', 'path' = 'out/counts.csv');
INSERT INTO counts SELECT customer, COUNT(*) FROM orders GROUP BY customer;
