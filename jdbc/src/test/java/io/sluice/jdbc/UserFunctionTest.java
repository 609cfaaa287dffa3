package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java UDFs compiled from source into jars and registered through SQL and JDBC. */
class UserFunctionTest {
  private static final String FUNCTIONS = """
      package com.acme;
      public class Shout {
        public String eval(String s) {
          return s == null ? null : s.toUpperCase() + "!";
        }
      }
      """;
  private static final String ADD_ONE = """
      package com.acme;
      public class AddOne {
        public long eval(long x) { return x + 1; }
        public double eval(double x) { return x + 0.5; }
      }
      """;
  private static final String AMBIGUOUS = """
      package com.acme;
      public class Ambiguous {
        public long eval(long a, double b) { return 1; }
        public long eval(double a, long b) { return 2; }
      }
      """;
  private static final String BOOM = """
      package com.acme;
      public class Boom {
        public int eval(int x) {
          if (x == 3) {
            throw new IllegalStateException("three is not allowed");
          }
          return x * 10;
        }
      }
      """;
  private static final String STATICS = """
      package com.acme;
      import io.sluice.udf.spi.FunctionHint;
      import io.sluice.udf.spi.ScalarFunction;
      @FunctionHint(deterministic = false)
      public class Statics {
        @ScalarFunction
        public static java.time.LocalDate later(java.time.LocalDate day, Integer days) {
          return days == null ? day : day.plusDays(days);
        }
        @ScalarFunction
        public static java.math.BigDecimal later(java.math.BigDecimal amount, Integer days) {
          return amount.multiply(java.math.BigDecimal.valueOf(days == null ? 1 : days));
        }
      }
      """;
  private static final String NO_EVAL = """
      package com.acme;
      public class NoEval {
        public int compute(int x) { return x; }
      }
      """;
  private static final String BAD_TYPE = """
      package com.acme;
      public class BadType {
        public int eval(java.util.List<String> values) { return values.size(); }
      }
      """;

  private static final String TWICE = """
      package com.acme;
      import io.sluice.udf.spi.VectorizedFunction;
      import org.apache.arrow.vector.BigIntVector;
      import org.apache.arrow.vector.FieldVector;
      public class Twice implements VectorizedFunction {
        public static int rowCalls;
        public static int batchCalls;
        public long eval(long x) {
          rowCalls++;
          return x * 2;
        }
        public void evalBatch(int overload, FieldVector[] arguments, int rowCount, FieldVector output) {
          batchCalls++;
          BigIntVector in = (BigIntVector) arguments[0];
          BigIntVector out = (BigIntVector) output;
          for (int i = 0; i < rowCount; i++) {
            if (in.isNull(i)) {
              out.setNull(i);
            } else {
              out.setSafe(i, in.get(i) * 2);
            }
          }
          out.setValueCount(rowCount);
        }
      }
      """;

  @TempDir
  static Path dir;
  static Path jar;

  @BeforeAll
  static void buildJar() throws Exception {
    jar = UdfJars.build(dir, "acme.jar", Map.of("com.acme.Shout", FUNCTIONS, "com.acme.AddOne", ADD_ONE,
        "com.acme.Ambiguous", AMBIGUOUS, "com.acme.Boom", BOOM, "com.acme.Statics", STATICS,
        "com.acme.NoEval", NO_EVAL, "com.acme.Twice", TWICE, "com.acme.BadType", BAD_TYPE));
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sluice:?parallelism=1");
  }

  private static void create(Statement statement, String name, String className) throws SQLException {
    statement.execute("CREATE FUNCTION " + name + " AS 'com.acme." + className + "' USING JAR '" + jar + "'");
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
  void scalarFunctionFromJarInProjectionAndFilter() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      create(statement, "shout", "Shout");
      assertEquals(List.of(List.of("HI!"), List.of("YO!")),
          rows(statement, "SELECT SHOUT(s) FROM (VALUES ('hi'), ('yo'), ('no')) AS t(s) WHERE shout(s) <> 'NO!'"));
      List<Object> nullRow = new ArrayList<>();
      nullRow.add(null);
      assertEquals(List.of(nullRow), rows(statement, "SELECT shout(CAST(NULL AS VARCHAR)) FROM (VALUES 1) AS t(x)"));
    }
  }

  @Test
  void overloadsWidenArgumentsAndPrimitivesAreStrict() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      create(statement, "add_one", "AddOne");
      try (ResultSet rs = statement.executeQuery(
          "SELECT add_one(x), add_one(x * 1.0E0), add_one(CASE WHEN x > 1 THEN x END) FROM (VALUES 1, 2) AS t(x)")) {
        assertEquals(java.sql.Types.BIGINT, rs.getMetaData().getColumnType(1));
        assertEquals(java.sql.ResultSetMetaData.columnNoNulls, rs.getMetaData().isNullable(1));
        assertEquals(java.sql.Types.DOUBLE, rs.getMetaData().getColumnType(2));
        assertEquals(java.sql.ResultSetMetaData.columnNullable, rs.getMetaData().isNullable(3));
        assertTrue(rs.next());
        assertEquals(2L, rs.getLong(1));
        assertEquals(1.5, rs.getDouble(2));
        assertNull(rs.getObject(3));
        assertTrue(rs.next());
        assertEquals(3L, rs.getObject(3));
        assertFalse(rs.next());
      }
    }
  }

  @Test
  void annotatedStaticMethodsWithDatesDecimalsAndBoxedNulls() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      create(statement, "later", "Statics");
      assertEquals("[[2024-03-01, 3.000000000000000000]]", String.valueOf(
          rows(statement, "SELECT later(DATE '2024-02-28', 2), later(CAST(1.5 AS DECIMAL(10, 2)), 2)"
              + " FROM (VALUES 1) AS t(x)")));
      assertEquals("[[2024-02-28]]", String.valueOf(
          rows(statement, "SELECT later(DATE '2024-02-28', CAST(NULL AS INT)) FROM (VALUES 1) AS t(x)")));
    }
  }

  @Test
  void planTimeErrorsNameTheFunction() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      SQLException missing = assertThrows(SQLException.class, () -> create(statement, "nope", "Missing"));
      assertTrue(missing.getMessage().contains("Function 'nope': class 'com.acme.Missing' is not in jar"),
          missing.getMessage());
      SQLException noEval = assertThrows(SQLException.class, () -> create(statement, "noeval", "NoEval"));
      assertTrue(noEval.getMessage().contains("has no public 'eval' method"), noEval.getMessage());
      SQLException badType = assertThrows(SQLException.class, () -> create(statement, "badtype", "BadType"));
      assertTrue(badType.getMessage().contains("parameter 1 of eval(List) has Java type java.util.List"),
          badType.getMessage());
      SQLException noJar = assertThrows(SQLException.class, () -> statement.execute(
          "CREATE FUNCTION f AS 'com.acme.Shout' USING JAR '" + dir.resolve("absent.jar") + "'"));
      assertTrue(noJar.getMessage().contains("absent.jar' does not exist"), noJar.getMessage());
      SQLException builtin = assertThrows(SQLException.class, () -> create(statement, "upper", "Shout"));
      assertTrue(builtin.getMessage().contains("'upper' is a built-in function"), builtin.getMessage());

      create(statement, "amb", "Ambiguous");
      SQLException ambiguous = assertThrows(SQLException.class,
          () -> rows(statement, "SELECT amb(x, x) FROM (VALUES 1) AS t(x)"));
      assertTrue(ambiguous.getMessage().contains("Call amb(INTEGER, INTEGER) is ambiguous: it matches"
          + " eval(double, long) and eval(long, double)"), ambiguous.getMessage());
      create(statement, "shout", "Shout");
      SQLException mismatch = assertThrows(SQLException.class,
          () -> rows(statement, "SELECT x,\n  shout(x) FROM (VALUES 1) AS t(x)"));
      assertTrue(mismatch.getMessage().contains("No overload of function 'shout' accepts shout(INTEGER):"
          + " eval(String) cannot take argument 1 of type INTEGER"), mismatch.getMessage());
      assertTrue(mismatch.getMessage().contains("line 2"), mismatch.getMessage());
      SQLException count = assertThrows(SQLException.class,
          () -> rows(statement, "SELECT shout(x, x) FROM (VALUES 'a') AS t(x)"));
      assertTrue(count.getMessage().contains("eval(String) takes 1 argument"), count.getMessage());
    }
  }

  @Test
  void throwingFunctionFailsTheQueryWithItsArgumentsAndTheSessionSurvives() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      create(statement, "boom", "Boom");
      SQLException failure = assertThrows(SQLException.class,
          () -> rows(statement, "SELECT boom(x) FROM (VALUES 1, 2, 3, 4) AS t(x)"));
      assertTrue(failure.getMessage().contains(
          "Function 'boom' failed on arguments (3): java.lang.IllegalStateException: three is not allowed"),
          failure.getMessage());
      assertEquals(List.of(List.of(10), List.of(20)), rows(statement, "SELECT boom(x) FROM (VALUES 1, 2) AS t(x)"));
    }
  }

  @Test
  void throwingFunctionOverAFileNamesTheFileAndLineOfTheRow() throws Exception {
    // Line 1 is the header, the record with id 2 spans lines 3 and 4, and boom throws on x = 3.
    Path orders = dir.resolve("orders.csv");
    Files.writeString(orders, "id,note,x\n1,one,1\n2,\"two\nlines\",2\n3,three,3\n4,four,4\n\n5,five,3\n");
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      create(statement, "boom", "Boom");
      statement.execute("CREATE TABLE orders (id INT, note VARCHAR, x INT) WITH ('connector' = 'file', 'path' = '"
          + orders + "', 'format' = 'csv', 'csv.header' = 'true', 'batch.size' = '2')");
      String at = "Function 'boom' failed on arguments (3) at file " + orders + " line ";
      String error = ": java.lang.IllegalStateException: three is not allowed";
      SQLException projection = assertThrows(SQLException.class, () -> rows(statement, "SELECT boom(x) FROM orders"));
      assertTrue(projection.getMessage().contains(at + 5 + error), projection.getMessage());
      // The scan's filter drops the row on line 5 first; the failing row is then on line 8, after a blank line.
      SQLException afterFilter = assertThrows(SQLException.class,
          () -> rows(statement, "SELECT id, boom(x) FROM orders WHERE id > 3"));
      assertTrue(afterFilter.getMessage().contains(at + 8 + error), afterFilter.getMessage());
      String plan = String.valueOf(rows(statement, "EXPLAIN SELECT id, boom(x) FROM orders WHERE id > 3"));
      assertTrue(plan.contains("filter=[GREATER_THAN($0, 3)]"), plan);
      // A condition calling the function is evaluated above the scan, with the rows' positions kept.
      SQLException inCondition = assertThrows(SQLException.class,
          () -> rows(statement, "SELECT id FROM orders WHERE id <> 3 AND boom(x) > 0"));
      assertTrue(inCondition.getMessage().contains(at + 8 + error), inCondition.getMessage());
      // Without a source position (VALUES) the message says nothing about one.
      SQLException values = assertThrows(SQLException.class,
          () -> rows(statement, "SELECT boom(x) FROM (VALUES 3) AS t(x)"));
      assertTrue(values.getMessage().contains("Function 'boom' failed on arguments (3)" + error), values.getMessage());

      // One batch over two files: each row keeps its own file and line.
      Path parts = Files.createDirectories(dir.resolve("order-parts"));
      Files.writeString(parts.resolve("a.csv"), "id,note,x\n1,one,1\n2,two,2\n");
      Files.writeString(parts.resolve("b.csv"), "id,note,x\n3,three,4\n\n4,four,3\n");
      statement.execute("CREATE TABLE order_parts (id INT, note VARCHAR, x INT) WITH ('connector' = 'file', 'path' = '"
          + parts + "', 'format' = 'csv', 'csv.header' = 'true')");
      SQLException secondFile = assertThrows(SQLException.class, () -> rows(statement, "SELECT boom(x) FROM order_parts"));
      assertTrue(secondFile.getMessage().contains("Function 'boom' failed on arguments (3) at file "
          + parts.resolve("b.csv") + " line 4" + error), secondFile.getMessage());

      statement.execute("CREATE TABLE boom_failures (function_name VARCHAR, arguments VARCHAR, error VARCHAR,"
          + " source_position VARCHAR, failed_at TIMESTAMP(3)) WITH ('connector' = 'file', 'path' = '"
          + dir.resolve("boom-failures") + "', 'format' = 'json')");
      statement.execute("SET 'udf.errors' = 'dead-letter'");
      statement.execute("SET 'udf.dead-letter.table' = 'boom_failures'");
      assertEquals(List.of(List.of(1, 10), List.of(2, 20), List.of(4, 40)),
          rows(statement, "SELECT id, boom(x) FROM orders WHERE id < 5"));
      assertEquals(List.of(List.of("(3)", "file " + orders + " line 5")),
          rows(statement, "SELECT arguments, source_position FROM boom_failures"));
    }
  }

  /**
   * A job whose function fails on every fifth row writes its dead letters in the checkpoint
   * epochs: runs cancelled between checkpoints (their rows after the last checkpoint are read
   * again by the next run) leave, once a run has finished, exactly the dead letters and rows of
   * a run without checkpoints.
   */
  @Test
  void deadLettersOfAFunctionFollowTheCheckpointsOfInterruptedRuns() throws Exception {
    Path orders = dir.resolve("many-orders.csv");
    StringBuilder csv = new StringBuilder();
    for (int id = 0; id < 60_000; id++) {
      csv.append(id).append(',').append(id % 5 + 1).append('\n');
    }
    Files.writeString(orders, csv);
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      SluiceSession session = connection.unwrap(SluiceConnection.class).session();
      create(statement, "boom", "Boom");
      statement.execute("CREATE TABLE many_orders (id INT, x INT) WITH ('connector' = 'file', 'path' = '" + orders
          + "', 'format' = 'csv', 'batch.size' = '256')");
      for (String run : List.of("straight", "checkpointed")) {
        statement.execute("CREATE TABLE " + run + "_out (id INT, y INT) WITH ('connector' = 'file', 'path' = '"
            + dir.resolve(run + "-out") + "', 'format' = 'csv')");
        statement.execute("CREATE TABLE " + run + "_failures (function_name VARCHAR, arguments VARCHAR, error VARCHAR,"
            + " source_position VARCHAR, failed_at TIMESTAMP(3)) WITH ('connector' = 'file', 'path' = '"
            + dir.resolve(run + "-failures") + "', 'format' = 'json')");
      }
      statement.execute("SET 'udf.errors' = 'dead-letter'");
      statement.execute("SET 'udf.dead-letter.table' = 'straight_failures'");
      insert(session, "INSERT INTO straight_out SELECT id, boom(x) FROM many_orders").await();
      List<List<Object>> expectedRows = rows(statement, "SELECT id, y FROM straight_out ORDER BY id");
      String failures = "SELECT arguments, source_position FROM %s ORDER BY source_position";
      List<List<Object>> expectedFailures = rows(statement, failures.formatted("straight_failures"));
      assertEquals(12_000, expectedFailures.size());

      Path checkpoints = dir.resolve("boom-checkpoints");
      statement.execute("SET 'checkpoint.dir' = '" + checkpoints + "'");
      statement.execute("SET 'checkpoint.interval' = '20 ms'");
      statement.execute("SET 'udf.dead-letter.table' = 'checkpointed_failures'");
      String job = "INSERT INTO checkpointed_out SELECT id, boom(x) FROM many_orders";
      int interrupted = 0;
      for (int attempt = 0; attempt < 3; attempt++) {
        long newest = newestCheckpoint(checkpoints);
        io.sluice.runtime.exec.Job running = insert(session, job);
        while (!running.isDone() && newestCheckpoint(checkpoints) < newest + 2) {
          Thread.sleep(2);
        }
        running.cancel();
        running.await();
        assertNull(running.failure());
        if (publishedLines(dir.resolve("checkpointed-out")) < expectedRows.size()) {
          interrupted++;
        }
      }
      assertTrue(interrupted >= 2, "only " + interrupted + " runs were cancelled before the end");
      insert(session, job).await();
      // Reading the tables back is another query: without the job's checkpoint directory.
      statement.execute("RESET 'checkpoint.dir'");
      assertEquals(expectedRows, rows(statement, "SELECT id, y FROM checkpointed_out ORDER BY id"));
      List<List<Object>> actualFailures = rows(statement, failures.formatted("checkpointed_failures"));
      assertEquals(expectedFailures.size(), actualFailures.size(), "dead letters after " + interrupted + " interruptions");
      assertEquals(expectedFailures, actualFailures);
    }
  }

  private static io.sluice.runtime.exec.Job insert(SluiceSession session, String sql) {
    return ((Outcome.Insert) session.execute(sql)).job();
  }

  /** How many lines the published (not hidden) files of a sink folder hold. */
  private static long publishedLines(Path folder) throws java.io.IOException {
    long lines = 0;
    try (java.util.stream.Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
        lines += Files.readAllLines(file).size();
      }
    }
    return lines;
  }

  /** The id of the newest complete checkpoint in {@code checkpoints}, or -1. */
  private static long newestCheckpoint(Path checkpoints) throws java.io.IOException {
    if (!Files.isDirectory(checkpoints)) {
      return -1;
    }
    try (java.util.stream.Stream<Path> entries = Files.list(checkpoints)) {
      return entries.filter(p -> Files.exists(p.resolve("_manifest.yaml")))
          .mapToLong(p -> Long.parseLong(p.getFileName().toString().replaceAll("\\D", ""))).max().orElse(-1);
    }
  }

  @Test
  void showDescribeAndDropFunctions() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      create(statement, "add_one", "AddOne");
      List<List<Object>> show = rows(statement, "SHOW FUNCTIONS");
      assertTrue(show.contains(List.of("add_one", "USER", "add_one(DOUBLE NOT NULL) -> DOUBLE NOT NULL; "
          + "add_one(BIGINT NOT NULL) -> BIGINT NOT NULL")), show.toString());
      assertTrue(show.contains(java.util.Arrays.asList("UPPER", "BUILT-IN", null)), show.toString());
      List<List<Object>> describe = rows(statement, "DESCRIBE FUNCTION add_one");
      assertEquals(List.of(List.of("add_one(DOUBLE NOT NULL) -> DOUBLE NOT NULL", "eval(double)", "com.acme.AddOne",
          jar.toString(), true), List.of("add_one(BIGINT NOT NULL) -> BIGINT NOT NULL", "eval(long)",
          "com.acme.AddOne", jar.toString(), true)), describe);
      assertFalse(statement.execute("CREATE FUNCTION IF NOT EXISTS add_one AS 'com.acme.Shout'"));
      statement.execute("DROP FUNCTION add_one");
      SQLException gone = assertThrows(SQLException.class,
          () -> rows(statement, "SELECT add_one(x) FROM (VALUES 1) AS t(x)"));
      assertTrue(gone.getMessage().contains("add_one"), gone.getMessage());
      statement.execute("DROP FUNCTION IF EXISTS add_one");
      assertThrows(SQLException.class, () -> statement.execute("DROP FUNCTION add_one"));
    }
  }

  @Test
  void vectorisedMethodServesPlainColumnsAndEvalTheRest() throws Exception {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      create(statement, "twice", "Twice");
      Class<?> type = connection.unwrap(SluiceConnection.class).session().catalog().function("twice").orElseThrow()
          .type();
      List<Object> nullRow = new ArrayList<>();
      nullRow.add(null);
      assertEquals(List.of(List.of(2L), nullRow, List.of(6L)), rows(statement,
          "SELECT twice(x) FROM (VALUES CAST(1 AS BIGINT), CAST(NULL AS BIGINT), CAST(3 AS BIGINT)) AS t(x)"));
      assertTrue(type.getField("batchCalls").getInt(null) > 0);
      assertEquals(0, type.getField("rowCalls").getInt(null));
      assertEquals(List.of(List.of(4L)), rows(statement, "SELECT twice(x + 1) FROM (VALUES CAST(1 AS BIGINT)) AS t(x)"));
      assertEquals(1, type.getField("rowCalls").getInt(null));
    }
  }

  /** A function for {@link #programmaticRegistration}, on the test's own class path. */
  public static final class Repeat {
    public String eval(String s, int times) {
      return s.repeat(times);
    }
  }

  @Test
  void programmaticRegistration() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      connection.unwrap(SluiceConnection.class).registerFunction("repeat", Repeat.class);
      assertEquals(List.of(List.of("abab")), rows(statement, "SELECT repeat(s, 2) FROM (VALUES ('ab')) AS t(s)"));
      SQLException builtin = assertThrows(SQLException.class,
          () -> connection.unwrap(SluiceConnection.class).registerFunction("lower", Repeat.class));
      assertTrue(builtin.getMessage().contains("built-in"), builtin.getMessage());
    }
  }

  @Test
  void reloadingAChangedJarAfterDrop() throws Exception {
    Path v1 = UdfJars.build(dir, "version1.jar", Map.of("com.acme.Version",
        "package com.acme; public class Version { public String eval() { return \"v1\"; } }"));
    Path v2 = UdfJars.build(dir, "version2.jar", Map.of("com.acme.Version",
        "package com.acme; public class Version { public String eval() { return \"v2\"; } }"));
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE FUNCTION version AS 'com.acme.Version' USING JAR '" + v1 + "'");
      assertEquals(List.of(List.of("v1")), rows(statement, "SELECT version() FROM (VALUES 1) AS t(x)"));
      statement.execute("DROP FUNCTION version");
      statement.execute("CREATE FUNCTION version AS 'com.acme.Version' USING JAR '" + v2 + "'");
      assertEquals(List.of(List.of("v2")), rows(statement, "SELECT version() FROM (VALUES 1) AS t(x)"));
    }
  }

  @Test
  void droppedFunctionsReleaseTheirClassLoaders() throws Exception {
    List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      SluiceSession session = connection.unwrap(SluiceConnection.class).session();
      for (int i = 0; i < 1000; i++) {
        create(statement, "shout", "Shout");
        loaders.add(new WeakReference<>(session.catalog().function("shout").orElseThrow().type().getClassLoader()));
        if (i % 100 == 0) {
          assertEquals(List.of(List.of("A!")), rows(statement, "SELECT shout(s) FROM (VALUES ('a')) AS t(s)"));
        }
        statement.execute("DROP FUNCTION shout");
      }
    }
    long alive = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 20 && alive > 10; attempt++) {
      System.gc();
      Thread.sleep(50);
      alive = loaders.stream().filter(reference -> reference.get() != null).count();
    }
    // Every loader is distinct and, once dropped, collectable: none may stay reachable.
    assertTrue(alive <= 10, alive + " of 1000 dropped function class loaders are still reachable");
  }
}
