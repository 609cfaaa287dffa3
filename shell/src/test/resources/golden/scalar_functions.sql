-- Scalar functions with SQL three-valued logic.
SELECT
  UPPER('abc') AS up, LOWER('ABC') AS low, SUBSTRING('streaming' FROM 3 FOR 4) AS sub,
  TRIM('  x  ') AS trimmed, 'a' || 'b' AS cat, CHAR_LENGTH('héllo') AS len,
  POSITION('e' IN 'hello') AS pos, REPLACE('a-b-c', '-', '+') AS rep,
  'streaming' LIKE 'str%' AS liked;

SELECT ABS(-3) AS a, ROUND(2.567, 2) AS r, FLOOR(2.5) AS f, CEIL(2.1) AS c, POWER(2, 10) AS p,
  SQRT(16.0) AS s, MOD(17, 5) AS m, 7 / 2 AS int_div, 7.0 / 2 AS dec_div;

SELECT x, y, x AND y AS and_, x OR y AS or_, NOT x AS not_, x IS NULL AS x_null
FROM (VALUES (TRUE, CAST(NULL AS BOOLEAN)), (FALSE, CAST(NULL AS BOOLEAN)), (TRUE, FALSE)) AS t(x, y);

SELECT CASE WHEN v > 1 THEN 'big' WHEN v = 1 THEN 'one' ELSE 'small' END AS size,
  COALESCE(n, -1) AS filled, NULLIF(v, 1) AS not_one, CAST(v AS VARCHAR) || '!' AS shout,
  CAST('42' AS INT) + 1 AS parsed
FROM (VALUES (0, CAST(NULL AS INT)), (1, 5), (2, NULL)) AS t(v, n);

SELECT EXTRACT(YEAR FROM TIMESTAMP '2024-03-15 10:20:30') AS y,
  EXTRACT(HOUR FROM TIMESTAMP '2024-03-15 10:20:30') AS h,
  FLOOR(TIMESTAMP '2024-03-15 10:20:30' TO HOUR) AS floored,
  TIMESTAMPADD(DAY, 20, TIMESTAMP '2024-03-15 10:20:30') AS later,
  TIMESTAMPDIFF(MINUTE, TIMESTAMP '2024-03-15 10:00:00', TIMESTAMP '2024-03-15 12:30:00') AS mins,
  TIMESTAMP '2024-03-15 10:20:30' + INTERVAL '90' SECOND AS plus;
