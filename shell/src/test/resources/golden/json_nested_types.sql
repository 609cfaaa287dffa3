-- ROW and ARRAY columns from JSON: nested objects fill ROW columns (missing fields and JSON
-- nulls are NULL, unknown fields are ignored), arrays fill ARRAY columns. Fields are read
-- through the table name or alias (p.address.city), elements by 1-based index (out of range
-- is NULL), CARDINALITY counts them, and whole columns pass through filters, joins and sorts.
CREATE TABLE people (
  id BIGINT, name VARCHAR,
  address ROW<city VARCHAR, zip INT, geo ROW(lat DOUBLE, lon DOUBLE)>,
  scores ARRAY<INT>, tags ARRAY<STRING>
) WITH ('connector' = 'file', 'path' = 'data/nested/people.json', 'format' = 'json');
DESCRIBE people;
SELECT * FROM people ORDER BY id;
SELECT id, p.address.city, p.address.zip, p.address.geo.lat, p.address.geo, scores[1], scores[3], scores[0],
       tags[2], CARDINALITY(scores), CARDINALITY(tags)
FROM people p ORDER BY id;
SELECT id, name, address FROM people p WHERE p.address.zip > 100 OR scores[1] > 50 OR p.address.geo.lon < 0 ORDER BY id;
SELECT p.address.city, COUNT(*) AS people, SUM(CARDINALITY(scores)) AS scores FROM people p GROUP BY p.address.city ORDER BY 1;
SELECT a.id, b.id AS next_id, b.address, b.tags FROM people a JOIN people b ON a.id + 1 = b.id ORDER BY a.id;

-- Written back as JSON lines through a file sink, and read again as the same types.
CREATE TABLE people_out (id BIGINT, address ROW<city VARCHAR, zip INT, geo ROW(lat DOUBLE, lon DOUBLE)>,
  scores INT ARRAY, tags ARRAY<STRING>)
  WITH ('connector' = 'file', 'path' = '../../../../target/golden-out/nested_people', 'format' = 'json');
INSERT INTO people_out SELECT id, address, scores, tags FROM people WHERE id <> 4;
SELECT * FROM people_out ORDER BY id;
SELECT id, p.address.geo.lon, scores[2], tags[3] FROM people_out p ORDER BY id;

-- A nested value of the wrong type is a bad record under the table's policy; the reason
-- names the path inside the column.
CREATE TABLE bad_people (id BIGINT, address ROW<city VARCHAR, zip INT, geo ROW<lat DOUBLE>>, scores ARRAY<INT>)
  WITH ('connector' = 'file', 'path' = 'data/nested/bad.json', 'format' = 'json', 'errors' = 'skip');
SELECT id, address, scores FROM bad_people ORDER BY id;
CREATE TABLE strict_people (id BIGINT, address ROW<city VARCHAR, zip INT>, scores ARRAY<INT>)
  WITH ('connector' = 'file', 'path' = 'data/nested/bad.json', 'format' = 'json');
SELECT id, p.address.zip FROM strict_people p;
