-- JSON lines from a glob: missing fields are NULL, a nested object lands in a VARCHAR column
-- as its JSON text, and bad records (a wrong type, truncated JSON) go to a dead-letter file
-- table that SQL reads back.
CREATE TABLE dead (source VARCHAR, location VARCHAR, reason VARCHAR, payload VARCHAR, failed_at TIMESTAMP(3))
  WITH ('connector' = 'file', 'path' = '../../../../target/golden-out/dead', 'format' = 'json');
CREATE TABLE events (id BIGINT, name VARCHAR, amount DOUBLE, ts TIMESTAMP(3), extra VARCHAR)
  WITH ('connector' = 'file', 'path' = 'data/events/*.json', 'format' = 'json',
        'errors' = 'dead-letter', 'dead-letter.table' = 'dead');
SELECT id, name, amount, ts, extra FROM events ORDER BY id;
SELECT reason, payload FROM dead ORDER BY location;
CREATE TABLE strict_events (id BIGINT, amount DOUBLE) WITH ('connector' = 'file', 'path' = 'data/events/a.json', 'format' = 'json');
SELECT SUM(amount) FROM strict_events;
