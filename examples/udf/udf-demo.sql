-- Registers the example functions from the jar `mvn package` builds (relative to this script).
CREATE FUNCTION slugify AS 'com.example.udf.Slugify' USING JAR 'target/sluice-udf-example-1.0.jar';
CREATE FUNCTION celsius AS 'com.example.udf.Celsius' USING JAR 'target/sluice-udf-example-1.0.jar';
CREATE FUNCTION clamp AS 'com.example.udf.Clamp' USING JAR 'target/sluice-udf-example-1.0.jar';

SHOW FUNCTIONS;
DESCRIBE FUNCTION clamp;

SELECT title, slugify(title) AS slug, celsius(temp_f) AS temp_c, clamp(score, 0, 10) AS score
FROM (VALUES ('Hello, World!', 212.0E0, 12), ('Crème Brûlée', 32.0E0, -3)) AS t(title, temp_f, score);
