package io.sluice.shell.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File sources through the JDBC driver: bad records of every kind under each policy. */
class FileConnectorTest {
  @TempDir
  Path dir;

  /**
   * Bad UTF-8 on the first line, a 50 MB line in the middle and truncated JSON on the last,
   * between good lines, read under fail, skip and dead-letter.
   */
  @Test
  void oversizedBadUtf8AndTruncatedJsonFollowEachPolicy() throws Exception {
    Path data = dir.resolve("events.json");
    try (OutputStream bytes = new BufferedOutputStream(Files.newOutputStream(data))) {
      bytes.write("{\"id\": 1, \"name\": \"caf".getBytes(StandardCharsets.UTF_8));
      bytes.write(new byte[] {(byte) 0xC3, (byte) 0x28});
      bytes.write("\"}\n{\"id\": 2, \"name\": \"b\"}\n".getBytes(StandardCharsets.UTF_8));
      bytes.write("{\"id\": 3, \"name\": \"".getBytes(StandardCharsets.UTF_8));
      byte[] megabyte = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 50; i++) {
        bytes.write(megabyte);
      }
      bytes.write("\"}\n{\"id\": 4, \"name\": \"d\"}\n{\"id\": 5, \"na".getBytes(StandardCharsets.UTF_8));
    }
    String source = "(id BIGINT, name VARCHAR) WITH ('connector' = 'file', 'path' = '" + data
        + "', 'format' = 'json'";
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:")) {
      execute(connection, "CREATE TABLE strict " + source + ")");
      SQLException failure = assertThrows(SQLException.class, () -> query(connection, "SELECT * FROM strict"));
      assertTrue(failure.getMessage().contains("events.json line 1") && failure.getMessage().contains("UTF-8"),
          failure.getMessage());

      execute(connection, "CREATE TABLE lenient " + source + ", 'errors' = 'skip')");
      assertEquals(List.of("2,6"), query(connection, "SELECT COUNT(*), SUM(id) FROM lenient"));

      execute(connection, "CREATE TABLE dead (source VARCHAR, location VARCHAR, reason VARCHAR, payload VARCHAR, "
          + "failed_at TIMESTAMP(3)) WITH ('connector' = 'file', 'path' = '" + dir.resolve("dead")
          + "', 'format' = 'json')");
      execute(connection, "CREATE TABLE lettered " + source
          + ", 'errors' = 'dead-letter', 'dead-letter.table' = 'dead')");
      assertEquals(List.of("2,6"), query(connection, "SELECT COUNT(*), SUM(id) FROM lettered"));
      List<String> letters = query(connection,
          "SELECT location, CHAR_LENGTH(payload), reason FROM dead ORDER BY location");
      assertEquals(3, letters.size(), letters.toString());
      assertTrue(letters.get(0).matches(".*events\\.json line 1,\\d+,malformed JSON: Invalid UTF-8.*"), letters.get(0));
      assertTrue(letters.get(1).matches(".*events\\.json line 3,65536,the record is 524288\\d+ bytes long.*")
          || letters.get(1).matches(".*events\\.json line 3,65536,the record is more than \\d+ bytes long.*"),
          letters.get(1));
      assertTrue(letters.get(2).matches(".*events\\.json line 5,13,malformed JSON: Unexpected end-of-input.*"),
          letters.get(2));
    }
  }

  @Test
  void csvTextThatIsNotUtf8IsABadRecord() throws Exception {
    Path data = dir.resolve("names.csv");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write("1,ok\n2,".getBytes(StandardCharsets.UTF_8));
    bytes.write(new byte[] {(byte) 0xFF, 'x'});
    bytes.write("\n3,fine\n".getBytes(StandardCharsets.UTF_8));
    Files.write(data, bytes.toByteArray());
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:")) {
      execute(connection, "CREATE TABLE names (id BIGINT, name VARCHAR) WITH ('connector' = 'file', 'path' = '"
          + data + "', 'format' = 'csv')");
      SQLException failure = assertThrows(SQLException.class, () -> query(connection, "SELECT * FROM names"));
      assertTrue(failure.getMessage().contains("line 2") && failure.getMessage().contains("column 'name'")
          && failure.getMessage().contains("not valid UTF-8"), failure.getMessage());
      execute(connection, "CREATE TABLE some_names (id BIGINT, name VARCHAR) WITH ('connector' = 'file', 'path' = '"
          + data + "', 'format' = 'csv', 'errors' = 'skip')");
      assertEquals(List.of("1,ok", "3,fine"), query(connection, "SELECT * FROM some_names ORDER BY id"));
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String> query(Connection connection, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int c = 1; c <= columns; c++) {
          row.append(c > 1 ? "," : "").append(result.getString(c));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
