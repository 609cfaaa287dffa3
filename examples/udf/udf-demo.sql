-- Registers the example functions from the jar `mvn package` builds (relative to this script).
CREATE FUNCTION slugify AS 'com.example.udf.Slugify' USING JAR 'target/sluice-udf-example-1.0.jar';
CREATE FUNCTION celsius AS 'com.example.udf.Celsius' USING JAR 'target/sluice-udf-example-1.0.jar';
CREATE FUNCTION clamp AS 'com.example.udf.Clamp' USING JAR 'target/sluice-udf-example-1.0.jar';

SHOW FUNCTIONS;
DESCRIBE FUNCTION clamp;

SELECT title, slugify(title) AS slug, celsius(temp_f) AS temp_c, clamp(score, 0, 10) AS score
FROM (VALUES ('Hello, World!', 212.0E0, 12), ('Crème Brûlée', 32.0E0, -3)) AS t(title, temp_f, score);

-- An aggregate function (AggregateFunction: accumulate, retract, merge, getValue) and a table
-- function (TableFunction: eval emits rows with collect) from the same jar.
CREATE FUNCTION median AS 'com.example.udf.Median' USING JAR 'target/sluice-udf-example-1.0.jar';
CREATE FUNCTION words AS 'com.example.udf.Words' USING JAR 'target/sluice-udf-example-1.0.jar';

CREATE TABLE reviews (product STRING, stars DOUBLE, text STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'file', 'path' = 'data/reviews.csv', 'format' = 'csv', 'csv.header' = 'true');

SELECT product, median(stars) AS median_stars, COUNT(*) AS reviews FROM reviews GROUP BY product ORDER BY product;

-- Per minute: the window's slices are merged with merge().
SELECT window_start, product, median(stars) AS median_stars
FROM TABLE(TUMBLE(TABLE reviews, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, product;

SELECT w.word, COUNT(*) AS uses, median(r.stars) AS median_stars
FROM reviews AS r, LATERAL TABLE(words(r.text)) AS w(word, pos)
GROUP BY w.word HAVING COUNT(*) > 1 ORDER BY uses DESC, w.word;

-- LEFT JOIN LATERAL ... ON TRUE keeps reviews without words, with NULL word columns.
SELECT r.product, r.stars, w.word FROM reviews AS r
LEFT JOIN LATERAL TABLE(words(r.text)) AS w(word, pos) ON TRUE
WHERE w.pos IS NULL OR w.pos = 1;
