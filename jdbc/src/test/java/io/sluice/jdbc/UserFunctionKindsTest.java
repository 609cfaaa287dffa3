package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User aggregate and table functions compiled from source into a jar and registered through SQL. */
class UserFunctionKindsTest {
  /** A weighted average whose accumulator is a plain Java object; retract makes it usable over changelogs. */
  private static final String WEIGHTED_AVG = """
      package com.acme;
      import io.sluice.udf.spi.AggregateFunction;
      public class WeightedAvg extends AggregateFunction<WeightedAvg.Acc, Double> {
        public static class Acc { double sum; long weight; }
        public Acc createAccumulator() { return new Acc(); }
        public void accumulate(Acc acc, double value, long weight) { acc.sum += value * weight; acc.weight += weight; }
        public void retract(Acc acc, double value, long weight) { acc.sum -= value * weight; acc.weight -= weight; }
        public void merge(Acc acc, Acc other) { acc.sum += other.sum; acc.weight += other.weight; }
        public Double getValue(Acc acc) { return acc.weight == 0 ? null : acc.sum / acc.weight; }
      }
      """;
  /** Concatenates strings in arrival order; no retract, so it refuses changelog input. */
  private static final String JOIN_ALL = """
      package com.acme;
      import io.sluice.udf.spi.AggregateFunction;
      public class JoinAll extends AggregateFunction<StringBuilder, String> {
        public StringBuilder createAccumulator() { return new StringBuilder(); }
        public void accumulate(StringBuilder acc, String s) {
          if (s != null) {
            acc.append(acc.length() == 0 ? "" : "+").append(s);
          }
        }
        public void merge(StringBuilder acc, StringBuilder other) {
          if (other.length() > 0) {
            acc.append(acc.length() == 0 ? "" : "+").append(other);
          }
        }
        public String getValue(StringBuilder acc) { return acc.toString(); }
      }
      """;
  /** A count and sum whose accumulator, a class of the jar, is Serializable: checkpoints can snapshot it. */
  private static final String TALLY = """
      package com.acme;
      import io.sluice.udf.spi.AggregateFunction;
      public class Tally extends AggregateFunction<Tally.Acc, String> {
        public static class Acc implements java.io.Serializable { long rows; double sum; }
        public Acc createAccumulator() { return new Acc(); }
        public void accumulate(Acc acc, double value) { acc.rows++; acc.sum += value; }
        public void merge(Acc acc, Acc other) { acc.rows += other.rows; acc.sum += other.sum; }
        public String getValue(Acc acc) { return acc.rows + ":" + acc.sum; }
      }
      """;
  private static final String NO_ACCUMULATE = """
      package com.acme;
      import io.sluice.udf.spi.AggregateFunction;
      public class NoAccumulate extends AggregateFunction<long[], Long> {
        public long[] createAccumulator() { return new long[1]; }
        public void merge(long[] acc, long[] other) { acc[0] += other[0]; }
        public Long getValue(long[] acc) { return acc[0]; }
      }
      """;
  /** Splits a line into words, one row (word, length) each. */
  private static final String SPLIT = """
      package com.acme;
      import io.sluice.udf.spi.TableFunction;
      public class Split extends TableFunction<Split.Word> {
        public record Word(String word, int length) {}
        public void eval(String line) {
          if (line == null) {
            return;
          }
          for (String word : line.split(" ")) {
            if (word.equals("BOOM")) {
              throw new IllegalArgumentException("cannot split BOOM");
            }
            if (!word.isEmpty()) {
              collect(new Word(word, word.length()));
            }
          }
        }
      }
      """;
  /** Emits 1..n as one BIGINT column, f0. */
  private static final String RANGE = """
      package com.acme;
      import io.sluice.udf.spi.TableFunction;
      public class Range extends TableFunction<Long> {
        public void eval(long n) {
          for (long i = 1; i <= n; i++) {
            collect(i);
          }
        }
      }
      """;
  private static final String FAILING_AGG = """
      package com.acme;
      import io.sluice.udf.spi.AggregateFunction;
      public class Picky extends AggregateFunction<long[], Long> {
        public long[] createAccumulator() { return new long[1]; }
        public void accumulate(long[] acc, long x) {
          if (x < 0) {
            throw new IllegalArgumentException("negative");
          }
          acc[0] += x;
        }
        public void merge(long[] acc, long[] other) { acc[0] += other[0]; }
        public Long getValue(long[] acc) { return acc[0]; }
      }
      """;

  private static final String TENFOLD = """
      package com.acme;
      public class Tenfold {
        public int eval(int x) {
          if (x == 3) {
            throw new IllegalStateException("three is not allowed");
          }
          return x * 10;
        }
      }
      """;

  @TempDir
  static Path dir;
  static Path jar;
  static Path readings;

  @BeforeAll
  static void buildJar() throws Exception {
    jar = UdfJars.build(dir, "kinds.jar", Map.of("com.acme.WeightedAvg", WEIGHTED_AVG, "com.acme.JoinAll", JOIN_ALL,
        "com.acme.NoAccumulate", NO_ACCUMULATE, "com.acme.Split", SPLIT, "com.acme.Range", RANGE,
        "com.acme.Picky", FAILING_AGG, "com.acme.Tenfold", TENFOLD, "com.acme.Tally", TALLY));
    readings = dir.resolve("readings.csv");
    Files.writeString(readings, """
        sensor,reading,weight,ts
        a,10.0,1,2024-01-01 10:00:01
        b,4.0,2,2024-01-01 10:00:02
        a,20.0,3,2024-01-01 10:00:07
        a,30.0,1,2024-01-01 10:00:12
        b,8.0,2,2024-01-01 10:00:13
        """);
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sluice:?parallelism=1");
  }

  private static void create(Statement statement, String name, String className) throws SQLException {
    statement.execute("CREATE FUNCTION " + name + " AS 'com.acme." + className + "' USING JAR '" + jar + "'");
  }

  private static void createReadings(Statement statement) throws SQLException {
    statement.execute("CREATE TABLE readings (sensor STRING, reading DOUBLE, weight BIGINT, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'file', 'path' = '" + readings
        + "', 'format' = 'csv', 'csv.header' = 'true', 'batch.size' = '2')");
  }

  private static List<List<Object>> rows(Statement statement, String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int c = 1; c <= columns; c++) {
          row.add(rs.getObject(c));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void aggregateInBoundedGroupBy() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      create(statement, "wavg", "WeightedAvg");
      create(statement, "join_all", "JoinAll");
      createReadings(statement);
      assertEquals(List.of(List.of("a", 20.0, "10.0+20.0+30.0"), List.of("b", 6.0, "4.0+8.0")), rows(statement,
          "SELECT sensor, wavg(reading, weight), join_all(CAST(reading AS VARCHAR)) FROM readings"
              + " GROUP BY sensor ORDER BY sensor"));
      // A global aggregate over no rows still has its one row: getValue of a fresh accumulator.
      assertEquals(List.of(Arrays.asList(null, "")), rows(statement,
          "SELECT wavg(reading, weight), join_all(sensor) FROM readings WHERE reading > 100"));
    }
  }

  @Test
  void aggregateInTumblingAndHoppingWindows() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      create(statement, "wavg", "WeightedAvg");
      create(statement, "join_all", "JoinAll");
      createReadings(statement);
      // Windows [10:00:00, 10:00:10) and [10:00:10, 10:00:20).
      assertEquals(List.of(List.of("a", 17.5), List.of("b", 4.0), List.of("a", 30.0), List.of("b", 8.0)), rows(
          statement, "SELECT sensor, wavg(reading, weight)"
              + " FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
              + " GROUP BY sensor, window_start, window_end ORDER BY window_start, sensor"));
      // HOP merges two 5-second slices per window: merge() combines accumulators in slice order.
      assertEquals(List.of(List.of("10.0"), List.of("10.0+20.0"), List.of("20.0+30.0"), List.of("30.0")), rows(
          statement, "SELECT join_all(CAST(reading AS VARCHAR))"
              + " FROM TABLE(HOP(TABLE readings, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))"
              + " WHERE sensor = 'a' GROUP BY window_start, window_end ORDER BY window_start"));
    }
  }

  @Test
  void serializableAccumulatorsAndTheirDeadLettersSurviveCheckpointRestartsAndOthersAreRefusedByName() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      create(statement, "tally", "Tally");
      create(statement, "wavg", "WeightedAvg");
      createReadings(statement);
      String windows = " FROM TABLE(HOP(TABLE readings, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))"
          + " GROUP BY sensor, window_start, window_end ORDER BY window_start, sensor";
      List<List<Object>> straight = rows(statement, "SELECT sensor, tally(reading)" + windows);
      // A checkpoint after every poll, and a restart from it: the accumulators are read back from the jar's classes.
      statement.execute("SET 'checkpoint.interval' = '1 ms'");
      statement.execute("SET 'checkpoint.test.restart-every' = '1'");
      assertEquals(straight, rows(statement, "SELECT sensor, tally(reading)" + windows));
      assertEquals(List.of("a", "1:10.0"), straight.get(0));
      SQLException refused = assertThrows(SQLException.class,
          () -> rows(statement, "SELECT sensor, wavg(reading, weight)" + windows));
      assertTrue(refused.getMessage().contains("Function 'wavg' cannot run with 'checkpoint.dir'")
          && refused.getMessage().contains("com.acme.WeightedAvg$Acc does not implement java.io.Serializable"),
          refused.getMessage());
      // The dead letters of user aggregates are part of the checkpoint epochs: across the restarts each is written once.
      create(statement, "picky", "Picky");
      statement.execute("CREATE TABLE picky_failures (function_name VARCHAR, arguments VARCHAR, error VARCHAR,"
          + " failed_at TIMESTAMP(3)) WITH ('connector' = 'file', 'path' = '" + dir.resolve("picky-failures")
          + "', 'format' = 'json')");
      statement.execute("SET 'udf.errors' = 'dead-letter'");
      statement.execute("SET 'udf.dead-letter.table' = 'picky_failures'");
      String picky = "SELECT sensor, picky(weight - 2)" + windows;
      String deadLetters = "SELECT arguments, error FROM picky_failures";
      List<List<Object>> restarted = rows(statement, picky);
      List<List<Object>> restartedDeadLetters = rows(statement, deadLetters);
      statement.execute("RESET 'checkpoint.test.restart-every'");
      assertEquals(rows(statement, picky), restarted);
      List<Object> negative = List.of("(-1)", "java.lang.IllegalArgumentException: negative");
      assertEquals(List.of(negative, negative), rows(statement, deadLetters));
      assertEquals(List.of(negative, negative), restartedDeadLetters);
    }
  }

  @Test
  void continuousGroupByRetractsThroughRetractAndRefusesWithout() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      create(statement, "wavg", "WeightedAvg");
      create(statement, "join_all", "JoinAll");
      createReadings(statement);
      statement.execute("SET 'execution.runtime-mode' = 'streaming'");
      // Over a changelog (a GROUP BY over a GROUP BY) the function's retract undoes rows that leave a group.
      List<List<Object>> changes = rows(statement, "SELECT n, wavg(total, n) FROM"
          + " (SELECT sensor, COUNT(*) AS n, SUM(reading) AS total FROM readings GROUP BY sensor) GROUP BY n");
      // Batches of two rows: (a 10, b 4), (a 20, a 30), (b 8); group n's value is wavg(total, n).
      assertEquals(List.of(List.of("+I", 1L, 7.0), List.of("-U", 1L, 7.0), List.of("+U", 1L, 4.0),
          List.of("+I", 3L, 60.0), List.of("-D", 1L, 4.0), List.of("+I", 2L, 12.0)), changes);
      // Over append-only input no retraction happens, so retract is not needed.
      assertTrue(rows(statement, "SELECT sensor, join_all(sensor) FROM readings GROUP BY sensor").stream()
          .anyMatch(row -> row.equals(List.of("+I", "a", "a"))));
      SQLException noRetract = assertThrows(SQLException.class, () -> rows(statement,
          "SELECT n, join_all(sensor) FROM (SELECT sensor, COUNT(*) AS n FROM readings GROUP BY sensor) GROUP BY n"));
      assertTrue(noRetract.getMessage().contains("Aggregate function 'join_all' cannot run over an updating"
          + " (changelog) input: its class com.acme.JoinAll has no public method retract(StringBuilder, String)"),
          noRetract.getMessage());
    }
  }

  @Test
  void tableFunctionInLateralTableCrossJoinAndLeftJoin() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      create(statement, "split", "Split");
      create(statement, "series", "Range");
      assertEquals(List.of(List.of(1, "to", 2), List.of(1, "be", 2), List.of(2, "or", 2), List.of(2, "not", 3)),
          rows(statement, "SELECT id, word, length FROM (VALUES (1, 'to be'), (2, 'or not'), (3, '')) AS t(id, line),"
              + " LATERAL TABLE(split(line))"));
      assertEquals(List.of(List.of("x", 1L), List.of("y", 1L), List.of("y", 2L)), rows(statement,
          "SELECT t.k, r.i FROM (VALUES ('x', 1), ('y', 2), ('z', 0)) AS t(k, n)"
              + " CROSS JOIN LATERAL TABLE(series(t.n)) AS r(i)"));
      assertEquals(List.of(List.of(1L), List.of(2L), List.of(3L)), rows(statement, "SELECT * FROM TABLE(series(3))"));
      assertEquals(List.of(List.of("x", 1L), Arrays.asList("z", null)), rows(statement,
          "SELECT t.k, r.i FROM (VALUES ('x', 1), ('z', 0)) AS t(k, n)"
              + " LEFT JOIN LATERAL TABLE(series(t.n)) AS r(i) ON TRUE"));
      assertEquals(List.of(List.of("be", 1L), List.of("to", 2L)), rows(statement,
          "SELECT s.w, COUNT(*) FROM (VALUES ('to be'), ('to')) AS t(line), LATERAL TABLE(split(upper(line) || ''))"
              + " AS s(w, len) GROUP BY s.w ORDER BY s.w").stream()
              .map(row -> List.<Object>of(((String) row.get(0)).toLowerCase(), row.get(1))).toList());
    }
  }

  @Test
  void parallelPipelinesEachGetTheirOwnFunctionInstances() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:?parallelism=3");
        Statement statement = connection.createStatement()) {
      create(statement, "split", "Split");
      create(statement, "wavg", "WeightedAvg");
      createReadings(statement);
      String query = "SELECT r.sensor, s.word, wavg(r.reading, s.length) FROM readings AS r,"
          + " LATERAL TABLE(split(r.sensor || ' ' || r.sensor || 'x')) AS s GROUP BY r.sensor, s.word"
          + " ORDER BY r.sensor, s.word";
      assertEquals(List.of(List.of("a", "a", 20.0), List.of("a", "ax", 20.0), List.of("b", "b", 6.0),
          List.of("b", "bx", 6.0)), rows(statement, query));
      String plan = String.valueOf(rows(statement, "EXPLAIN " + query));
      assertTrue(plan.contains("Correlate(function=split, arguments=["), plan);
      assertTrue(plan.contains("calls=[wavg($"), plan);
    }
  }

  @Test
  void planTimeErrorsNameTheFunction() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      SQLException noAccumulate = assertThrows(SQLException.class, () -> create(statement, "noacc", "NoAccumulate"));
      assertTrue(noAccumulate.getMessage().contains("Function 'noacc': aggregate class 'com.acme.NoAccumulate' has no"
          + " public 'accumulate(accumulator, args...)' method"), noAccumulate.getMessage());
      create(statement, "wavg", "WeightedAvg");
      SQLException wrongTypes = assertThrows(SQLException.class,
          () -> rows(statement, "SELECT wavg(s, 1) FROM (VALUES ('a')) AS t(s)"));
      assertTrue(wrongTypes.getMessage().contains("No overload of function 'wavg' accepts wavg(VARCHAR(1), INTEGER):"
          + " accumulate(Acc, double, long) cannot take argument 1 of type VARCHAR(1)"), wrongTypes.getMessage());
      create(statement, "split", "Split");
      SQLException splitTypes = assertThrows(SQLException.class,
          () -> rows(statement, "SELECT * FROM (VALUES (1)) AS t(x), LATERAL TABLE(split(x))"));
      assertTrue(splitTypes.getMessage().contains("No overload of function 'split' accepts split(INTEGER)"),
          splitTypes.getMessage());
      List<List<Object>> show = rows(statement, "SHOW FUNCTIONS");
      assertTrue(show.contains(List.of("wavg", "USER", "wavg(DOUBLE NOT NULL, BIGINT NOT NULL) -> DOUBLE")),
          show.toString());
      assertTrue(show.contains(List.of("split", "USER", "split(STRING) -> TABLE(word STRING, length INTEGER NOT NULL)")),
          show.toString());
    }
  }

  @Test
  void failingRowsFailTheQueryOrAreSkippedAndCounted() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      create(statement, "split", "Split");
      create(statement, "picky", "Picky");
      create(statement, "tenfold", "Tenfold");
      String splitQuery = "SELECT id, word FROM (VALUES (1, 'a b'), (2, 'c BOOM d'), (3, 'e')) AS t(id, line),"
          + " LATERAL TABLE(split(line))";
      SQLException failure = assertThrows(SQLException.class, () -> rows(statement, splitQuery));
      assertTrue(failure.getMessage().contains("Function 'split' failed in eval('c BOOM d'):"
          + " java.lang.IllegalArgumentException: cannot split BOOM"), failure.getMessage());
      assertTrue(failure.getMessage().contains("SET 'udf.errors' = 'skip'"), failure.getMessage());
      SQLException aggregateFailure = assertThrows(SQLException.class,
          () -> rows(statement, "SELECT picky(x) FROM (VALUES 1, -2, 3) AS t(x)"));
      assertTrue(aggregateFailure.getMessage().contains("Function 'picky' failed in accumulate(-2)"),
          aggregateFailure.getMessage());

      statement.execute("SET 'udf.errors' = 'skip'");
      // The whole failing input row goes: words it collected before throwing are dropped too.
      assertEquals(List.of(List.of(1, "a"), List.of(1, "b"), List.of(3, "e")), rows(statement, splitQuery));
      assertEquals(List.of(List.of(4L)), rows(statement, "SELECT picky(x) FROM (VALUES 1, -2, 3) AS t(x)"));
      // A scalar function's failing row goes too; the rest of its batch is kept, filter included.
      assertEquals(List.of(List.of(1, 10), List.of(4, 40)), rows(statement,
          "SELECT x, tenfold(x) FROM (VALUES 1, 2, 3, 4) AS t(x) WHERE x <> 2"));
      // Over a table, a condition calling a user function stays out of the scan, so the policy applies there too.
      createReadings(statement);
      String query = "SELECT sensor, reading FROM readings WHERE tenfold(CAST(weight AS INT)) >= 20 AND reading > 5";
      assertEquals(List.of(List.of("b", 8.0)), rows(statement, query));
      String plan = String.valueOf(rows(statement, "EXPLAIN " + query));
      assertTrue(plan.contains("where=[GREATER_THAN_OR_EQUAL(tenfold(CAST($2)), 20)]")
          && plan.contains("filter=[GREATER_THAN($1, 5.0)]"), plan);
      statement.execute("SET 'udf.errors' = 'sometimes'");
      SQLException badOption = assertThrows(SQLException.class, () -> rows(statement, splitQuery));
      assertTrue(badOption.getMessage().contains("'udf.errors' must be 'fail', 'skip' or 'dead-letter', not 'sometimes'"),
          badOption.getMessage());
    }
  }

  @Test
  void failingTableFunctionNamesTheFileAndLineOfTheRow() throws Exception {
    Path notes = dir.resolve("notes.jsonl");
    Files.writeString(notes, """
        {"id": 1, "line": "a b"}
        {"id": 2, "line": "c BOOM d"}

        {"id": 3, "line": "e"}
        {"id": 4, "line": "BOOM"}
        """);
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      create(statement, "split", "Split");
      statement.execute("CREATE TABLE notes (id INT, line VARCHAR) WITH ('connector' = 'file', 'path' = '" + notes
          + "', 'format' = 'json', 'batch.size' = '2')");
      String query = "SELECT n.id, s.word FROM notes AS n, LATERAL TABLE(split(n.line)) AS s";
      SQLException failure = assertThrows(SQLException.class, () -> rows(statement, query));
      assertTrue(failure.getMessage().contains("Function 'split' failed in eval('c BOOM d') at file " + notes
          + " line 2: java.lang.IllegalArgumentException: cannot split BOOM"), failure.getMessage());
      // The scan's filter and the blank line 3 shift the failing row's batch index, not its line.
      SQLException filtered = assertThrows(SQLException.class, () -> rows(statement, query + " WHERE n.id > 2"));
      assertTrue(filtered.getMessage().contains("Function 'split' failed in eval('BOOM') at file " + notes
          + " line 5: "), filtered.getMessage());
    }
  }

  @Test
  void deadLetterTableGetsTheFunctionArgumentsAndError() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      create(statement, "split", "Split");
      create(statement, "tenfold", "Tenfold");
      create(statement, "picky", "Picky");
      statement.execute("CREATE TABLE udf_failures (function_name VARCHAR, arguments VARCHAR, error VARCHAR,"
          + " failed_at TIMESTAMP(3)) WITH ('connector' = 'file', 'path' = '" + dir.resolve("dead")
          + "', 'format' = 'json')");
      statement.execute("SET 'udf.errors' = 'dead-letter'");
      SQLException noTable = assertThrows(SQLException.class,
          () -> rows(statement, "SELECT picky(x) FROM (VALUES 1) AS t(x)"));
      assertTrue(noTable.getMessage().contains("needs SET 'udf.dead-letter.table' = 'table'"), noTable.getMessage());
      statement.execute("SET 'udf.dead-letter.table' = 'udf_failures'");
      // Each job writes the file table afresh: read it back after each query.
      String deadLetters = "SELECT function_name, arguments, error FROM udf_failures WHERE failed_at IS NOT NULL";
      assertEquals(List.of(List.of(1, "a"), List.of(3, "e")), rows(statement,
          "SELECT id, word FROM (VALUES (1, 'a'), (2, 'BOOM'), (3, 'e')) AS t(id, line), LATERAL TABLE(split(line))"));
      assertEquals(List.of(List.of("split", "('BOOM')", "java.lang.IllegalArgumentException: cannot split BOOM")),
          rows(statement, deadLetters));
      assertEquals(List.of(List.of(20), List.of(40)), rows(statement,
          "SELECT tenfold(x) FROM (VALUES 2, 3, 4) AS t(x)"));
      assertEquals(List.of(List.of("tenfold", "(3)", "java.lang.IllegalStateException: three is not allowed")),
          rows(statement, deadLetters));
      assertEquals(List.of(List.of(3L)), rows(statement, "SELECT picky(x) FROM (VALUES 1, -5, 2) AS t(x)"));
      assertEquals(List.of(List.of("picky", "(-5)", "java.lang.IllegalArgumentException: negative")),
          rows(statement, deadLetters));
    }
  }
}
