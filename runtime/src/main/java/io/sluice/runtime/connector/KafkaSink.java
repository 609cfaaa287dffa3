package io.sluice.runtime.connector;

import io.sluice.plan.MetadataColumn;
import io.sluice.plan.TableSpec;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.checkpoint.CheckpointStore;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.format.FormatColumn;
import io.sluice.runtime.format.Formats;
import io.sluice.runtime.format.RecordEncoder;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import io.sluice.runtime.operator.StreamOperator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A Kafka sink: every row becomes a record of the table's topic (value in {@code 'format'}, key
 * from {@code 'key.fields'} in {@code 'key.format'}, record time from a {@code timestamp}
 * metadata column).
 *
 * <p>Without checkpoints (or with {@code 'sink.delivery-guarantee' = 'at-least-once'}) delivery
 * is at least once: records are sent as rows arrive, the producer is flushed at every checkpoint
 * and when the job finishes, and a failed send fails the job at the next batch or flush.
 *
 * <p>With checkpoints the sink is exactly-once, by this protocol:
 * <ol>
 *   <li>The sink's one producer has {@code transactional.id} = the table's
 *       {@code 'sink.transactional-id-prefix'} (by default derived from the checkpoint directory
 *       and the table name, so it is stable across restarts of the same job).
 *       {@code initTransactions()} at open fences any earlier process of the job and aborts its
 *       open transaction, or waits until a commit it had begun has completed.
 *   <li>The rows of epoch N (those before checkpoint N's barrier) are encoded and kept; at
 *       checkpoint N's snapshot they are written into the checkpoint with every older epoch not
 *       yet committed, so the checkpoint holds them durably: the pre-commit.
 *   <li>When checkpoint N is durable, the epochs up to N are sent in one transaction that also
 *       commits, through {@code sendOffsetsToTransaction}, the offset N with this run's id as
 *       metadata for the consumer group named like the transactional id on the topic's
 *       partition 0: a marker of the last committed epoch, visible atomically with the records.
 *   <li>A restore from checkpoint N reads the marker (after {@code initTransactions()}, with
 *       {@code requireStable}); epochs of N's state that the marker does not cover (a crash
 *       came after the checkpoint was durable, before or during the commit) are committed now,
 *       the others dropped. Rows after checkpoint N were never pre-committed; the restored job
 *       produces them again into later epochs.
 * </ol>
 * A Kafka transaction cannot be resumed by another process with the public producer API (the
 * producer id and epoch of an open transaction are lost with the process, and
 * {@code initTransactions()} aborts it), so the records of an epoch are not streamed into an
 * open transaction but kept in the checkpoint until it is durable; the price is that an
 * epoch's output is held in memory and written into the checkpoint, and that it is sent after
 * the checkpoint, on the job thread.
 *
 * <p>Tests prove the crash window between a durable checkpoint and its commit with
 * {@code 'sink.test.crash-before-commit' = 'N'}: a run that restored no checkpoint halts (no
 * shutdown hooks, as under {@code kill -9}) when it is about to commit epochs after checkpoint N
 * or a later one is durable; the restarted run restores and must commit them.
 */
final class KafkaSink implements StreamOperator {
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);

  private final TableSpec table;
  private final String topic;
  private final RecordEncoder valueEncoder;
  private final RecordEncoder keyEncoder;
  private final int timestampColumn;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private KafkaProducer<byte[], byte[]> producer;
  private LongAdder written;
  private LongAdder committedEpochs;
  private boolean exactlyOnce;
  /** Exactly-once mode: the producer's transactional id, also the marker's consumer group. */
  private String transactionalId;
  /** Exactly-once mode: identifies this job's run in the marker, so a marker a deleted checkpoint directory left does not count. */
  private String runId;
  /** Exactly-once mode: the rows since the last checkpoint. */
  private Epoch current = new Epoch();
  /** Exactly-once mode: pre-committed epochs by checkpoint id, not yet committed to Kafka. */
  private final NavigableMap<Long, Epoch> pending = new TreeMap<>();
  /** The test hook {@code 'sink.test.crash-before-commit'}: halt before committing after this checkpoint; 0 for never. */
  private final long crashBeforeCommit;
  private boolean restored;

  /** The encoded records of one epoch, in arrival order. */
  private static final class Epoch {
    byte[][] keys = new byte[64][];
    byte[][] values = new byte[64][];
    long[] times = new long[64];
    int size;

    void add(byte[] key, byte[] value, long time) {
      if (size == values.length) {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
        times = Arrays.copyOf(times, size * 2);
      }
      keys[size] = key;
      values[size] = value;
      times[size] = time;
      size++;
    }
  }

  KafkaSink(TableSpec table) {
    this.table = table;
    this.topic = table.option("topic", "");
    List<FormatColumn> values = new ArrayList<>();
    for (int column : KafkaConnector.valueColumns(table)) {
      values.add(new FormatColumn(table.schema().field(column).name(), table.schema().type(column), column));
    }
    this.valueEncoder = Formats.encoder(table.option("format", table.option("value.format", "json")), table, "", values);
    List<FormatColumn> keys = new ArrayList<>();
    for (String name : KafkaConnector.keyFields(table)) {
      int column = table.schema().indexOf(name);
      keys.add(new FormatColumn(name, table.schema().type(column), column));
    }
    this.keyEncoder = keys.isEmpty() ? null : Formats.encoder(table.option("key.format", "raw"), table, "key.", keys);
    int timestamp = -1;
    for (MetadataColumn column : table.metadata()) {
      if (column.key().equals("timestamp") && !column.virtual()) {
        timestamp = column.column();
      }
    }
    this.timestampColumn = timestamp;
    this.crashBeforeCommit = DatagenConnector.longOption(table, "sink.test.crash-before-commit", 0);
  }

  @Override
  public void open(OperatorContext context) {
    Properties properties = KafkaConnector.clientProperties(table);
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    boolean checkpointed = CheckpointStore.enabled(context.options());
    String guarantee = table.option("sink.delivery-guarantee", checkpointed ? "exactly-once" : "at-least-once");
    if (!guarantee.equals("exactly-once") && !guarantee.equals("at-least-once")) {
      throw new IllegalArgumentException("Table '" + table.name()
          + "': 'sink.delivery-guarantee' must be 'exactly-once' or 'at-least-once', not '" + guarantee + "'");
    }
    if (guarantee.equals("exactly-once") && !checkpointed) {
      throw new IllegalArgumentException("Table '" + table.name() + "': 'sink.delivery-guarantee' = 'exactly-once'"
          + " commits on checkpoints; set 'checkpoint.dir' or use 'at-least-once'");
    }
    exactlyOnce = guarantee.equals("exactly-once");
    written = context.metrics().counter(table.name() + ".rows-written");
    if (!exactlyOnce) {
      producer = new KafkaProducer<>(properties);
      return;
    }
    transactionalId = table.option("sink.transactional-id-prefix",
        defaultTransactionalId(context.options().getOrDefault(CheckpointStore.DIR_OPTION, "")));
    properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    committedEpochs = context.metrics().counter(table.name() + ".committed-transactions");
    runId = UUID.randomUUID().toString();
    producer = new KafkaProducer<>(properties);
    try {
      producer.initTransactions();
    } catch (KafkaException e) {
      throw failed("cannot initialise the transactional producer '" + transactionalId + "'", e);
    }
  }

  /** {@code sluice-<table>-<digest of the checkpoint directory>}: the same for every restart of the job. */
  private String defaultTransactionalId(String checkpointDir) {
    String where = checkpointDir.isBlank() ? UUID.randomUUID().toString()
        : Path.of(checkpointDir).toAbsolutePath().normalize().toString();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
          (where + "\u0000" + table.name()).getBytes(StandardCharsets.UTF_8));
      return "sluice-" + table.name() + "-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    checkFailure();
    FieldVector times = timestampColumn < 0 ? null : batch.column(timestampColumn);
    for (int row = 0; row < batch.rowCount(); row++) {
      byte[] key = keyEncoder == null ? null : keyEncoder.encode(batch, row);
      byte[] value = valueEncoder.encode(batch, row);
      if (exactlyOnce) {
        current.add(key, value, times == null || times.isNull(row) ? Long.MIN_VALUE
            : ((TimeStampMilliVector) times).get(row));
        continue;
      }
      Long timestamp = times == null || times.isNull(row) ? null : ((TimeStampMilliVector) times).get(row);
      producer.send(new ProducerRecord<>(topic, null, timestamp, key, value), (metadata, error) -> {
        if (error != null) {
          failure.compareAndSet(null, error);
        }
      });
    }
    written.add(batch.rowCount());
  }

  @Override
  public void finish(Collector out) {
    if (exactlyOnce) {
      // The job's final checkpoint pre-commits the last epoch and its completion commits it.
      return;
    }
    producer.flush();
    checkFailure();
  }

  @Override
  public boolean supportsCheckpoints() {
    return true;
  }

  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    if (!exactlyOnce) {
      // At least once: everything before the barrier is in Kafka before the checkpoint counts.
      producer.flush();
      checkFailure();
      return;
    }
    if (current.size > 0) {
      pending.put(checkpoint, current);
      current = new Epoch();
    }
    state.writeString(runId);
    state.writeInt(pending.size());
    for (Map.Entry<Long, Epoch> entry : pending.entrySet()) {
      Epoch epoch = entry.getValue();
      state.writeLong(entry.getKey());
      state.writeInt(epoch.size);
      state.writeByteArrays(epoch.keys, epoch.size);
      state.writeByteArrays(epoch.values, epoch.size);
      state.writeLongs(epoch.times, epoch.size);
    }
  }

  @Override
  public void checkpointComplete(long checkpoint) {
    if (!exactlyOnce) {
      return;
    }
    if (crashBeforeCommit > 0 && !restored && checkpoint >= crashBeforeCommit && !pending.headMap(checkpoint, true).isEmpty()) {
      System.err.println("Table '" + table.name() + "': halting before committing checkpoint " + checkpoint
          + " ('sink.test.crash-before-commit')");
      Runtime.getRuntime().halt(137);
    }
    commitUpTo(checkpoint);
  }

  @Override
  public void restore(long checkpoint, StateReader state) {
    if (!exactlyOnce) {
      return;
    }
    restored = true;
    runId = state.readString();
    int count = state.readInt();
    for (int i = 0; i < count; i++) {
      long id = state.readLong();
      Epoch epoch = new Epoch();
      epoch.size = state.readInt();
      epoch.keys = state.readByteArrays(1);
      epoch.values = state.readByteArrays(1);
      epoch.times = state.readLongs(1);
      pending.put(id, epoch);
    }
    if (pending.isEmpty()) {
      return;
    }
    long committed = committedEpoch();
    pending.headMap(committed, true).clear();
    if (!pending.isEmpty()) {
      System.err.println("Table '" + table.name() + "': committing epochs " + pending.firstKey() + ".."
          + pending.lastKey() + " of checkpoint " + checkpoint + ", which the previous run had not committed");
      commitUpTo(checkpoint);
    }
  }

  /** The last epoch this run committed, from the marker in the transactional id's consumer group; -1 for none. */
  private long committedEpoch() {
    Properties properties = KafkaConnector.clientProperties(table);
    try (Admin admin = Admin.create(properties)) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(transactionalId,
          new ListConsumerGroupOffsetsOptions().requireStable(true)).partitionsToOffsetAndMetadata()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      OffsetAndMetadata marker = offsets.get(markerPartition());
      return marker != null && runId.equals(marker.metadata()) ? marker.offset() : -1;
    } catch (ExecutionException | TimeoutException e) {
      throw failed("cannot read which epochs the last run committed (consumer group '" + transactionalId + "')", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed("interrupted while reading the commit marker", e);
    }
  }

  private TopicPartition markerPartition() {
    return new TopicPartition(topic, 0);
  }

  /** Sends every pending epoch up to {@code checkpoint} and the marker in one transaction, and commits it. */
  private void commitUpTo(long checkpoint) {
    NavigableMap<Long, Epoch> due = pending.headMap(checkpoint, true);
    if (due.isEmpty()) {
      return;
    }
    long last = due.lastKey();
    try {
      producer.beginTransaction();
      for (Epoch epoch : due.values()) {
        for (int i = 0; i < epoch.size; i++) {
          Long time = epoch.times[i] == Long.MIN_VALUE ? null : epoch.times[i];
          producer.send(new ProducerRecord<>(topic, null, time, epoch.keys[i], epoch.values[i]), (metadata, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            }
          });
        }
      }
      producer.sendOffsetsToTransaction(Map.of(markerPartition(), new OffsetAndMetadata(last, runId)),
          new ConsumerGroupMetadata(transactionalId));
      producer.commitTransaction();
    } catch (ProducerFencedException e) {
      throw failed("another run of this job (transactional id '" + transactionalId + "') has taken over; stop it or"
          + " give this table its own 'sink.transactional-id-prefix'", e);
    } catch (KafkaException e) {
      throw failed("committing epochs up to checkpoint " + last + " failed", e);
    }
    checkFailure();
    due.clear();
    committedEpochs.increment();
  }

  private ExternalDataException failed(String what, Exception cause) {
    return new ExternalDataException("Table '" + table.name() + "': writing to Kafka topic '" + topic + "': " + what
        + ": " + cause.getMessage(), cause);
  }

  private void checkFailure() {
    Exception error = failure.get();
    if (error != null) {
      throw new ExternalDataException("Table '" + table.name() + "': writing to Kafka topic '" + topic + "' failed: "
          + error.getMessage(), error);
    }
  }

  @Override
  public void close() {
    if (producer != null) {
      // Close flushes what is buffered, so a cancelled continuous INSERT keeps what it produced; in
      // exactly-once mode no transaction is open between commits, and uncommitted epochs wait for a restore.
      producer.close();
      producer = null;
    }
  }
}
