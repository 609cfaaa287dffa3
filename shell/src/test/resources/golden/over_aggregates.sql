-- OVER aggregates per card in event time. Rows arrive out of order within the 2-minute
-- watermark delay (10:02 before 10:01, 10:09 before 10:08:30); each is emitted in time order
-- with the aggregates of its frame. Two rows of c1 share 10:11: RANGE frames include both.
CREATE TABLE payments (card STRING, amount BIGINT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' MINUTE)
WITH ('connector' = 'file', 'path' = 'data/payments.csv', 'format' = 'csv', 'csv.header' = 'true',
      'batch.size' = '1');

SELECT card, amount, ts,
  COUNT(*) OVER w AS n, SUM(amount) OVER w AS total, AVG(amount) OVER w AS average,
  MIN(amount) OVER w AS smallest, MAX(amount) OVER w AS largest
FROM payments
WINDOW w AS (PARTITION BY card ORDER BY ts RANGE BETWEEN INTERVAL '10' MINUTE PRECEDING AND CURRENT ROW)
ORDER BY card, ts, amount;

-- ROWS frames count rows: the row and the two before it, in time order. Rows of equal time
-- follow arrival order, which parallel readers may interleave, so the tie at 10:11 is left out.
SELECT card, amount, ts,
  SUM(amount) OVER (PARTITION BY card ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS last3
FROM payments
WHERE amount <> 70
ORDER BY card, ts, amount;

EXPLAIN SELECT card, AVG(amount) OVER (PARTITION BY card ORDER BY ts
  RANGE BETWEEN INTERVAL '10' MINUTE PRECEDING AND CURRENT ROW) AS average
FROM payments;
