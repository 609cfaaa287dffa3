-- Statements before a malformed one run; the malformed one stops the script; none after it run.
SELECT 'first' AS step;

SELECT 1 +
  FROM (VALUES 1) AS t(x);

SELECT 'after' AS step;
