package io.sluice.shell.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.shell.ChildJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once Kafka to Kafka with real processes: a TUMBLE aggregation over a three-partition
 * topic, and an interval join of two multi-partition topics, into the transactional Kafka sink
 * run as {@code sluice run} in a child JVM that is killed with SIGKILL several times at random
 * moments (the aggregation's first run also halts between a durable checkpoint and its
 * commit), each time restarted with the same checkpoint directory; a {@code read_committed}
 * consumer must then see exactly the rows of the same query run straight, without checkpoints.
 */
class KafkaExactlyOnceIT {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final int PARTITIONS = 3;
  private static final int ROWS = 200_000;
  private static final int JOIN_ROWS = 60_000;

  @TempDir
  Path dir;

  @Test
  void windowAggregateFromKafkaToTransactionalKafkaSurvivesKillNine() throws Exception {
    TestBroker broker = TestBroker.get();
    broker.createTopic("eo-events", PARTITIONS);
    broker.createTopic("eo-oracle", 1);
    broker.createTopic("eo-totals", 2);
    long produced = produceEvents(broker.bootstrapServers());

    ChildJobs.run(script(broker, "eo-oracle", null), dir.resolve("oracle.log"));
    List<String> expected = readCommitted(broker.bootstrapServers(), "eo-oracle");
    assertTrue(expected.size() > 10_000, "the oracle produced " + expected.size() + " rows");
    // Per partition the input is out of order by less than the watermark delay: no row is late, whatever the interleaving.
    assertEquals(produced, expected.stream().mapToLong(line -> Long.parseLong(line.split(",")[3])).sum());

    Path checkpoints = dir.resolve("chk");
    Path job = script(broker, "eo-totals", checkpoints);
    // The first run halts once a checkpoint with output is durable, before committing it; the next must commit it.
    Process halted = ChildJobs.start(job, dir.resolve("halted.log"));
    assertTrue(halted.waitFor(3, TimeUnit.MINUTES));
    assertEquals(137, halted.exitValue(), Files.readString(dir.resolve("halted.log")));
    int killed = killFiveTimesThenFinish(job, checkpoints, "run-", new Random(7));
    String resumed = Files.readString(dir.resolve("run-0.log"));
    assertTrue(resumed.contains("which the previous run had not committed"), resumed);
    List<String> actual = readCommitted(broker.bootstrapServers(), "eo-totals");
    assertEquals(expected.size(), actual.size(), "committed rows after " + killed + " kills");
    assertEquals(expected, actual);
  }

  @Test
  void intervalJoinOfTwoKafkaTopicsToTransactionalKafkaSurvivesKillNine() throws Exception {
    TestBroker broker = TestBroker.get();
    broker.createTopic("ij-orders", PARTITIONS);
    broker.createTopic("ij-payments", 2);
    broker.createTopic("ij-oracle", 1);
    broker.createTopic("ij-matched", 2);
    long matchable = produceOrdersAndPayments(broker.bootstrapServers());

    ChildJobs.run(joinScript(broker, "ij-oracle", null), dir.resolve("join-oracle.log"));
    List<String> expected = readCommitted(broker.bootstrapServers(), "ij-oracle");
    // Both inputs are out of order by less than their watermark delay: no row is late, every partner is found.
    assertEquals(matchable, expected.size(), "the straight run's matches");

    Path checkpoints = dir.resolve("join-chk");
    Path job = joinScript(broker, "ij-matched", checkpoints);
    int killed = killFiveTimesThenFinish(job, checkpoints, "join-run-", new Random(23));
    List<String> actual = readCommitted(broker.bootstrapServers(), "ij-matched");
    assertEquals(expected.size(), actual.size(), "committed rows after " + killed + " kills");
    assertEquals(expected, actual);
  }

  /**
   * Runs {@code job} five times, each killed with SIGKILL up to 120 ms after it completed one to
   * three new checkpoints (so possibly mid-checkpoint or mid-commit), then once to its end;
   * returns how many runs were killed, at least three.
   */
  private int killFiveTimesThenFinish(Path job, Path checkpoints, String logPrefix, Random random) throws Exception {
    int killed = 0;
    for (int attempt = 0; attempt < 5; attempt++) {
      if (ChildJobs.runAndKill(job, dir.resolve(logPrefix + attempt + ".log"), checkpoints, 1 + random.nextInt(3),
          random.nextInt(120))) {
        killed++;
      }
    }
    ChildJobs.run(job, dir.resolve(logPrefix + "final.log"));
    assertTrue(killed >= 3, "only " + killed + " runs were killed before the job ended");
    return killed;
  }

  /**
   * Orders (three partitions) and payments (two partitions, other order) with ids 0..JOIN_ROWS-1;
   * order times 7 ms apart give or take 1.2 s, a payment 0 to 4 s after its order. Returns how
   * many payments fall within 3 s of their order: the rows the interval join must find.
   */
  private static long produceOrdersAndPayments(String bootstrap) {
    Random random = new Random(13);
    long base = 1_700_000_000_000L;
    long matchable = 0;
    Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "linger.ms", 20, "batch.size", 1 << 18,
        "key.serializer", ByteArraySerializer.class.getName(), "value.serializer", ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      for (int n = 0; n < JOIN_ROWS; n++) {
        long ordered = base + n * 7L - random.nextInt(1200);
        long delay = random.nextInt(4000);
        matchable += delay <= 3000 ? 1 : 0;
        String order = "{\"id\": " + n + ", \"k\": " + (n % 97) + ", \"v\": " + (1 + random.nextInt(1000))
            + ", \"ts\": \"" + TIME.format(Instant.ofEpochMilli(ordered)) + "\"}";
        String payment = "{\"id\": " + n + ", \"amount\": " + random.nextInt(10_000)
            + ", \"ts\": \"" + TIME.format(Instant.ofEpochMilli(ordered + delay)) + "\"}";
        producer.send(new ProducerRecord<>("ij-orders", n % PARTITIONS, null, order.getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>("ij-payments", (n / 3) % 2, null,
            payment.getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
    return matchable;
  }

  private Path joinScript(TestBroker broker, String outTopic, Path checkpoints) throws Exception {
    StringBuilder sql = new StringBuilder();
    if (checkpoints != null) {
      sql.append("SET 'checkpoint.dir' = '").append(checkpoints).append("';\n");
      sql.append("SET 'checkpoint.interval' = '100 ms';\n");
    }
    String kafka = "'connector' = 'kafka', 'properties.bootstrap.servers' = '" + broker.bootstrapServers() + "'";
    String bounded = ", 'format' = 'json', 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset'";
    sql.append("CREATE TABLE orders (id BIGINT, k INT, v BIGINT, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '6' SECOND)\n  WITH (").append(kafka)
        .append(", 'topic' = 'ij-orders'").append(bounded).append(");\n");
    sql.append("CREATE TABLE payments (id BIGINT, amount BIGINT, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '6' SECOND)\n  WITH (").append(kafka)
        .append(", 'topic' = 'ij-payments'").append(bounded).append(");\n");
    sql.append("CREATE TABLE matched (id BIGINT, k INT, v BIGINT, amount BIGINT, ordered TIMESTAMP(3),"
        + " paid TIMESTAMP(3))\n  WITH (").append(kafka).append(", 'topic' = '").append(outTopic)
        .append("', 'format' = 'csv');\n");
    sql.append("INSERT INTO matched SELECT o.id, o.k, o.v, p.amount, o.ts, p.ts\n"
        + "FROM orders o JOIN payments p\n"
        + "  ON o.id = p.id AND p.ts BETWEEN o.ts AND o.ts + INTERVAL '3' SECOND;\n");
    Path file = dir.resolve(outTopic + ".sql");
    Files.writeString(file, sql);
    return file;
  }

  /** Events spread round robin over the partitions, event time 7 ms apart give or take 1.2 s, 97 keys. */
  private static long produceEvents(String bootstrap) {
    Random random = new Random(11);
    long base = 1_700_000_000_000L;
    Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "linger.ms", 20, "batch.size", 1 << 18,
        "key.serializer", ByteArraySerializer.class.getName(), "value.serializer", ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      for (int n = 0; n < ROWS; n++) {
        long time = base + n * 7L - random.nextInt(1200);
        String value = "{\"id\": " + n + ", \"k\": " + (n % 97) + ", \"v\": " + (1 + random.nextInt(1000))
            + ", \"ts\": \"" + TIME.format(Instant.ofEpochMilli(time)) + "\"}";
        producer.send(new ProducerRecord<>("eo-events", n % PARTITIONS, null, value.getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
    return ROWS;
  }

  private Path script(TestBroker broker, String outTopic, Path checkpoints) throws Exception {
    StringBuilder sql = new StringBuilder();
    if (checkpoints != null) {
      sql.append("SET 'checkpoint.dir' = '").append(checkpoints).append("';\n");
      sql.append("SET 'checkpoint.interval' = '100 ms';\n");
    }
    String servers = "'properties.bootstrap.servers' = '" + broker.bootstrapServers() + "'";
    sql.append("CREATE TABLE events (id BIGINT, k INT, v BIGINT, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)\n  WITH ('connector' = 'kafka', 'topic' = 'eo-events', ")
        .append(servers).append(", 'format' = 'json', 'scan.startup.mode' = 'earliest-offset',"
            + " 'scan.bounded.mode' = 'latest-offset');\n");
    sql.append("CREATE TABLE totals (k INT, window_start TIMESTAMP(3), window_end TIMESTAMP(3), c BIGINT, s BIGINT)\n"
        + "  WITH ('connector' = 'kafka', 'topic' = '").append(outTopic).append("', ").append(servers)
        .append(", 'format' = 'csv'").append(checkpoints == null ? "" : ", 'sink.test.crash-before-commit' = '3'")
        .append(");\n");
    sql.append("INSERT INTO totals SELECT k, window_start, window_end, COUNT(*), SUM(v)\n"
        + "FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))\n"
        + "GROUP BY k, window_start, window_end;\n");
    Path file = dir.resolve(outTopic + ".sql");
    Files.writeString(file, sql);
    return file;
  }

  /** Every committed record value of {@code topic}, read with {@code read_committed} to its end, sorted. */
  private static List<String> readCommitted(String bootstrap, String topic) {
    Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed",
        "key.deserializer", ByteArrayDeserializer.class.getName(),
        "value.deserializer", ByteArrayDeserializer.class.getName());
    List<String> rows = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        assertTrue(System.nanoTime() < deadline, "reading " + topic + " did not reach its end offsets " + ends);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          rows.add(new String(record.value(), StandardCharsets.UTF_8));
        }
      }
    }
    rows.sort(null);
    return rows;
  }
}
