-- ROW_NUMBER() runs only as a window Top-N: one partitioned by a key but not by the window is
-- refused (the other Top-N errors are in WindowTopNPlanningTest).
CREATE TABLE bids (auction BIGINT, bidder BIGINT, price BIGINT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '3' SECOND)
WITH ('connector' = 'file', 'path' = 'data/topn_bids.csv', 'format' = 'csv', 'csv.header' = 'true',
      'csv.null-literal' = 'NULL');

SELECT * FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rn FROM bids)
WHERE rn <= 3;

