-- An endless stream of clicks from the generator: 20 a second, by five users, stamped with the
-- current time; the watermark trails the newest click by one second.
CREATE TABLE IF NOT EXISTS clicks (
  user_id INT,
  url     STRING,
  ts      TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '20',
  'fields.user_id.kind' = 'random', 'fields.user_id.min' = '1', 'fields.user_id.max' = '5',
  'fields.url.length' = '6'
);
