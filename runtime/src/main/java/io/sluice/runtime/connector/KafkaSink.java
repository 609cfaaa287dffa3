package io.sluice.runtime.connector;

import io.sluice.plan.MetadataColumn;
import io.sluice.plan.TableSpec;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.format.FormatColumn;
import io.sluice.runtime.format.Formats;
import io.sluice.runtime.format.RecordEncoder;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import io.sluice.runtime.operator.StreamOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A Kafka sink with at-least-once delivery: every row becomes a record of the table's topic
 * (value in {@code 'format'}, key from {@code 'key.fields'} in {@code 'key.format'}, record
 * time from a {@code timestamp} metadata column); the producer is flushed when the job
 * finishes, and a failed send fails the job at the next batch or at the flush.
 */
final class KafkaSink implements StreamOperator {
  private final TableSpec table;
  private final String topic;
  private final RecordEncoder valueEncoder;
  private final RecordEncoder keyEncoder;
  private final int timestampColumn;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private KafkaProducer<byte[], byte[]> producer;
  private LongAdder written;

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
  }

  @Override
  public void open(OperatorContext context) {
    Properties properties = KafkaConnector.clientProperties(table);
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(properties);
    written = context.metrics().counter(table.name() + ".rows-written");
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    checkFailure();
    FieldVector times = timestampColumn < 0 ? null : batch.column(timestampColumn);
    for (int row = 0; row < batch.rowCount(); row++) {
      byte[] key = keyEncoder == null ? null : keyEncoder.encode(batch, row);
      Long timestamp = times == null || times.isNull(row) ? null : ((TimeStampMilliVector) times).get(row);
      producer.send(new ProducerRecord<>(topic, null, timestamp, key, valueEncoder.encode(batch, row)),
          (metadata, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            }
          });
    }
    written.add(batch.rowCount());
  }

  @Override
  public void finish(Collector out) {
    producer.flush();
    checkFailure();
  }

  private void checkFailure() {
    Exception error = failure.get();
    if (error != null) {
      throw new ExternalDataException("Table '" + table.name() + "': writing to Kafka topic '" + topic + "' failed: "
          + error.getMessage(), error);
    }
  }

  /** The Kafka sink writes at least once; it refuses checkpoints rather than promise exactly-once output. */
  @Override
  public boolean supportsCheckpoints() {
    return false;
  }

  @Override
  public void close() {
    if (producer != null) {
      // Close flushes what is buffered, so a cancelled continuous INSERT keeps what it produced.
      producer.close();
      producer = null;
    }
  }
}
