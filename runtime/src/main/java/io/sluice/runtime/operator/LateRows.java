package io.sluice.runtime.operator;

import io.sluice.plan.DataType;
import io.sluice.plan.LatenessSpec;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.connector.Connectors;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The late rows of a windowed operator: each is counted under the table's
 * {@link LatenessSpec#droppedCounter()} and, when the table option {@code 'late-rows.table'}
 * names a table, written to that table through its connector's sink. The late-rows table's
 * columns are matched by name: columns of the late row keep their values, {@value #REASON}
 * (VARCHAR) says why the row was late and {@value #WATERMARK} (TIMESTAMP(3)) holds the watermark
 * it missed; any other column is NULL.
 */
final class LateRows implements AutoCloseable {
  /** The late-rows table column telling why a row was late. */
  static final String REASON = "late_reason";
  /** The late-rows table column holding the watermark a late row arrived behind. */
  static final String WATERMARK = "late_watermark";

  private final LatenessSpec spec;
  private final TableSpec table;
  private final StreamOperator sink;
  /** For each late-rows table column, the input column it copies, or -1. */
  private final int[] sourceColumn;
  private LongAdder dropped;
  private BufferAllocator allocator;
  private VectorSchemaRoot buffer;
  private int rows;

  /**
   * @param input the schema of the rows the operator receives (and may find late)
   * @param connectors how the late-rows table is found and written
   */
  LateRows(LatenessSpec spec, Schema input, Connectors connectors) {
    this.spec = spec;
    String name = spec.lateRowsTable();
    if (name == null) {
      table = null;
      sink = null;
      sourceColumn = new int[0];
      return;
    }
    if (connectors == null) {
      throw new IllegalStateException("late rows of table '" + spec.table() + "' cannot be routed without connectors");
    }
    table = connectors.table(name).orElseThrow(() -> new IllegalArgumentException("Table '" + spec.table()
        + "': the late-rows table '" + name + "' does not exist; create it, or remove option '"
        + LatenessSpec.LATE_ROWS_TABLE_OPTION + "'"));
    Schema columns = table.schema();
    sourceColumn = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      String column = columns.field(c).name();
      sourceColumn[c] = input.indexOf(column);
      DataType expected = column.equals(REASON) ? DataType.of(TypeKind.VARCHAR)
          : column.equals(WATERMARK) ? new DataType(TypeKind.TIMESTAMP, 3, 0, true)
          : sourceColumn[c] >= 0 ? input.type(sourceColumn[c]) : null;
      if (column.equals(REASON) || column.equals(WATERMARK)) {
        sourceColumn[c] = -1;
      }
      if (expected != null && !sameType(expected, columns.type(c))) {
        throw new IllegalArgumentException("Table '" + spec.table() + "': column '" + column + "' of the late-rows table '"
            + name + "' is " + columns.type(c) + " but the late rows' column is " + expected + "; declare it as "
            + expected.kind());
      }
    }
    sink = connectors.get(table).createSink(table);
  }

  private static boolean sameType(DataType a, DataType b) {
    return a.withNullable(true).equals(b.withNullable(true))
        || a.kind() == TypeKind.VARCHAR && b.kind() == TypeKind.VARCHAR;
  }

  void open(OperatorContext context) {
    dropped = context.metrics().counter(spec.droppedCounter());
    if (sink != null) {
      context.metrics().note(spec.table() + ".late-rows-table", table.name());
      allocator = context.allocator().newChildAllocator(context.name() + " late rows", 0, Long.MAX_VALUE);
      buffer = ArrowTypes.createRoot(table.schema(), allocator);
      Vectors.prepareForReuse(buffer);
      sink.open(new OperatorContext(context.name() + " -> " + table.name(), allocator, context.metrics(),
          context.options()));
    }
  }

  /**
   * Counts row {@code row} of {@code batch} as late behind {@code watermark} (Long.MIN_VALUE
   * for none yet) and, with a late-rows table, buffers it for {@link #flush()}.
   */
  void add(Batch batch, int row, String reason, long watermark) {
    dropped.increment();
    if (sink == null) {
      return;
    }
    for (int c = 0; c < sourceColumn.length; c++) {
      FieldVector target = buffer.getVector(c);
      String name = table.schema().field(c).name();
      if (sourceColumn[c] >= 0) {
        target.copyFromSafe(row, rows, batch.column(sourceColumn[c]));
      } else if (name.equals(REASON)) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        ((BaseVariableWidthVector) target).setSafe(rows, bytes, 0, bytes.length);
      } else if (name.equals(WATERMARK) && watermark != Long.MIN_VALUE) {
        Vectors.setLong(target, rows, watermark);
      } else {
        Vectors.setNull(target, rows);
      }
    }
    rows++;
    if (rows == HashAggregateOperator.BATCH_ROWS) {
      flush();
    }
  }

  /** Writes the buffered late rows to the late-rows table. */
  void flush() {
    if (rows == 0) {
      return;
    }
    buffer.setRowCount(rows);
    sink.processBatch(0, new Batch(buffer), NO_OUTPUT);
    Vectors.prepareForReuse(buffer);
    rows = 0;
  }

  /** Whether checkpoints cover the late-rows table's sink (true without one). */
  boolean supportsCheckpoints() {
    return sink == null || sink.supportsCheckpoints();
  }

  /**
   * Writes the buffered late rows and snapshots the late-rows table's sink after the operator's
   * own state, so the late rows before a checkpoint's barrier belong to its epoch.
   */
  void snapshot(long checkpoint, StateWriter state) {
    if (sink != null) {
      flush();
      sink.snapshot(checkpoint, state);
    }
  }

  /** Restores the late-rows table's sink from what {@link #snapshot} wrote. */
  void restore(long checkpoint, StateReader state) {
    if (sink != null) {
      sink.restore(checkpoint, state);
    }
  }

  /** Tells the late-rows table's sink that a checkpoint is durable (an exactly-once sink then publishes). */
  void checkpointComplete(long checkpoint) {
    if (sink != null) {
      sink.checkpointComplete(checkpoint);
    }
  }

  /** Flushes and finishes the late-rows table's sink: called when the operator's input has ended. */
  void finish() {
    if (sink != null) {
      flush();
      sink.finish(NO_OUTPUT);
    }
  }

  @Override
  public void close() {
    if (sink == null || buffer == null) {
      return;
    }
    try {
      sink.close();
    } finally {
      buffer.close();
      allocator.close();
    }
  }

  /** A sink emits nothing; the late-rows sink's output goes nowhere. */
  private static final Collector NO_OUTPUT = new Collector() {
    @Override
    public void emit(Batch batch) {}

    @Override
    public void emitWatermark(long watermark) {}
  };
}
