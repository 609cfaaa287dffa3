package io.sluice.runtime.operator;

import io.sluice.plan.PlanNode;
import io.sluice.plan.SortKey;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.CellComparator;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An ORDER BY operator over bounded input: copies every row into its own growing vectors,
 * sorts a row-index array with typed comparisons when the input ends (stable, so ties keep
 * arrival order), and emits the OFFSET/FETCH window in batches.
 */
public final class SortOperator implements StreamOperator {
  static final int BATCH_ROWS = 4096;

  private final PlanNode.Sort spec;
  private BufferAllocator allocator;
  private VectorSchemaRoot buffer;
  private VectorSchemaRoot output;
  private int rows;

  public SortOperator(PlanNode.Sort spec) {
    this.spec = spec;
  }

  @Override
  public void open(OperatorContext context) {
    allocator = context.allocator();
    buffer = ArrowTypes.createRoot(spec.schema(), allocator);
    output = ArrowTypes.createRoot(spec.schema(), context.allocator());
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    int count = batch.rowCount();
    for (int c = 0; c < batch.columnCount(); c++) {
      FieldVector from = batch.column(c);
      FieldVector to = buffer.getVector(c);
      for (int r = 0; r < count; r++) {
        to.copyFromSafe(r, rows + r, from);
      }
    }
    rows += count;
  }

  @Override
  public void finish(Collector out) {
    buffer.setRowCount(rows);
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    IntMergeSort.sort(order, rowComparator(spec.keys()));
    long start = Math.min(Math.max(spec.offset(), 0), rows);
    long end = spec.fetch() < 0 ? rows : Math.min(rows, start + spec.fetch());
    for (long from = start; from < end; from += BATCH_ROWS) {
      int count = (int) Math.min(BATCH_ROWS, end - from);
      Vectors.prepareForReuse(output);
      for (int r = 0; r < count; r++) {
        Vectors.copyRow(buffer, order[(int) from + r], output, r);
      }
      output.setRowCount(count);
      out.emit(new Batch(output));
    }
  }

  private IntMergeSort.IntComparator rowComparator(List<SortKey> keys) {
    int n = keys.size();
    FieldVector[] vectors = new FieldVector[n];
    CellComparator[] comparators = new CellComparator[n];
    for (int k = 0; k < n; k++) {
      vectors[k] = buffer.getVector(keys.get(k).column());
      comparators[k] = CellComparator.forVector(vectors[k]);
    }
    return (a, b) -> {
      for (int k = 0; k < n; k++) {
        SortKey key = keys.get(k);
        FieldVector vector = vectors[k];
        boolean nullA = vector.isNull(a);
        boolean nullB = vector.isNull(b);
        int result;
        if (nullA || nullB) {
          // NULL placement is absolute: DESC does not flip it.
          result = nullA == nullB ? 0 : (nullA == key.nullsFirst() ? -1 : 1);
        } else {
          result = comparators[k].compare(vector, a, vector, b);
          if (key.descending()) {
            result = -result;
          }
        }
        if (result != 0) {
          return result;
        }
      }
      return 0;
    };
  }

  /** The rows buffered so far, as one Arrow IPC batch. */
  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    state.writeInt(rows);
    state.writeRoot(buffer, rows);
  }

  @Override
  public void restore(long checkpoint, StateReader state) {
    rows = state.readInt();
    try (VectorSchemaRoot saved = state.readRoot(allocator)) {
      for (int c = 0; c < saved.getFieldVectors().size(); c++) {
        Vectors.copyRange(saved.getVector(c), 0, rows, buffer.getVector(c), 0);
      }
    }
  }

  @Override
  public void close() {
    if (buffer != null) {
      buffer.close();
    }
    if (output != null) {
      output.close();
    }
  }
}
