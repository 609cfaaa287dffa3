CREATE TABLE payments (card STRING, amount BIGINT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' MINUTE)
WITH ('connector' = 'file', 'path' = 'data/payments.csv', 'format' = 'csv', 'csv.header' = 'true');

-- The default frame (RANGE UNBOUNDED PRECEDING) would keep every row: refused with the frames that work.
SELECT SUM(amount) OVER (PARTITION BY card ORDER BY ts) FROM payments;
