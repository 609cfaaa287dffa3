package io.sluice.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlDateLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlTimeLiteral;
import org.apache.calcite.sql.SqlTimestampLiteral;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.util.Litmus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tests that Sluice's parser builds the same {@link SqlNode} trees as Calcite's own parser, compared through
 * their unparsed text, for queries both dialects accept.
 */
class CalciteOracleTest {
  private final SluiceParser parser = new SluiceParser();

  static Stream<String> queries() {
    return Stream.of(
        "SELECT 1",
        "SELECT a, b AS c, d e FROM t",
        "SELECT DISTINCT a FROM t",
        "SELECT ALL a FROM t",
        "SELECT * FROM t",
        "SELECT t.*, u.x FROM t, u",
        "SELECT a FROM cat.db.t AS x",
        "SELECT x.a FROM t AS x (a, b)",
        "SELECT a FROM (SELECT a FROM t) AS s",
        "SELECT * FROM t INNER JOIN u ON t.id = u.id",
        "SELECT * FROM t JOIN u ON t.id = u.id LEFT JOIN v ON v.k = u.k",
        "SELECT * FROM t LEFT OUTER JOIN u ON TRUE RIGHT JOIN v USING (k) FULL JOIN w ON w.a > t.a",
        "SELECT * FROM t CROSS JOIN u, v",
        "SELECT * FROM t, LATERAL TABLE(SPLIT(t.s)) AS x (word)",
        "SELECT * FROM t LEFT JOIN LATERAL TABLE(SPLIT(t.s)) AS x (word) ON TRUE",
        "SELECT * FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(date_time), INTERVAL '1' MINUTE))",
        "SELECT window_start, COUNT(*) FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '2' SECOND, "
            + "INTERVAL '10' SECOND)) GROUP BY window_start, window_end",
        "SELECT * FROM TABLE(SESSION(TABLE bids, DESCRIPTOR(ts), DESCRIPTOR(k), INTERVAL '5' MINUTE))",
        "SELECT * FROM TABLE(CUMULATE(DATA => TABLE bids, TIMECOL => DESCRIPTOR(ts), "
            + "STEP => INTERVAL '1' MINUTE, SIZE => INTERVAL '1' HOUR))",
        "SELECT * FROM orders AS o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.c = r.c",
        "WITH a AS (SELECT 1 AS x), b (y) AS (SELECT x FROM a) SELECT y FROM b",
        "SELECT a, COUNT(*) FROM t WHERE b > 1 GROUP BY a HAVING COUNT(*) > 2",
        "SELECT TUMBLE_START(ts, INTERVAL '1' HOUR), COUNT(*) FROM t GROUP BY TUMBLE(ts, INTERVAL '1' HOUR)",
        "SELECT a FROM t ORDER BY a DESC, b ASC NULLS FIRST, c DESC NULLS LAST",
        "SELECT a FROM t ORDER BY a LIMIT 10",
        "SELECT a FROM t ORDER BY a OFFSET 5 ROWS FETCH FIRST 3 ROWS ONLY",
        "SELECT a FROM t LIMIT 3 OFFSET 2",
        "SELECT a FROM t UNION ALL SELECT b FROM u",
        "SELECT a FROM t UNION SELECT b FROM u INTERSECT SELECT c FROM v",
        "SELECT a FROM t EXCEPT SELECT b FROM u UNION DISTINCT SELECT c FROM v",
        "(SELECT a FROM t UNION SELECT b FROM u) INTERSECT ALL SELECT c FROM v",
        "VALUES (1, 'a'), (2, 'b')",
        "VALUES 1, 2, 3",
        "SELECT a FROM t WHERE a = 1 OR b = 2 AND NOT c = 3",
        "SELECT a FROM t WHERE (a = 1 OR b = 2) AND c <> 3",
        "SELECT a + b * c - d / e, -a, +b, (a + b) * c FROM t",
        "SELECT a || b || 'x' FROM t",
        "SELECT a FROM t WHERE a IS NULL AND b IS NOT NULL AND c IS TRUE AND d IS NOT FALSE AND e IS UNKNOWN",
        "SELECT a FROM t WHERE a IS DISTINCT FROM b AND c IS NOT DISTINCT FROM d",
        "SELECT a FROM t WHERE a BETWEEN 1 AND 2 AND b NOT BETWEEN SYMMETRIC 3 AND 4",
        "SELECT a FROM t WHERE a IN (1, 2, 3) AND b NOT IN (SELECT b FROM u)",
        "SELECT a FROM t WHERE a LIKE 'x%' AND b NOT LIKE 'y!%' ESCAPE '!' AND c SIMILAR TO 'z+'",
        "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a)",
        "SELECT (SELECT MAX(b) FROM u) AS m FROM t",
        "SELECT CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END FROM t",
        "SELECT CASE WHEN a > 1 THEN 'big' END FROM t",
        "SELECT CAST(a AS BIGINT), CAST(b AS VARCHAR(10)), CAST(c AS DECIMAL(10, 2)), CAST(d AS TIMESTAMP(3)) FROM t",
        "SELECT CAST(a AS DOUBLE), CAST(b AS CHAR(3)), CAST(c AS DATE), CAST(d AS TIME), CAST(e AS BOOLEAN) FROM t",
        "SELECT EXTRACT(HOUR FROM ts), EXTRACT(YEAR FROM d) FROM t",
        "SELECT POSITION('a' IN s), SUBSTRING(s FROM 2 FOR 3), SUBSTRING(s, 2, 3), SUBSTRING(s FROM 2) FROM t",
        "SELECT TRIM(BOTH 'x' FROM s), TRIM(LEADING FROM s), TRIM(s), TRIM(TRAILING 'y' FROM s) FROM t",
        "SELECT FLOOR(ts TO HOUR), CEIL(ts TO DAY), FLOOR(x), CEIL(y) FROM t",
        "SELECT TIMESTAMPADD(MINUTE, 5, ts), TIMESTAMPDIFF(SECOND, a, b) FROM t",
        "SELECT CURRENT_TIMESTAMP, CURRENT_DATE, LOCALTIMESTAMP FROM t",
        "SELECT COUNT(*), COUNT(DISTINCT a), SUM(b) FILTER (WHERE b > 0) FROM t",
        "SELECT SUM(b) OVER (PARTITION BY a ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t",
        "SELECT AVG(b) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) FROM t",
        "SELECT SUM(b) OVER (PARTITION BY a ORDER BY ts ROWS 5 PRECEDING) FROM t",
        "SELECT SUM(b) OVER w, MAX(b) OVER w FROM t WINDOW w AS (PARTITION BY a ORDER BY ts)",
        "SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b DESC) AS rn FROM t",
        "SELECT 1, 1.5, 1e3, 2.5E-3, 'it''s', TRUE, FALSE, NULL",
        "SELECT INTERVAL '5' SECOND, INTERVAL '1:30' MINUTE TO SECOND, INTERVAL '2' DAY(3), INTERVAL '-1' YEAR",
        "SELECT INTERVAL '1 02:03:04.5' DAY TO SECOND(3), INTERVAL '1-2' YEAR TO MONTH, INTERVAL - '3' HOUR",
        "SELECT `select`, `a``b`, x.`Mixed Case` FROM `my table` AS x",
        "SELECT MyCol, MYFUNC(x), Other.Col FROM MyTable AS Other",
        "SELECT a[1], m['k'] FROM t",
        "SELECT * FROM t WHERE a = 1 /* block */ -- line\n AND b = 2",
        "SELECT a FROM t WHERE a % 2 = 0",
        "SELECT * FROM TABLE(SESSION(TABLE bids PARTITION BY k, DESCRIPTOR(ts), INTERVAL '5' MINUTE))",
        "SELECT * FROM TABLE(TUMBLE(TABLE bids PARTITION BY (a, b) ORDER BY ts, DESCRIPTOR(ts), INTERVAL '1' SECOND))",
        "SELECT * FROM UNNEST(ARRAY[1, 2]) AS u (x)",
        "SELECT * FROM t CROSS JOIN UNNEST(t.arr) WITH ORDINALITY AS u (x, i)",
        "WITH a AS (SELECT 1 AS x) SELECT x FROM a ORDER BY x LIMIT 1",
        "SELECT * FROM (SELECT a FROM t ORDER BY a LIMIT 5) AS s",
        "SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM u) AND NOT a > 1",
        "SELECT * FROM (t JOIN u ON t.a = u.a)",
        "SELECT a FROM t WHERE a = (SELECT MAX(a) FROM t) AND b IN (SELECT b FROM u UNION SELECT c FROM v)",
        "SELECT CAST(a AS TIMESTAMP(3) WITH LOCAL TIME ZONE), CAST(b AS FLOAT), CAST(c AS REAL) FROM t",
        "SELECT * FROM t WHERE a >= 1 AND b <= 2 AND c < 3 AND d > 4 AND e <> 5",
        "SELECT x.a FROM t AS x WHERE x.b NOT SIMILAR TO 'a' ESCAPE 'b'",
        "SELECT COUNT(*) OVER (ORDER BY ts ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) FROM t",
        "SELECT a FROM t GROUP BY a, b HAVING SUM(c) > 10 ORDER BY a");
  }

  @ParameterizedTest
  @MethodSource("queries")
  void matchesCalcite(String sql) throws SqlParseException {
    SqlNode expected = calcite(sql);
    SqlNode actual = sluice(sql);
    assertEquals(expected.toString(), actual.toString(), sql);
    // Same text can hide different trees (operators, literal types); compare the trees too.
    assertTrue(expected.equalsDeep(actual, Litmus.IGNORE), () -> sql + "\n" + explainDifference(expected, actual));
  }

  private static String explainDifference(SqlNode expected, SqlNode actual) {
    StringBuilder difference = new StringBuilder();
    expected.equalsDeep(actual, (message, args) -> {
      difference.append(org.slf4j.helpers.MessageFormatter.arrayFormat(message, args).getMessage());
      return false;
    });
    return difference.toString();
  }

  @Test
  void typesDatetimeLiteralsWhileParsing() throws SqlParseException {
    // Calcite's parser leaves these untyped (SqlUnknownLiteral) until validation; Sluice checks them at once.
    String sql = "SELECT DATE '2024-01-02', TIME '10:11:12', TIMESTAMP '2024-01-02 10:11:12.345'";
    SqlSelect select = (SqlSelect) sluice(sql);
    assertEquals(calcite(sql).toString(), select.toString());
    assertInstanceOf(SqlDateLiteral.class, select.getSelectList().get(0));
    assertInstanceOf(SqlTimeLiteral.class, select.getSelectList().get(1));
    assertInstanceOf(SqlTimestampLiteral.class, select.getSelectList().get(2));
  }

  @Test
  void upperCasesFunctionNames() throws SqlParseException {
    assertEquals(calcite("SELECT COUNT(*), MAX(a) FROM t").toString(),
        sluice("select count(*), max(a) from t").toString());
  }

  @Test
  void acceptsFlinkTypesAndIdentifiers() throws SqlParseException {
    assertEquals(calcite("SELECT CAST(a AS VARCHAR), CAST(b AS VARBINARY), CAST(c AS INTEGER) FROM t").toString(),
        sluice("SELECT CAST(a AS STRING), CAST(b AS BYTES), CAST(c AS INT) FROM t").toString());
    assertEquals(calcite("SELECT `date_time`, `name`, `value`, `count`, `type`, `comment`, `position`, `status`, "
            + "`timestamp`, `window_start` FROM t").toString(),
        sluice("SELECT date_time, name, value, count, type, comment, position, status, timestamp, window_start "
            + "FROM t").toString());
    assertEquals(calcite("SELECT `a\"b` FROM t").toString(), sluice("SELECT \"a\"\"b\" FROM t").toString());
  }

  @Test
  void acceptsBangEqualsAsNotEquals() throws SqlParseException {
    assertEquals(calcite("SELECT a FROM t WHERE a <> 1").toString(), sluice("SELECT a FROM t WHERE a != 1").toString());
  }

  private SqlNode sluice(String sql) {
    Statement statement = parser.parseStatement(sql);
    return assertInstanceOf(Statement.Query.class, statement).query();
  }

  private static SqlNode calcite(String sql) throws SqlParseException {
    SqlParser.Config config = SqlParser.config()
        .withUnquotedCasing(Casing.UNCHANGED)
        .withQuotedCasing(Casing.UNCHANGED)
        .withQuoting(Quoting.BACK_TICK)
        .withCaseSensitive(true)
        .withConformance(SqlConformanceEnum.LENIENT);
    return SqlParser.create(sql, config).parseQuery();
  }
}
