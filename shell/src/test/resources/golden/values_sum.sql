-- A global aggregate over an expression.
SELECT SUM(x * x) FROM (VALUES 1, 2, 3, 4, 5) AS t(x);
