package io.sluice.shell.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka source and sink against a real in-process broker, through the JDBC driver. */
class KafkaConnectorIT {
  private static TestBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = TestBroker.get();
  }

  @Test
  void readsEveryPartitionWithMetadataColumnsAndEnds() throws Exception {
    broker.createTopic("bids", 3);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      values.add("{\"id\": " + i + ", \"price\": " + (i * 10) + ", \"ts\": \"2024-01-01 00:00:"
          + String.format("%02d", i % 60) + "\"}");
    }
    produce("bids", values, i -> i % 3);
    try (Connection connection = connect()) {
      execute(connection, "CREATE TABLE bids (id BIGINT, price BIGINT, ts TIMESTAMP(3), "
          + "part INT METADATA FROM 'partition', off BIGINT METADATA FROM 'offset' VIRTUAL, "
          + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) " + kafka("bids", "'scan.startup.mode' = 'earliest-offset'"));
      assertEquals(List.of("0,30,29,13050", "1,30,29,13350", "2,30,29,13650"),
          query(connection, "SELECT part, COUNT(*), MAX(off), SUM(price) FROM bids GROUP BY part ORDER BY part"));
    }
  }

  @Test
  void pipelineFromTopicToTopicKeepsEveryRowAndKey() throws Exception {
    broker.createTopic("orders", 2);
    broker.createTopic("big-orders", 1);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      values.add("{\"id\": " + i + ", \"item\": \"item-" + i + "\", \"amount\": " + i + ".5}");
    }
    produce("orders", values, i -> i % 2);
    try (Connection connection = connect()) {
      execute(connection, "CREATE TABLE orders (id BIGINT, item VARCHAR, amount DOUBLE) " + kafka("orders", ""));
      execute(connection, "CREATE TABLE big_orders (id BIGINT, item VARCHAR, amount DOUBLE) "
          + kafka("big-orders", "'key.fields' = 'item', 'key.format' = 'raw'"));
      execute(connection, "INSERT INTO big_orders SELECT id, UPPER(item), amount FROM orders WHERE amount > 30");
      connection.unwrap(io.sluice.jdbc.SluiceConnection.class).session().awaitJobs();
      assertEquals(List.of("10,ITEM-30,ITEM-39,350.0"),
          query(connection, "SELECT COUNT(*), MIN(item), MAX(item), SUM(amount) FROM big_orders"));
      execute(connection, "CREATE TABLE big_keys (item VARCHAR, id BIGINT, amount DOUBLE) "
          + kafka("big-orders", "'key.fields' = 'item', 'key.format' = 'raw', 'value.fields-include' = 'EXCEPT_KEY'"));
      assertEquals(List.of("ITEM-31,31"), query(connection, "SELECT item, id FROM big_keys WHERE id = 31"));
    }
  }

  @Test
  void poisonRecordsFailSkipOrGoToTheDeadLetterTable(@TempDir Path dir) throws Exception {
    broker.createTopic("poison", 1);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      values.add(i == 0 || i == 5 || i == 9 ? "{\"id\": \"not a number\"" : "{\"id\": " + i + "}");
    }
    produce("poison", values, i -> 0);
    try (Connection connection = connect()) {
      execute(connection, "CREATE TABLE strict_poison (id BIGINT) " + kafka("poison", ""));
      SQLException failure = assertThrows(SQLException.class, () -> query(connection, "SELECT * FROM strict_poison"));
      assertTrue(failure.getMessage().contains("topic poison partition 0 offset 0"), failure.getMessage());

      execute(connection, "CREATE TABLE lenient_poison (id BIGINT) " + kafka("poison", "'errors' = 'skip'"));
      assertEquals(List.of("7,31"), query(connection, "SELECT COUNT(*), SUM(id) FROM lenient_poison"));

      execute(connection, "CREATE TABLE dead (source VARCHAR, location VARCHAR, reason VARCHAR, payload VARCHAR, "
          + "failed_at TIMESTAMP(3)) WITH ('connector' = 'file', 'path' = '" + dir.resolve("dead") + "', 'format' = 'json')");
      execute(connection, "CREATE TABLE dl_poison (id BIGINT) "
          + kafka("poison", "'errors' = 'dead-letter', 'dead-letter.table' = 'dead'"));
      assertEquals(List.of("7"), query(connection, "SELECT COUNT(*) FROM dl_poison"));
      assertEquals(List.of("dl_poison,topic poison partition 0 offset 0,{\"id\": \"not a number\"",
              "dl_poison,topic poison partition 0 offset 5,{\"id\": \"not a number\"",
              "dl_poison,topic poison partition 0 offset 9,{\"id\": \"not a number\""),
          query(connection, "SELECT source, location, payload FROM dead ORDER BY location"));
    }
  }

  /** A user function for {@link #aFailingUserFunctionNamesTheRecordsTopicPartitionAndOffset}: it rejects 7. */
  public static final class NoSevens {
    public long eval(long id) {
      if (id == 7) {
        throw new IllegalArgumentException("seven");
      }
      return id;
    }
  }

  @Test
  void aFailingUserFunctionNamesTheRecordsTopicPartitionAndOffset() throws Exception {
    broker.createTopic("numbers", 2);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      values.add("{\"id\": " + i + "}");
    }
    // Partition 1 gets the odd ids, so 7 is its fourth record, at offset 3.
    produce("numbers", values, i -> i % 2);
    try (Connection connection = connect()) {
      connection.unwrap(io.sluice.jdbc.SluiceConnection.class).registerFunction("no_sevens", NoSevens.class);
      execute(connection, "CREATE TABLE numbers (id BIGINT) " + kafka("numbers", ""));
      SQLException failure = assertThrows(SQLException.class,
          () -> query(connection, "SELECT no_sevens(id) FROM numbers WHERE id > 2"));
      assertTrue(failure.getMessage().contains("Function 'no_sevens' failed on arguments (7) at topic 'numbers'"
          + " partition 1 offset 3: java.lang.IllegalArgumentException: seven"), failure.getMessage());
    }
  }

  @Test
  void anIdlePartitionStopsHoldingBackTheWatermark() throws Exception {
    broker.createTopic("clicks", 2);
    List<String> values = new ArrayList<>();
    for (int second = 1; second <= 29; second++) {
      values.add(click(second));
    }
    produce("clicks", values, i -> 0);
    // Partition 1 gets one early record, then stays silent while partition 0 keeps going.
    produce("clicks", List.of(click(2)), i -> 1);
    java.util.concurrent.atomic.AtomicBoolean producing = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread active = new Thread(() -> {
      for (int second = 30; producing.get() && second < 3600; second++) {
        produce("clicks", List.of(click(second)), i -> 0);
        sleep(100);
      }
    });
    active.start();
    String columns = "(id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) ";
    String unbounded = "WITH ('connector' = 'kafka', 'topic' = 'clicks', 'properties.bootstrap.servers' = '"
        + broker.bootstrapServers() + "', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset'";
    String windows = " SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE %s, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
        + " GROUP BY window_start, window_end";
    java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
    try (Connection connection = connect()) {
      execute(connection, "CREATE TABLE held_clicks " + columns + unbounded + ")");
      execute(connection, "CREATE TABLE clicks " + columns + unbounded + ", 'scan.watermark.idle-timeout' = '1 s')");
      // Without the idle timeout the silent partition's watermark (1 s) holds every window back.
      try (Statement held = connection.createStatement()) {
        ResultSet rows = held.executeQuery(String.format(windows, "held_clicks"));
        java.util.concurrent.Future<Boolean> first = reader.submit(rows::next);
        assertThrows(java.util.concurrent.TimeoutException.class,
            () -> first.get(3, java.util.concurrent.TimeUnit.SECONDS));
        held.cancel();
        first.cancel(true);
      }
      try (Statement statement = connection.createStatement()) {
        ResultSet rows = statement.executeQuery(String.format(windows, "clicks"));
        java.util.concurrent.Future<List<String>> firstTwo = reader.submit(() -> {
          List<String> windowRows = new ArrayList<>();
          while (windowRows.size() < 2 && rows.next()) {
            windowRows.add(rows.getString(1) + "," + rows.getLong(2));
          }
          return windowRows;
        });
        assertEquals(List.of("2024-01-01 00:00:00.000,10", "2024-01-01 00:00:10.000,10"),
            firstTwo.get(30, java.util.concurrent.TimeUnit.SECONDS));
        statement.cancel();
      }
    } finally {
      producing.set(false);
      active.join();
      reader.shutdownNow();
    }
  }

  private static String click(int second) {
    return String.format("{\"id\": %d, \"ts\": \"2024-01-01 00:%02d:%02d\"}", second, second / 60, second % 60);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void oversizedRecordsFollowThePolicy() throws Exception {
    broker.createTopic("big", 1);
    String huge = "{\"id\": 2, \"text\": \"" + "x".repeat(100_000) + "\"}";
    produce("big", List.of(huge, "{\"id\": 1}", huge), i -> 0);
    try (Connection connection = connect()) {
      String limit = "'max-record-size' = '64 KB'";
      execute(connection, "CREATE TABLE strict_big (id BIGINT, text VARCHAR) " + kafka("big", limit));
      SQLException failure = assertThrows(SQLException.class, () -> query(connection, "SELECT id FROM strict_big"));
      assertTrue(failure.getMessage().contains("topic big partition 0 offset 0")
          && failure.getMessage().contains("above 'max-record-size'"), failure.getMessage());
      execute(connection, "CREATE TABLE lenient_big (id BIGINT, text VARCHAR) " + kafka("big", limit + ", 'errors' = 'skip'"));
      assertEquals(List.of("1"), query(connection, "SELECT id FROM lenient_big"));
      execute(connection, "CREATE TABLE roomy_big (id BIGINT, text VARCHAR) " + kafka("big", "'errors' = 'skip'"));
      assertEquals(List.of("3,200000"), query(connection, "SELECT COUNT(*), SUM(CHAR_LENGTH(text)) FROM roomy_big"));
    }
  }

  private static String kafka(String topic, String extra) {
    return "WITH ('connector' = 'kafka', 'topic' = '" + topic + "', 'properties.bootstrap.servers' = '"
        + broker.bootstrapServers() + "', 'format' = 'json', 'scan.bounded.mode' = 'latest-offset'"
        + (extra.isEmpty() ? "" : ", " + extra) + ")";
  }

  private static void produce(String topic, List<String> values, java.util.function.IntUnaryOperator partition) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
        broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < values.size(); i++) {
        producer.send(new ProducerRecord<>(topic, partition.applyAsInt(i), null,
            values.get(i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sluice:");
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
