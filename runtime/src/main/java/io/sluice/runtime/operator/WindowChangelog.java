package io.sluice.runtime.operator;

import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compare.Range;
import org.apache.arrow.vector.compare.RangeEqualsVisitor;

/**
 * The changelog output of an early-firing window aggregation: per open window, the row last
 * emitted for each key, so that a window's current results go out as {@code +I} for a new key
 * and {@code -U}/{@code +U} pairs for changed values, while unchanged keys emit nothing.
 */
final class WindowChangelog implements AutoCloseable {
  private final Schema keySchema;
  private final Schema resultSchema;
  private final int keyCount;
  private final int callCount;
  private final BufferAllocator allocator;
  /** {@code [keys..., window_start, window_end, window_time, calls..., $row_kind]}, filled and emitted in batches. */
  private final VectorSchemaRoot output;
  /** One row of {@link #resultSchema}: a key's current result before it is compared. */
  private final VectorSchemaRoot current;
  private final Map<Long, Emitted> windows = new HashMap<>();
  private final KeyEncoder encoder = new KeyEncoder();
  private final Range range = new Range(0, 0, 1);
  private int rows;

  /**
   * What one open window has emitted: keys numbered densely, and per key the row it last
   * emitted. Rows are appended (variable-width Arrow values cannot be overwritten in place),
   * and the live ones are compacted when most are stale.
   */
  private final class Emitted implements AutoCloseable {
    final KeyedAccumulators keys;
    VectorSchemaRoot last;
    int[] rowOf = new int[16];
    int rows;
    RangeEqualsVisitor[] equals;

    Emitted() {
      keys = new KeyedAccumulators(ArrowTypes.createRoot(keySchema, allocator), List.of());
      last = ArrowTypes.createRoot(resultSchema, allocator);
      Vectors.prepareForReuse(last);
      compareWithCurrent();
    }

    private void compareWithCurrent() {
      equals = new RangeEqualsVisitor[callCount];
      for (int c = 0; c < callCount; c++) {
        equals[c] = new RangeEqualsVisitor(last.getVector(keyCount + 3 + c), current.getVector(keyCount + 3 + c));
      }
    }

    /** Records the current row as key {@code id}'s last emitted row. */
    void remember(int id) {
      if (id >= rowOf.length) {
        rowOf = java.util.Arrays.copyOf(rowOf, Math.max(id + 1, rowOf.length * 2));
      }
      Vectors.copyRow(current, 0, last, rows);
      rowOf[id] = rows++;
      last.setRowCount(rows);
      if (rows >= HashAggregateOperator.BATCH_ROWS && rows > 2 * keys.size()) {
        compact();
      }
    }

    private void compact() {
      VectorSchemaRoot live = ArrowTypes.createRoot(resultSchema, allocator);
      Vectors.prepareForReuse(live);
      int count = keys.size();
      for (int id = 0; id < count; id++) {
        Vectors.copyRow(last, rowOf[id], live, id);
        rowOf[id] = id;
      }
      live.setRowCount(count);
      last.close();
      last = live;
      rows = count;
      compareWithCurrent();
    }

    /** Writes the keys, then their last emitted rows in key order. */
    void snapshot(StateWriter state) {
      compact();
      keys.snapshot(state);
      state.writeRoot(last, rows);
    }

    /** Reads what {@link #snapshot} wrote into this empty instance: key {@code i} gets row {@code i}. */
    void restore(StateReader state) {
      keys.restore(state, allocator);
      try (VectorSchemaRoot saved = state.readRoot(allocator)) {
        int count = keys.size();
        rowOf = new int[Math.max(16, count)];
        for (int id = 0; id < count; id++) {
          Vectors.copyRow(saved, id, last, id);
          rowOf[id] = id;
        }
        rows = count;
        last.setRowCount(count);
      }
    }

    @Override
    public void close() {
      keys.close();
      last.close();
    }
  }

  /**
   * @param resultSchema {@code [keys..., window_start, window_end, window_time, calls...]}
   * @param changelogSchema the same ending with the row-kind column
   */
  WindowChangelog(Schema keySchema, Schema resultSchema, Schema changelogSchema, int callCount,
      BufferAllocator allocator) {
    this.keySchema = keySchema;
    this.resultSchema = resultSchema;
    this.keyCount = keySchema.size();
    this.callCount = callCount;
    this.allocator = allocator;
    this.output = ArrowTypes.createRoot(changelogSchema, allocator);
    this.current = ArrowTypes.createRoot(resultSchema, allocator);
    Vectors.prepareForReuse(output);
  }

  /** Emits how the results of window [start, end), the groups of {@code state}, changed since last time. */
  void update(long start, long end, KeyedAccumulators state, Collector out) {
    Emitted emitted = windows.computeIfAbsent(end, e -> new Emitted());
    FieldVector[] keyVectors = state.keys().getFieldVectors().toArray(new FieldVector[0]);
    for (int group = 0; group < state.size(); group++) {
      writeCurrent(state, group, start, end);
      int known = emitted.keys.size();
      int id = emitted.keys.groupOf(encoder, keyVectors, group);
      if (id == known) {
        append(current, 0, RowKind.INSERT, out);
      } else if (!sameCalls(emitted, emitted.rowOf[id])) {
        append(emitted.last, emitted.rowOf[id], RowKind.UPDATE_BEFORE, out);
        append(current, 0, RowKind.UPDATE_AFTER, out);
      } else {
        continue;
      }
      emitted.remember(id);
    }
  }

  /**
   * Writes, per open window, the row last emitted for each key: after a restore the window goes
   * on retracting exactly what the restored job's output (up to the checkpoint) holds. Called
   * between polls, when every firing has flushed its output.
   */
  void snapshot(StateWriter state) {
    state.writeInt(windows.size());
    for (Map.Entry<Long, Emitted> entry : windows.entrySet()) {
      state.writeLong(entry.getKey());
      entry.getValue().snapshot(state);
    }
  }

  /** Reads the open windows written by {@link #snapshot} into this fresh instance. */
  void restore(StateReader state) {
    int count = state.readInt();
    for (int i = 0; i < count; i++) {
      long end = state.readLong();
      Emitted emitted = new Emitted();
      windows.put(end, emitted);
      emitted.restore(state);
    }
  }

  /** Forgets window {@code end}: it has closed, so its last rows were final. */
  void closeWindow(long end) {
    Emitted emitted = windows.remove(end);
    if (emitted != null) {
      emitted.close();
    }
  }

  void flush(Collector out) {
    if (rows == 0) {
      return;
    }
    output.setRowCount(rows);
    out.emit(new Batch(output));
    Vectors.prepareForReuse(output);
    rows = 0;
  }

  private void writeCurrent(KeyedAccumulators state, int group, long start, long end) {
    Vectors.prepareForReuse(current);
    for (int k = 0; k < keyCount; k++) {
      current.getVector(k).copyFromSafe(group, 0, state.keys().getVector(k));
    }
    ((TimeStampMilliVector) current.getVector(keyCount)).setSafe(0, start);
    ((TimeStampMilliVector) current.getVector(keyCount + 1)).setSafe(0, end);
    ((TimeStampMilliVector) current.getVector(keyCount + 2)).setSafe(0, end - 1);
    List<Accumulator> accumulators = state.accumulators();
    for (int c = 0; c < callCount; c++) {
      accumulators.get(c).write(group, current.getVector(keyCount + 3 + c), 0);
    }
    current.setRowCount(1);
  }

  private boolean sameCalls(Emitted emitted, int row) {
    range.setLeftStart(row).setRightStart(0).setLength(1);
    for (RangeEqualsVisitor equals : emitted.equals) {
      if (!equals.rangeEquals(range)) {
        return false;
      }
    }
    return true;
  }

  private void append(VectorSchemaRoot source, int row, RowKind kind, Collector out) {
    for (int c = 0; c < resultSchema.size(); c++) {
      output.getVector(c).copyFromSafe(row, rows, source.getVector(c));
    }
    ((TinyIntVector) output.getVector(resultSchema.size())).setSafe(rows, kind.code());
    rows++;
    if (rows == HashAggregateOperator.BATCH_ROWS) {
      flush(out);
    }
  }

  @Override
  public void close() {
    for (Emitted emitted : windows.values()) {
      emitted.close();
    }
    windows.clear();
    output.close();
    current.close();
  }
}
