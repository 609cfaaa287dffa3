-- The foundation issue's first example: a projection over literal rows.
SELECT x * 2 FROM (VALUES 1, 2, 3, 4, 5) AS t(x);
