-- A bounded generator: a sequence and seeded random values, aggregated.
CREATE TABLE numbers (
  id BIGINT,
  bucket INT
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '1000',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '1000',
  'fields.bucket.kind' = 'random', 'fields.bucket.min' = '0', 'fields.bucket.max' = '3',
  'seed' = '42'
);

SELECT COUNT(*) AS n, SUM(id) AS total, MIN(id) AS lo, MAX(id) AS hi, COUNT(DISTINCT bucket) AS buckets
FROM numbers;

SELECT id FROM numbers WHERE MOD(id, 250) = 0;
