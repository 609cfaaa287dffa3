CREATE TABLE payments (card STRING, amount BIGINT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' MINUTE)
WITH ('connector' = 'file', 'path' = 'data/payments.csv', 'format' = 'csv', 'csv.header' = 'true');

-- An OVER window must ORDER BY the event-time attribute.
SELECT AVG(amount) OVER (PARTITION BY card ORDER BY amount ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM payments;
