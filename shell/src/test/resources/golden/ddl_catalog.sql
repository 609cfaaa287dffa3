-- Tables, views, models, SHOW, DESCRIBE, DROP, SET and RESET.
-- checkpoints: off (SET lists the session options, which the checkpoint run presets)
CREATE TABLE bids (
  auction BIGINT NOT NULL,
  price BIGINT,
  channel STRING,
  date_time TIMESTAMP(3),
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND,
  PRIMARY KEY (auction) NOT ENFORCED
) WITH ('connector' = 'datagen', 'number-of-rows' = '10');
CREATE TABLE IF NOT EXISTS bids (x INT) WITH ('connector' = 'datagen');
CREATE VIEW cheap AS SELECT auction, price FROM bids WHERE price < 100;
CREATE MODEL fraud WITH ('type' = 'logistic_regression', 'weights' = '[0.8, -0.1]', 'intercept' = '-4.2');
SHOW TABLES;
SHOW VIEWS;
SHOW MODELS;
DESCRIBE bids;
DESCRIBE cheap;
SET 'parallelism' = '2';
SET;
RESET 'parallelism';
DROP VIEW cheap;
DROP VIEW IF EXISTS cheap;
DROP MODEL fraud;
SHOW VIEWS;
DROP TABLE nothing_here;
