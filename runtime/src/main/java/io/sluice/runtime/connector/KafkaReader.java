package io.sluice.runtime.connector;

import io.sluice.plan.MetadataColumn;
import io.sluice.plan.TableSpec;
import io.sluice.runtime.batch.SourcePositions;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.CheckpointStore;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.format.BadRecordException;
import io.sluice.runtime.format.FormatColumn;
import io.sluice.runtime.format.Formats;
import io.sluice.runtime.format.RecordDecoder;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A Kafka source reading a set of partitions (splits) with one consumer: each batch holds
 * records of one partition, each partition keeps its own watermark (the maximum of the
 * watermark expression so far), and the source's watermark is their minimum over partitions
 * that are neither finished nor idle for {@code 'scan.watermark.idle-timeout'}. With
 * {@code 'scan.bounded.mode' = 'latest-offset'} a partition ends at the end offset seen at
 * start and the source ends when all have.
 *
 * <p>The reader is checkpointable: a snapshot holds, per partition, the offset of the next
 * record not yet emitted (records fetched but still buffered do not count), its watermark,
 * its end offset and whether it has finished; a restore seeks every partition there. The
 * dead-letter table's sink, if any, is snapshotted with the positions, so its epochs match.
 */
final class KafkaReader implements SourceReader {
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(20);

  private final ScanOutput output;
  private final SourcePositions rowPositions = new SourcePositions("offset");
  private final BadRecords badRecords;
  private final TableSpec table;
  private final List<TopicPartition> assigned;
  private final int batchSize;
  private final long idleTimeoutMillis;
  private final boolean bounded;

  private KafkaConsumer<byte[], byte[]> consumer;
  private final Map<TopicPartition, Split> splits = new HashMap<>();
  private ConsumerRecords<byte[], byte[]> buffered = ConsumerRecords.empty();
  private final List<TopicPartition> pendingPartitions = new ArrayList<>();
  private List<ConsumerRecord<byte[], byte[]>> pending = List.of();
  private int pendingIndex;
  private RecordDecoder valueDecoder;
  private RecordDecoder keyDecoder;
  private FieldVector[] metadataVectors;
  private String[] metadataKeys;

  /** One partition's progress. */
  private static final class Split {
    final TopicPartition partition;
    long endOffset = Long.MAX_VALUE;
    /** The offset of the next record to emit (or skip as bad); -1 until known. */
    long next = -1;
    long watermark = Long.MIN_VALUE;
    long lastRecordMillis = System.currentTimeMillis();
    boolean finished;

    Split(TopicPartition partition) {
      this.partition = partition;
    }
  }

  /**
   * @param assigned the partitions to read, or null for every partition of the table's topics;
   *     parallel execution gives each worker a disjoint share of {@link #discoverSplits}
   */
  KafkaReader(ScanOutput output, BadRecords badRecords, List<TopicPartition> assigned) {
    this.output = output;
    this.badRecords = badRecords;
    this.table = output.table();
    this.assigned = assigned;
    this.batchSize = (int) DatagenConnector.longOption(table, "batch.size", 4096);
    this.idleTimeoutMillis = KafkaConnector.durationOption(table, "scan.watermark.idle-timeout", Long.MAX_VALUE);
    String boundedMode = table.option("scan.bounded.mode", "unbounded");
    if (!boundedMode.equals("unbounded") && !boundedMode.equals("latest-offset")) {
      throw new IllegalArgumentException("Table '" + table.name()
          + "': 'scan.bounded.mode' must be 'unbounded' or 'latest-offset', not '" + boundedMode + "'");
    }
    this.bounded = boundedMode.equals("latest-offset");
  }

  /** Every partition of the table's topics ({@code 'topic'}, a {@code ;} list, or {@code 'topic-pattern'}). */
  static List<TopicPartition> discoverSplits(KafkaConsumer<?, ?> consumer, TableSpec table) {
    List<TopicPartition> partitions = new ArrayList<>();
    String pattern = table.option("topic-pattern", "");
    Map<String, List<PartitionInfo>> topics;
    if (!pattern.isEmpty()) {
      Pattern regex = Pattern.compile(pattern);
      topics = new HashMap<>(consumer.listTopics());
      topics.keySet().removeIf(topic -> !regex.matcher(topic).matches());
    } else {
      topics = new HashMap<>();
      for (String topic : table.option("topic", "").split(";")) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic.trim());
        if (infos == null || infos.isEmpty()) {
          throw new ExternalDataException("Table '" + table.name() + "': Kafka topic '" + topic.trim() + "' does not exist");
        }
        topics.put(topic.trim(), infos);
      }
    }
    topics.values().forEach(infos -> infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition()))));
    partitions.sort((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
        : a.topic().compareTo(b.topic()));
    return partitions;
  }

  @Override
  public void open(OperatorContext context) {
    output.open(context);
    badRecords.open(context);
    Properties properties = KafkaConnector.clientProperties(table);
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // Positions are the reader's business: they are committed explicitly, never in the background.
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(properties);
    List<TopicPartition> partitions = assigned != null ? assigned : discoverSplits(consumer, table);
    consumer.assign(partitions);
    partitions.forEach(partition -> splits.put(partition, new Split(partition)));
    seekToStart(partitions);
    if (bounded) {
      consumer.endOffsets(partitions).forEach((partition, end) -> {
        Split split = splits.get(partition);
        split.endOffset = end;
        if (consumer.position(partition) >= end) {
          finish(split);
        }
      });
    }
    if (CheckpointStore.enabled(context.options())) {
      // Snapshots need each partition's start, even for a partition that emits nothing before the first one.
      partitions.forEach(partition -> splits.get(partition).next = consumer.position(partition));
    }
    createDecoders(context);
  }

  private void seekToStart(List<TopicPartition> partitions) {
    String mode = table.option("scan.startup.mode", "group-offsets");
    switch (mode) {
      case "earliest-offset" -> consumer.seekToBeginning(partitions);
      case "latest-offset" -> consumer.seekToEnd(partitions);
      case "group-offsets" -> {
        Map<TopicPartition, OffsetAndMetadata> committed =
            table.option("properties.group.id", "").isEmpty() ? Map.of() : consumer.committed(new HashSet<>(partitions));
        List<TopicPartition> uncommitted = new ArrayList<>();
        for (TopicPartition partition : partitions) {
          OffsetAndMetadata offset = committed.get(partition);
          if (offset != null) {
            consumer.seek(partition, offset.offset());
          } else {
            uncommitted.add(partition);
          }
        }
        // Without a committed offset a partition starts where 'properties.auto.offset.reset' says (earliest by default).
        if (table.option("properties.auto.offset.reset", "earliest").equals("latest")) {
          consumer.seekToEnd(uncommitted);
        } else {
          consumer.seekToBeginning(uncommitted);
        }
      }
      case "timestamp" -> {
        String millis = table.option("scan.startup.timestamp-millis", "");
        if (!millis.matches("\\d+")) {
          throw new IllegalArgumentException("Table '" + table.name()
              + "': 'scan.startup.mode' = 'timestamp' needs 'scan.startup.timestamp-millis' (epoch milliseconds)");
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, Long.parseLong(millis)));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        List<TopicPartition> none = new ArrayList<>();
        for (TopicPartition partition : partitions) {
          OffsetAndTimestamp offset = found.get(partition);
          if (offset != null) {
            consumer.seek(partition, offset.offset());
          } else {
            none.add(partition);
          }
        }
        consumer.seekToEnd(none);
      }
      default -> throw new IllegalArgumentException("Table '" + table.name() + "': 'scan.startup.mode' must be "
          + "earliest-offset, latest-offset, group-offsets or timestamp, not '" + mode + "'");
    }
  }

  private void createDecoders(OperatorContext context) {
    FieldVector[] vectors = output.decoded().getFieldVectors().toArray(new FieldVector[0]);
    int[] decode = output.decodeColumns();
    int[] target = new int[table.schema().size()];
    Arrays.fill(target, -1);
    for (int i = 0; i < decode.length; i++) {
      target[decode[i]] = i;
    }
    List<FormatColumn> valueColumns = new ArrayList<>();
    for (int column : KafkaConnector.valueColumns(table)) {
      valueColumns.add(new FormatColumn(table.schema().field(column).name(), table.schema().type(column), target[column]));
    }
    valueDecoder = Formats.decoder(table.option("format", table.option("value.format", "json")), table, "",
        valueColumns, vectors);
    List<String> keyFields = KafkaConnector.keyFields(table);
    if (!keyFields.isEmpty() && table.option("value.fields-include", "ALL").equals("EXCEPT_KEY")) {
      List<FormatColumn> keyColumns = new ArrayList<>();
      for (String name : keyFields) {
        int column = table.schema().indexOf(name);
        keyColumns.add(new FormatColumn(name, table.schema().type(column), target[column]));
      }
      keyDecoder = Formats.decoder(table.option("key.format", "raw"), table, "key.", keyColumns, vectors);
    }
    List<FieldVector> metadata = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (MetadataColumn column : table.metadata()) {
      if (target[column.column()] >= 0) {
        metadata.add(vectors[target[column.column()]]);
        keys.add(column.key());
      }
    }
    metadataVectors = metadata.toArray(new FieldVector[0]);
    metadataKeys = keys.toArray(new String[0]);
  }

  @Override
  public Status poll(Collector out) {
    if (pendingIndex >= pending.size() && !nextPartition()) {
      if (splits.values().stream().allMatch(split -> split.finished)) {
        commit();
        output.end(out);
        badRecords.finish();
        return Status.END;
      }
      buffered = consumer.poll(POLL_TIMEOUT);
      pendingPartitions.addAll(buffered.partitions());
      if (!nextPartition()) {
        // Idle partitions may now stop holding the watermark back.
        output.advanceWatermark(mergedWatermark(), out);
        return Status.IDLE;
      }
    }
    ConsumerRecord<byte[], byte[]> first = pending.get(pendingIndex);
    Split split = splits.get(new TopicPartition(first.topic(), first.partition()));
    output.beginBatch();
    rowPositions.clear();
    String place = "topic '" + first.topic() + "' partition " + first.partition();
    int rows = 0;
    while (rows < batchSize && pendingIndex < pending.size()) {
      ConsumerRecord<byte[], byte[]> record = pending.get(pendingIndex++);
      if (record.offset() >= split.endOffset) {
        pendingIndex = pending.size();
        break;
      }
      if (decode(record, rows)) {
        rowPositions.set(rows++, place, record.offset());
      }
      split.next = record.offset() + 1;
      if (record.offset() + 1 >= split.endOffset) {
        finish(split);
      }
    }
    split.lastRecordMillis = System.currentTimeMillis();
    if (rows > 0) {
      split.watermark = Math.max(split.watermark, output.emitRows(rows, rowPositions, out));
    }
    output.advanceWatermark(mergedWatermark(), out);
    return Status.MORE;
  }

  private boolean nextPartition() {
    while (!pendingPartitions.isEmpty()) {
      TopicPartition partition = pendingPartitions.remove(0);
      pending = buffered.records(partition);
      pendingIndex = 0;
      if (!pending.isEmpty() && !splits.get(partition).finished) {
        return true;
      }
    }
    pending = List.of();
    pendingIndex = 0;
    return false;
  }

  private static String location(ConsumerRecord<byte[], byte[]> record) {
    return "topic " + record.topic() + " partition " + record.partition() + " offset " + record.offset();
  }

  private boolean decode(ConsumerRecord<byte[], byte[]> record, int row) {
    byte[] value = record.value();
    if (value != null && value.length > badRecords.maxRecordBytes()) {
      badRecords.handleOversized(location(record), value.length, true, value, 0);
      return false;
    }
    try {
      if (value == null) {
        throw new BadRecordException(null, "the record has no value (a tombstone)");
      }
      valueDecoder.decode(value, 0, value.length, row);
      if (keyDecoder != null) {
        byte[] key = record.key();
        if (key == null) {
          throw new BadRecordException(null, "the record has no key");
        }
        keyDecoder.decode(key, 0, key.length, row);
      }
    } catch (BadRecordException e) {
      badRecords.handle(location(record), e, value, 0, value == null ? 0 : value.length);
      return false;
    }
    for (int i = 0; i < metadataVectors.length; i++) {
      FieldVector vector = metadataVectors[i];
      switch (metadataKeys[i]) {
        case "partition" -> Vectors.setLong(vector, row, record.partition());
        case "offset" -> Vectors.setLong(vector, row, record.offset());
        case "timestamp" -> Vectors.setLong(vector, row, record.timestamp());
        default -> {
          byte[] topic = record.topic().getBytes(StandardCharsets.UTF_8);
          ((BaseVariableWidthVector) vector).setSafe(row, topic, 0, topic.length);
        }
      }
    }
    return true;
  }

  private void finish(Split split) {
    split.finished = true;
    consumer.pause(Set.of(split.partition));
  }

  /** The minimum watermark over partitions still active; finished and idle ones do not count. */
  private long mergedWatermark() {
    long now = System.currentTimeMillis();
    long min = Long.MAX_VALUE;
    boolean any = false;
    for (Split split : splits.values()) {
      if (split.finished || now - split.lastRecordMillis >= idleTimeoutMillis) {
        continue;
      }
      any = true;
      min = Math.min(min, split.watermark);
    }
    if (!any) {
      // Every partition is idle or done: the furthest watermark seen is safe to pass on.
      min = Long.MIN_VALUE;
      for (Split split : splits.values()) {
        if (!split.finished) {
          min = Math.max(min, split.watermark);
        }
      }
    }
    return min;
  }

  /** Commits the positions read so far when the table names a consumer group. */
  private void commit() {
    if (consumer != null && !table.option("properties.group.id", "").isEmpty()) {
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      for (TopicPartition partition : splits.keySet()) {
        offsets.put(partition, new OffsetAndMetadata(consumer.position(partition)));
      }
      consumer.commitSync(offsets);
    }
  }

  @Override
  public boolean supportsCheckpoints() {
    return badRecords.supportsCheckpoints();
  }

  @Override
  public void checkpointComplete(long checkpoint) {
    badRecords.checkpointComplete(checkpoint);
  }

  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    List<Split> ordered = ordered();
    state.writeInt(ordered.size());
    for (Split split : ordered) {
      state.writeString(split.partition.topic());
      state.writeInt(split.partition.partition());
      state.writeLong(split.next >= 0 ? split.next : consumer.position(split.partition));
      state.writeLong(split.endOffset);
      state.writeLong(split.watermark);
      state.writeBoolean(split.finished);
    }
    state.writeLong(output.watermark());
    badRecords.snapshot(checkpoint, state);
  }

  @Override
  public void restore(long checkpoint, StateReader state) {
    int count = state.readInt();
    for (int i = 0; i < count; i++) {
      TopicPartition partition = new TopicPartition(state.readString(), state.readInt());
      Split split = splits.get(partition);
      if (split == null) {
        throw new IllegalStateException("Table '" + table.name() + "': the checkpoint reads Kafka partition "
            + partition + ", which the table no longer reads; restore needs the same topics, or a new"
            + " 'checkpoint.dir' to start afresh");
      }
      split.next = state.readLong();
      split.endOffset = state.readLong();
      split.watermark = state.readLong();
      split.finished = state.readBoolean();
      split.lastRecordMillis = System.currentTimeMillis();
      consumer.seek(partition, split.next);
      if (split.finished) {
        consumer.pause(Set.of(partition));
      } else {
        consumer.resume(Set.of(partition));
      }
    }
    // Records fetched before the seek belong to the old positions.
    buffered = ConsumerRecords.empty();
    pendingPartitions.clear();
    pending = List.of();
    pendingIndex = 0;
    output.restoreWatermark(state.readLong());
    badRecords.restore(checkpoint, state);
  }

  private List<Split> ordered() {
    List<Split> ordered = new ArrayList<>(splits.values());
    ordered.sort((a, b) -> a.partition.topic().equals(b.partition.topic())
        ? Integer.compare(a.partition.partition(), b.partition.partition())
        : a.partition.topic().compareTo(b.partition.topic()));
    return ordered;
  }

  @Override
  public void close() {
    try {
      if (consumer != null) {
        consumer.close();
      }
    } finally {
      try {
        badRecords.close();
      } finally {
        output.close();
      }
    }
  }
}
