package io.sluice.runtime.operator;

import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The output rows of a join waiting to be gathered: pairs of a left and a right row index (-1
 * for NULLs) with a row kind, turned into an output batch column by column once
 * {@value #BATCH_ROWS} are waiting or the operator flushes.
 */
final class JoinOutput implements AutoCloseable {
  static final int BATCH_ROWS = 4096;

  private final VectorSchemaRoot output;
  private final boolean gathersRight;
  private final boolean changelog;
  private final int[] leftRows = new int[BATCH_ROWS];
  private final int[] rightRows = new int[BATCH_ROWS];
  private final byte[] kinds = new byte[BATCH_ROWS];
  private int count;

  /**
   * @param gathersRight whether the output has the right columns after the left ones (not so
   *     for semi and anti joins)
   * @param changelog whether the output's last column is the row kind
   */
  JoinOutput(Schema output, boolean gathersRight, boolean changelog, BufferAllocator allocator) {
    this.output = ArrowTypes.createRoot(output, allocator);
    this.gathersRight = gathersRight;
    this.changelog = changelog;
  }

  /** Adds an insert of the pair; true when the batch is full and must be flushed before the next add. */
  boolean add(int left, int right) {
    return add(left, right, RowKind.INSERT);
  }

  /** Adds the pair with row kind {@code kind}; true when the batch is full and must be flushed. */
  boolean add(int left, int right, RowKind kind) {
    leftRows[count] = left;
    rightRows[count] = right;
    kinds[count] = kind.code();
    return ++count == BATCH_ROWS;
  }

  /** Adds a row of one side without a partner: NULL-padded, or alone for semi and anti joins. */
  boolean addUnmatched(boolean ofLeft, int row, RowKind kind) {
    return ofLeft ? add(row, -1, kind) : add(-1, row, kind);
  }

  /** Gathers the waiting rows from the sides' rows into a batch and emits it. */
  void flush(VectorSchemaRoot leftSource, VectorSchemaRoot rightSource, Collector out) {
    if (count == 0) {
      return;
    }
    Vectors.prepareForReuse(output);
    Vectors.gatherColumns(leftSource, leftRows, 0, count, output, 0);
    if (gathersRight) {
      Vectors.gatherColumns(rightSource, rightRows, 0, count, output, leftSource.getFieldVectors().size());
    }
    if (changelog) {
      TinyIntVector kindColumn = (TinyIntVector) output.getVector(output.getFieldVectors().size() - 1);
      for (int r = 0; r < count; r++) {
        kindColumn.setSafe(r, kinds[r]);
      }
    }
    output.setRowCount(count);
    count = 0;
    out.emit(new Batch(output));
  }

  @Override
  public void close() {
    output.close();
  }
}
