package io.sluice.runtime.connector;

import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.CheckpointStore;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.format.BadRecordException;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import io.sluice.runtime.operator.StreamOperator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A source table's bad-record policy ({@code 'errors'}): {@code fail} stops the job with the
 * table, position, column and reason; {@code skip} drops the record and counts it as
 * {@code <table>.rows-skipped}; {@code dead-letter} also counts it and writes the original
 * bytes, position, reason and time to the {@code 'dead-letter.table'} through that table's sink.
 *
 * <p>With checkpoints the dead-letter sink is part of the source's checkpoint: the owning reader
 * snapshots it with its position, so the dead letters of the records before a checkpoint's
 * barrier form that checkpoint's epoch and are published once it is durable (an exactly-once
 * sink), and a restore replays the rest without duplicates or gaps.
 */
final class BadRecords implements AutoCloseable {
  /** The dead-letter table's columns, matched by name; any other column is written as NULL. */
  static final List<String> DEAD_LETTER_COLUMNS = List.of("source", "location", "reason", "payload", "failed_at");

  /** How much of an oversized record goes to the dead-letter table. */
  static final int OVERSIZED_PAYLOAD_BYTES = 1 << 16;

  private final TableSpec table;
  private final String policy;
  private final long maxRecordBytes;
  private final TableSpec deadLetterTable;
  private final StreamOperator deadLetterSink;
  private LongAdder skipped;
  private OperatorContext context;
  private BufferAllocator allocator;
  private VectorSchemaRoot deadLetters;
  private boolean checkpointed;
  private boolean finished;

  BadRecords(TableSpec table, Connectors connectors) {
    this.table = table;
    this.policy = table.option("errors", "fail");
    if (!List.of("fail", "skip", "dead-letter").contains(policy)) {
      throw new IllegalArgumentException("Table '" + table.name()
          + "': option 'errors' must be 'fail', 'skip' or 'dead-letter', not '" + policy + "'");
    }
    this.maxRecordBytes = FileConnector.sizeOption(table, "max-record-size", 16L << 20);
    if (policy.equals("dead-letter")) {
      String name = table.option("dead-letter.table", "");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("Table '" + table.name()
            + "': 'errors' = 'dead-letter' needs a 'dead-letter.table' option naming the table to write to");
      }
      deadLetterTable = connectors.table(name).orElseThrow(() -> new IllegalArgumentException(
          "Table '" + table.name() + "': dead-letter table '" + name + "' does not exist"));
      checkDeadLetterSchema(deadLetterTable.schema());
      deadLetterSink = connectors.get(deadLetterTable).createSink(deadLetterTable);
    } else {
      deadLetterTable = null;
      deadLetterSink = null;
    }
  }

  private void checkDeadLetterSchema(Schema schema) {
    for (String column : DEAD_LETTER_COLUMNS) {
      int index = schema.indexOf(column);
      TypeKind kind = index < 0 ? null : schema.type(index).kind();
      boolean ok = column.equals("failed_at") ? kind == TypeKind.TIMESTAMP
          : column.equals("payload") ? kind == TypeKind.VARCHAR || kind == TypeKind.VARBINARY
          : kind == TypeKind.VARCHAR;
      if (!ok) {
        throw new IllegalArgumentException("Table '" + table.name() + "': dead-letter table '" + deadLetterTable.name()
            + "' needs the columns source VARCHAR, location VARCHAR, reason VARCHAR, payload VARCHAR (or BYTES), "
            + "failed_at TIMESTAMP(3); column '" + column + "' is missing or has another type");
      }
    }
  }

  void open(OperatorContext context) {
    this.context = context;
    checkpointed = CheckpointStore.enabled(context.options());
    skipped = context.metrics().counter(table.name() + ".rows-skipped");
    if (deadLetterSink != null) {
      allocator = context.allocator().newChildAllocator(context.name() + " dead letters", 0, Long.MAX_VALUE);
      deadLetters = ArrowTypes.createRoot(deadLetterTable.schema(), allocator);
      deadLetterSink.open(new OperatorContext(
          context.name() + " -> " + deadLetterTable.name(), allocator, context.metrics(), context.options()));
    }
  }

  /**
   * Applies the policy to one bad record found at {@code location} (such as "file f line 3"
   * or "topic t partition 0 offset 17"); returns normally when the record is to be dropped.
   *
   * @throws ExternalDataException under the {@code fail} policy
   */
  void handle(String location, BadRecordException error, byte[] bytes, int offset, int length) {
    String message = "Bad record in table '" + table.name() + "', " + location + ": " + error.describe();
    if (policy.equals("fail")) {
      throw new ExternalDataException(message + ". Fix the data, or set 'errors' = 'skip' or 'dead-letter' on table '"
          + table.name() + "'");
    }
    skipped.increment();
    context.metrics().note(table.name() + ".first-skipped-row", message);
    if (deadLetterSink != null) {
      writeDeadLetter(location, error.describe(), bytes == null ? new byte[0] : Arrays.copyOfRange(bytes, offset, offset + length));
    }
  }

  /** The largest record, in bytes, that the source decodes ({@code 'max-record-size'}, default 16 MB). */
  long maxRecordBytes() {
    return maxRecordBytes;
  }

  /**
   * Applies the policy to a record longer than {@link #maxRecordBytes()}: {@code size} is its
   * length, or a lower bound while it is still being read; a dead letter keeps its first
   * {@link #OVERSIZED_PAYLOAD_BYTES} bytes, taken from {@code bytes} at {@code offset}.
   */
  void handleOversized(String location, long size, boolean exact, byte[] bytes, int offset) {
    BadRecordException error = new BadRecordException(null, "the record is " + (exact ? "" : "more than ") + size
        + " bytes long, above 'max-record-size' (" + maxRecordBytes + " bytes); raise 'max-record-size' to read it");
    handle(location, error, bytes, offset, (int) Math.min(size, OVERSIZED_PAYLOAD_BYTES));
  }

  private void writeDeadLetter(String location, String reason, byte[] payload) {
    Vectors.prepareForReuse(deadLetters);
    Schema schema = deadLetterTable.schema();
    for (int c = 0; c < schema.size(); c++) {
      FieldVector vector = deadLetters.getVector(c);
      byte[] value = switch (schema.field(c).name()) {
        case "source" -> table.name().getBytes(StandardCharsets.UTF_8);
        case "location" -> location.getBytes(StandardCharsets.UTF_8);
        case "reason" -> reason.getBytes(StandardCharsets.UTF_8);
        case "payload" -> schema.type(c).kind() == TypeKind.VARCHAR
            // Text columns hold valid UTF-8 only: undecodable bytes become U+FFFD.
            ? new String(payload, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)
            : payload;
        default -> null;
      };
      if (schema.field(c).name().equals("failed_at")) {
        Vectors.setLong(vector, 0, System.currentTimeMillis());
      } else if (value != null) {
        ((BaseVariableWidthVector) vector).setSafe(0, value, 0, value.length);
      } else {
        Vectors.setNull(vector, 0);
      }
    }
    deadLetters.setRowCount(1);
    deadLetterSink.processBatch(0, new Batch(deadLetters), NO_OUTPUT);
  }

  /** Whether checkpoints cover the dead-letter table's sink (true without one). */
  boolean supportsCheckpoints() {
    return deadLetterSink == null || deadLetterSink.supportsCheckpoints();
  }

  /** Ends the dead-letter sink's current epoch as part of checkpoint {@code checkpoint}: called with the reader's snapshot. */
  void snapshot(long checkpoint, StateWriter state) {
    if (deadLetterSink != null) {
      deadLetterSink.snapshot(checkpoint, state);
    }
  }

  /** Restores the dead-letter sink from what {@link #snapshot} wrote. */
  void restore(long checkpoint, StateReader state) {
    if (deadLetterSink != null) {
      deadLetterSink.restore(checkpoint, state);
    }
  }

  /** Tells the dead-letter sink that a checkpoint is durable (an exactly-once sink then publishes). */
  void checkpointComplete(long checkpoint) {
    if (deadLetterSink != null) {
      deadLetterSink.checkpointComplete(checkpoint);
    }
  }

  /**
   * Finishes the dead-letter sink: called when the source has ended, as an ended source is no
   * longer part of checkpoints; everything it wrote is final then.
   */
  void finish() {
    if (deadLetterSink != null && !finished) {
      finished = true;
      deadLetterSink.finish(NO_OUTPUT);
    }
  }

  @Override
  public void close() {
    if (deadLetterSink == null || deadLetters == null) {
      return;
    }
    try {
      // Without checkpoints a closed source keeps its dead letters; with them, those after the
      // last checkpoint are written again by the restored job.
      if (!checkpointed) {
        finish();
      }
      deadLetterSink.close();
    } finally {
      deadLetters.close();
      allocator.close();
    }
  }

  /** Sinks emit nothing; a dead-letter sink's output goes nowhere. */
  private static final Collector NO_OUTPUT = new Collector() {
    @Override
    public void emit(Batch batch) {}

    @Override
    public void emitWatermark(long watermark) {}
  };
}
