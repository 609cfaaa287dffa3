-- parallelism: 1
-- (one pipeline: which rows are late depends on when watermarks overtake rows)
-- Window joins: two inputs windowed alike and joined on equal window_end (and keys) keep
-- each window's rows only until the watermark passes its end, when outer rows are padded.
CREATE TABLE orders (order_id INT, item STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE)
WITH ('connector' = 'file', 'path' = 'data/interval_orders.csv', 'format' = 'csv', 'csv.header' = 'true',
      'batch.size' = '2');

CREATE TABLE shipments (ship_id INT, order_id INT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE)
WITH ('connector' = 'file', 'path' = 'data/interval_shipments.csv', 'format' = 'csv', 'csv.header' = 'true',
      'batch.size' = '2');

-- Two window aggregates joined on equal windows (as Nexmark q8). The shipment at 09:57 is
-- late for its window (the watermark is already 10:03) and dropped by the aggregation.
EXPLAIN SELECT o.order_id, o.ws, o.n, s.n
FROM (SELECT order_id, window_start AS ws, window_end AS we, COUNT(*) AS n
      FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
      GROUP BY order_id, window_start, window_end) o
JOIN (SELECT order_id, window_start AS ws, window_end AS we, COUNT(*) AS n
      FROM TABLE(TUMBLE(TABLE shipments, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
      GROUP BY order_id, window_start, window_end) s
ON o.order_id = s.order_id AND o.ws = s.ws AND o.we = s.we;

SELECT o.order_id, o.ws, o.n AS orders, s.order_id AS shipped_order, s.ws AS shipped_ws, s.n AS shipments
FROM (SELECT order_id, window_start AS ws, window_end AS we, COUNT(*) AS n
      FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
      GROUP BY order_id, window_start, window_end) o
FULL JOIN (SELECT order_id, window_start AS ws, window_end AS we, COUNT(*) AS n
      FROM TABLE(TUMBLE(TABLE shipments, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
      GROUP BY order_id, window_start, window_end) s
ON o.order_id = s.order_id AND o.ws = s.ws AND o.we = s.we
ORDER BY o.ws NULLS FIRST, o.order_id NULLS FIRST, s.ws, s.order_id NULLS FIRST;

-- Window TVFs joined directly, rows of the same window and key; read as streams, the left
-- rows without a partner come out when the watermark passes their window's end.
SET 'execution.runtime-mode' = 'streaming';
SELECT o.item, s.ship_id, o.window_start, o.window_end
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '5' MINUTE)) o
LEFT JOIN TABLE(TUMBLE(TABLE shipments, DESCRIPTOR(ts), INTERVAL '5' MINUTE)) s
ON o.order_id = s.order_id AND o.window_start = s.window_start AND o.window_end = s.window_end;
