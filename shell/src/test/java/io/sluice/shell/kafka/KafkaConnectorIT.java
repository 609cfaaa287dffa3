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
