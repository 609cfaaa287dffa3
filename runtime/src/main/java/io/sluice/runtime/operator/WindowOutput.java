package io.sluice.runtime.operator;

import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import java.util.List;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The output batch of a window aggregation, {@code [keys..., window_start, window_end,
 * window_time, calls...]}, filled row by row and emitted when full or flushed.
 */
final class WindowOutput implements AutoCloseable {
  private final VectorSchemaRoot root;
  private final int keyCount;
  private int rows;

  WindowOutput(VectorSchemaRoot root, int keyCount) {
    this.root = root;
    this.keyCount = keyCount;
    Vectors.prepareForReuse(root);
  }

  /** Appends the result of {@code group}: keys from row {@code keyRow} of {@code keys}, the window, the calls. */
  void add(VectorSchemaRoot keys, int keyRow, long start, long end, List<Accumulator> accumulators, int group,
      Collector out) {
    for (int k = 0; k < keyCount; k++) {
      root.getVector(k).copyFromSafe(keyRow, rows, keys.getVector(k));
    }
    ((TimeStampMilliVector) root.getVector(keyCount)).setSafe(rows, start);
    ((TimeStampMilliVector) root.getVector(keyCount + 1)).setSafe(rows, end);
    ((TimeStampMilliVector) root.getVector(keyCount + 2)).setSafe(rows, end - 1);
    for (int c = 0; c < accumulators.size(); c++) {
      accumulators.get(c).write(group, root.getVector(keyCount + 3 + c), rows);
    }
    rows++;
    if (rows == HashAggregateOperator.BATCH_ROWS) {
      flush(out);
    }
  }

  void flush(Collector out) {
    if (rows == 0) {
      return;
    }
    root.setRowCount(rows);
    out.emit(new Batch(root));
    Vectors.prepareForReuse(root);
    rows = 0;
  }

  @Override
  public void close() {
    root.close();
  }
}
