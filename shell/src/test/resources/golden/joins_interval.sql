-- parallelism: 1
-- (one pipeline: which rows are late depends on when watermarks overtake rows)
-- Interval joins: equal keys plus the right row's event time within bounds of the left's.
-- Shipments match an order when shipped between 5 minutes before and 1 minute after it
-- (bounds inclusive); order 2 ships too late, order 3 arrives out of order, NULL keys never
-- match, and outer joins pad exactly the rows that never found a partner.
CREATE TABLE orders (order_id INT, item STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE)
WITH ('connector' = 'file', 'path' = 'data/interval_orders.csv', 'format' = 'csv', 'csv.header' = 'true',
      'batch.size' = '2');

CREATE TABLE shipments (ship_id INT, order_id INT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE)
WITH ('connector' = 'file', 'path' = 'data/interval_shipments.csv', 'format' = 'csv', 'csv.header' = 'true',
      'batch.size' = '2');

EXPLAIN SELECT o.order_id, s.ship_id FROM orders o JOIN shipments s
  ON o.order_id = s.order_id AND s.ts BETWEEN o.ts - INTERVAL '5' MINUTE AND o.ts + INTERVAL '1' MINUTE;

SELECT o.order_id, o.item, s.ship_id, s.ts FROM orders o JOIN shipments s
  ON o.order_id = s.order_id AND s.ts BETWEEN o.ts - INTERVAL '5' MINUTE AND o.ts + INTERVAL '1' MINUTE
ORDER BY s.ship_id;

SELECT o.order_id, o.item, s.ship_id FROM orders o LEFT JOIN shipments s
  ON o.order_id = s.order_id AND s.ts BETWEEN o.ts - INTERVAL '5' MINUTE AND o.ts + INTERVAL '1' MINUTE
ORDER BY o.item, s.ship_id;

SELECT o.order_id, s.ship_id, s.order_id AS shipped_order FROM orders o RIGHT JOIN shipments s
  ON o.order_id = s.order_id AND s.ts BETWEEN o.ts - INTERVAL '5' MINUTE AND o.ts + INTERVAL '1' MINUTE
ORDER BY s.ship_id;

-- The >= / <= form, written from the other side, with a residual condition besides the bounds.
SELECT o.item, s.ship_id FROM orders o FULL JOIN shipments s
  ON s.order_id = o.order_id AND o.ts <= s.ts + INTERVAL '5' MINUTE AND o.ts >= s.ts - INTERVAL '1' MINUTE
  AND s.ship_id <> 105
ORDER BY o.item NULLS FIRST, s.ship_id NULLS FIRST;

-- Without an upper bound (or on columns that are not event-time attributes) it stays a regular join.
EXPLAIN SELECT o.order_id, s.ship_id FROM orders o JOIN shipments s
  ON o.order_id = s.order_id AND s.ts >= o.ts;

-- Read as streams, the output shows when rows leave: matches at once, NULL-padded orders only
-- once the watermark (of both inputs) has passed their time + 1 minute, the rest at the end.
SET 'execution.runtime-mode' = 'streaming';
SELECT o.order_id, o.item, s.ship_id FROM orders o LEFT JOIN shipments s
  ON o.order_id = s.order_id AND s.ts BETWEEN o.ts - INTERVAL '5' MINUTE AND o.ts + INTERVAL '1' MINUTE;
