package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The driver as a JDBC client sees it: only {@code java.sql} types are used here. */
class JdbcDriverTest {
  private static final String UNBOUNDED = "CREATE TABLE ticks (id BIGINT, v INT) WITH ('connector' = 'datagen', "
      + "'rows-per-second' = '200', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', "
      + "'fields.id.end' = '1000000000')";

  @Test
  void boundedQueryWithTypedGettersAndMetadata() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT x, x * 1.5 AS scaled, CAST(x AS VARCHAR) AS label, TIMESTAMP '2024-01-01 10:00:00.250' AS ts, "
                + "CASE WHEN x > 1 THEN NULL ELSE x END AS maybe FROM (VALUES 1, 2) AS t(x)")) {
      ResultSetMetaData meta = rs.getMetaData();
      assertEquals(5, meta.getColumnCount());
      assertEquals("x", meta.getColumnName(1));
      assertEquals(Types.INTEGER, meta.getColumnType(1));
      assertEquals(ResultSetMetaData.columnNoNulls, meta.isNullable(1));
      assertEquals(Types.DECIMAL, meta.getColumnType(2));
      assertEquals(Types.VARCHAR, meta.getColumnType(3));
      assertEquals(Types.TIMESTAMP, meta.getColumnType(4));
      assertEquals(ResultSetMetaData.columnNullable, meta.isNullable(5));

      assertTrue(rs.next());
      assertEquals(1, rs.getInt("x"));
      assertEquals(new BigDecimal("1.5"), rs.getBigDecimal(2).stripTrailingZeros());
      assertEquals("1", rs.getString("label"));
      assertEquals(LocalDateTime.of(2024, 1, 1, 10, 0, 0, 250_000_000), rs.getObject(4, LocalDateTime.class));
      assertEquals("2024-01-01 10:00:00.25", rs.getTimestamp(4).toString());
      assertEquals(1, rs.getLong(5));
      assertFalse(rs.wasNull());
      assertTrue(rs.next());
      assertEquals(0, rs.getInt(5));
      assertTrue(rs.wasNull());
      assertNull(rs.getObject(5));
      assertFalse(rs.next());
    }
  }

  @Test
  void rowAndArrayColumnsAreMapsAndLists(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("nested.json");
    Files.writeString(file, "{\"id\": 1, \"r\": {\"a\": 7, \"d\": \"2024-02-03\"}, \"xs\": [1, null, 3]}\n"
        + "{\"id\": 2, \"r\": null, \"xs\": []}\n");
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE nested (id BIGINT, r ROW<a INT, d DATE>, xs ARRAY<INT>) WITH ("
          + "'connector' = 'file', 'path' = '" + file + "', 'format' = 'json')");
      try (ResultSet rs = statement.executeQuery("SELECT r, xs, n.r.a, xs[3] FROM nested n ORDER BY id")) {
        assertEquals(Types.STRUCT, rs.getMetaData().getColumnType(1));
        assertEquals(Types.ARRAY, rs.getMetaData().getColumnType(2));
        assertEquals("java.util.Map", rs.getMetaData().getColumnClassName(1));
        assertTrue(rs.next());
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("a", 7);
        row.put("d", java.sql.Date.valueOf("2024-02-03"));
        assertEquals(row, rs.getObject(1));
        assertEquals(List.of("a", "d"), List.copyOf(((Map<?, ?>) rs.getObject(1)).keySet()));
        assertEquals(java.util.Arrays.asList(1, null, 3), rs.getObject(2));
        assertEquals("(7, 2024-02-03)", rs.getString(1));
        assertEquals("[1, NULL, 3]", rs.getString(2));
        assertEquals(7, rs.getInt(3));
        assertEquals(3, rs.getInt(4));
        assertTrue(rs.next());
        assertNull(rs.getObject(1));
        assertEquals(List.of(), rs.getObject(2));
        assertNull(rs.getObject(4));
        assertFalse(rs.next());
      }
    }
  }

  @Test
  void ddlThenQueryAndDatabaseMetadata() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:?parallelism=1");
        Statement statement = connection.createStatement()) {
      assertFalse(statement.execute("CREATE TABLE numbers (id BIGINT NOT NULL, name STRING) WITH ("
          + "'connector' = 'datagen', 'number-of-rows' = '100', 'fields.id.kind' = 'sequence', "
          + "'fields.id.start' = '1', 'fields.id.end' = '100')"));
      try (ResultSet rs = statement.executeQuery("SELECT COUNT(*), SUM(id) FROM numbers")) {
        assertTrue(rs.next());
        assertEquals(100, rs.getLong(1));
        assertEquals(5050, rs.getLong(2));
      }
      DatabaseMetaData meta = connection.getMetaData();
      assertEquals("Sluice", meta.getDatabaseProductName());
      try (ResultSet tables = meta.getTables(null, null, "num%", null)) {
        assertTrue(tables.next());
        assertEquals("numbers", tables.getString("TABLE_NAME"));
        assertEquals("TABLE", tables.getString("TABLE_TYPE"));
        assertFalse(tables.next());
      }
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = meta.getColumns(null, null, "numbers", null)) {
        while (rs.next()) {
          columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE") + ":" + rs.getString("IS_NULLABLE"));
        }
      }
      assertEquals(List.of("id:" + Types.BIGINT + ":NO", "name:" + Types.VARCHAR + ":YES"), columns);
      try (ResultSet functions = meta.getFunctions(null, null, "UPP%")) {
        assertTrue(functions.next());
        assertEquals("UPPER", functions.getString("FUNCTION_NAME"));
      }
    }
  }

  @Test
  void syntaxErrorsCarrySqlStateAndPosition() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:");
        Statement statement = connection.createStatement()) {
      SQLSyntaxErrorException e = assertThrows(SQLSyntaxErrorException.class,
          () -> statement.executeQuery("SELECT 1 +\nFROM t"));
      assertEquals("42000", e.getSQLState());
      assertTrue(e.getMessage().startsWith("line 2:1: "), e.getMessage());
    }
  }

  @Test
  void preparedStatementBindsParametersAsLiterals() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:");
        PreparedStatement statement = connection.prepareStatement(
            "SELECT x FROM (VALUES 1, 2, 3, 4) AS t(x) WHERE x > ? AND 'it''s ?' <> ? ORDER BY x")) {
      statement.setInt(1, 2);
      statement.setString(2, "it's");
      try (ResultSet rs = statement.executeQuery()) {
        List<Integer> values = new ArrayList<>();
        while (rs.next()) {
          values.add(rs.getInt(1));
        }
        assertEquals(List.of(3, 4), values);
      }
    }
  }

  @Test
  @Timeout(30)
  void continuousQueryWaitsForRowsAndCancelsFromAnotherThread() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:");
        Statement statement = connection.createStatement()) {
      statement.execute(UNBOUNDED);
      ResultSet rs = statement.executeQuery("SELECT id FROM ticks WHERE MOD(id, 2) = 0");
      CountDownLatch fiveRows = new CountDownLatch(5);
      List<Long> seen = new ArrayList<>();
      Thread reader = new Thread(() -> {
        try {
          while (rs.next()) {
            seen.add(rs.getLong(1));
            fiveRows.countDown();
          }
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      reader.start();
      assertTrue(fiveRows.await(20, TimeUnit.SECONDS), "rows of a continuous query arrive while it runs");
      statement.cancel();
      reader.join(10_000);
      assertFalse(reader.isAlive(), "cancel ends a waiting next()");
      assertEquals(List.of(2L, 4L, 6L, 8L, 10L), seen.subList(0, 5));
    }
  }

  @Test
  @Timeout(30)
  void queryTimeoutCancelsTheQuery() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:");
        Statement statement = connection.createStatement()) {
      statement.execute(UNBOUNDED);
      statement.setQueryTimeout(1);
      ResultSet rs = statement.executeQuery("SELECT id FROM ticks");
      SQLTimeoutException e = assertThrows(SQLTimeoutException.class, () -> {
        while (rs.next()) {
          // drain until the timeout fires
        }
      });
      assertEquals("HYT00", e.getSQLState());
    }
  }

  @Test
  void maxRowsStopsAContinuousQuery() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:");
        Statement statement = connection.createStatement()) {
      statement.execute(UNBOUNDED);
      statement.setMaxRows(3);
      int rows = 0;
      try (ResultSet rs = statement.executeQuery("SELECT id FROM ticks")) {
        while (rs.next()) {
          rows++;
        }
      }
      assertEquals(3, rows);
    }
  }

  @Test
  @Timeout(60)
  void twoConnectionsRunContinuousQueriesConcurrently() throws Exception {
    try (Connection first = DriverManager.getConnection("jdbc:sluice:");
        Connection second = DriverManager.getConnection("jdbc:sluice:");
        Statement a = first.createStatement();
        Statement b = second.createStatement()) {
      a.execute(UNBOUNDED);
      b.execute(UNBOUNDED.replace("'200'", "'300'"));
      ResultSet even = a.executeQuery("SELECT id FROM ticks WHERE MOD(id, 2) = 0");
      ResultSet odd = b.executeQuery("SELECT id FROM ticks WHERE MOD(id, 2) = 1");
      // Interleave reads: each query makes progress while the other one is running.
      List<Long> evens = new ArrayList<>();
      List<Long> odds = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        assertTrue(even.next());
        evens.add(even.getLong(1));
        assertTrue(odd.next());
        odds.add(odd.getLong(1));
      }
      assertEquals(List.of(2L, 4L, 6L, 8L, 10L), evens);
      assertEquals(List.of(1L, 3L, 5L, 7L, 9L), odds);
      even.close();
      assertTrue(odd.next(), "closing one connection's query leaves the other running");
      assertEquals(11L, odd.getLong(1));
      b.close();
      assertTrue(odd.isClosed(), "closing the statement closes its result set");
    }
  }

  @Test
  @Timeout(30)
  void closingTheStatementFromAnotherThreadEndsAWaitingRead() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:")) {
      Statement statement = connection.createStatement();
      statement.execute(UNBOUNDED.replace("'200'", "'1'"));
      ResultSet rs = statement.executeQuery("SELECT id FROM ticks WHERE id > 1000");
      Thread closer = new Thread(() -> {
        try {
          Thread.sleep(300);
          statement.close();
        } catch (InterruptedException | SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      closer.start();
      long start = System.nanoTime();
      // No row ever qualifies: next() waits until the close from the other thread ends the query.
      boolean hasRow;
      try {
        hasRow = rs.next();
      } catch (SQLException closedUnderfoot) {
        hasRow = false;
      }
      assertFalse(hasRow);
      assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10);
      closer.join();
      assertTrue(statement.isClosed());
    }
  }

  @Test
  void sqlStatesNameTheKindOfError() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:");
        Statement statement = connection.createStatement()) {
      SQLException unknownTable = assertThrows(SQLException.class,
          () -> statement.executeQuery("SELECT *\nFROM missing_table"));
      assertEquals("42S02", unknownTable.getSQLState());
      assertTrue(unknownTable.getMessage().startsWith("line 2:6: "), unknownTable.getMessage());
      SQLException unknownColumn = assertThrows(SQLException.class,
          () -> statement.executeQuery("SELECT nope FROM (VALUES 1) AS t(x)"));
      assertEquals("42S22", unknownColumn.getSQLState());
      SQLException invalid = assertThrows(SQLException.class,
          () -> statement.executeQuery("SELECT 'a' + TRUE"));
      assertEquals("42000", invalid.getSQLState());
      SQLException data = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = statement.executeQuery("SELECT CAST(s AS INT) FROM (VALUES 'x1') AS t(s)")) {
          rs.next();
        }
      });
      assertEquals("22", data.getSQLState().substring(0, 2), data.getSQLState() + " " + data.getMessage());
    }
  }

  @Test
  void catalogFolderKeepsDdlAcrossConnections(@TempDir Path dir) throws SQLException {
    String url = "jdbc:sluice:?catalog.dir=" + dir.resolve("catalog");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE numbers (id BIGINT NOT NULL) WITH ('connector' = 'datagen', "
          + "'number-of-rows' = '10', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '10')");
      statement.execute("CREATE TABLE scratch (id BIGINT) WITH ('connector' = 'blackhole')");
      // A view over a view whose name sorts later: replay must order them by dependency.
      statement.execute("CREATE VIEW a_big AS SELECT id FROM z_all WHERE id > 5");
    } catch (SQLException expected) {
      // z_all does not exist yet: the failed CREATE must not be recorded.
      assertEquals("42S02", expected.getSQLState());
    }
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE VIEW z_all AS SELECT id FROM numbers");
      statement.execute("CREATE VIEW a_big AS SELECT id FROM z_all WHERE id > 5");
      statement.execute("DROP TABLE scratch");
    }
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM a_big")) {
      assertTrue(rs.next());
      assertEquals(5, rs.getLong(1));
      List<String> tables = new ArrayList<>();
      try (ResultSet meta = connection.getMetaData().getTables(null, null, "%", null)) {
        while (meta.next()) {
          tables.add(meta.getString("TABLE_NAME") + ":" + meta.getString("TABLE_TYPE"));
        }
      }
      assertEquals(List.of("numbers:TABLE", "a_big:VIEW", "z_all:VIEW"), tables);
    }
  }

  @Test
  void yamlConfigFileSetsSessionOptionsAndTheCatalogFolder(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("sluice.yaml");
    Files.writeString(config, """
        # options for every connection that names this file
        catalog:
          dir: kept
        job:
          memory.limit: 64mb
        parallelism: 1
        """);
    String url = "jdbc:sluice:?config=" + config;
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (x INT) WITH ('connector' = 'blackhole')");
      Map<String, String> options = new TreeMap<>();
      try (ResultSet rs = statement.executeQuery("SET")) {
        while (rs.next()) {
          options.put(rs.getString(1), rs.getString(2));
        }
      }
      assertEquals(Map.of("job.memory.limit", "64mb", "parallelism", "1"), options);
    }
    assertTrue(Files.exists(dir.resolve("kept").resolve("table.t.sql")), "catalog.dir is relative to the file");
    Properties override = new Properties();
    override.setProperty("parallelism", "2");
    try (Connection connection = DriverManager.getConnection(url, override);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SET")) {
      Map<String, String> options = new TreeMap<>();
      while (rs.next()) {
        options.put(rs.getString(1), rs.getString(2));
      }
      assertEquals("2", options.get("parallelism"), "properties override the file");
      assertTrue(connection.getMetaData().getTables(null, null, "t", null).next(), "the table came back");
    }
    Files.writeString(config, "parallelism: [1, 2]\n");
    SQLException bad = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
    assertTrue(bad.getMessage().contains("'parallelism' must be a single value"), bad.getMessage());
  }

  @Test
  void embeddersUnwrapTheConnectionToReachTheSession() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:")) {
      assertTrue(connection.isWrapperFor(SluiceConnection.class));
      SluiceConnection sluice = connection.unwrap(SluiceConnection.class);
      sluice.session().execute("CREATE TABLE t (x INT) WITH ('connector' = 'blackhole')");
      try (ResultSet rs = connection.getMetaData().getColumns(null, null, "t", null)) {
        assertTrue(rs.next());
        assertEquals("x", rs.getString("COLUMN_NAME"));
      }
    }
  }
}
