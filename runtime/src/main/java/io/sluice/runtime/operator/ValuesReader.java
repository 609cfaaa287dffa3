package io.sluice.runtime.operator;

import io.sluice.plan.PlanNode;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.connector.SourceReader;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A source of literal rows (a VALUES clause), emitted in batches of at most {@value #BATCH_ROWS} rows. */
public final class ValuesReader implements SourceReader {
  static final int BATCH_ROWS = 1024;

  private final PlanNode.Values values;
  private VectorSchemaRoot root;
  private int next;

  public ValuesReader(PlanNode.Values values) {
    this.values = values;
  }

  @Override
  public void open(OperatorContext context) {
    root = ArrowTypes.createRoot(values.schema(), context.allocator());
  }

  @Override
  public Status poll(Collector out) {
    List<List<Object>> rows = values.rows();
    if (next >= rows.size()) {
      return Status.END;
    }
    int count = Math.min(BATCH_ROWS, rows.size() - next);
    Vectors.prepareForReuse(root);
    // Literal rows are few and come boxed from the plan already; this is not a hot path.
    for (int r = 0; r < count; r++) {
      List<Object> row = rows.get(next + r);
      for (int c = 0; c < values.schema().size(); c++) {
        Vectors.setObject(root.getVector(c), r, row.get(c), values.schema().type(c));
      }
    }
    root.setRowCount(count);
    next += count;
    out.emit(new Batch(root));
    return Status.MORE;
  }

  @Override
  public boolean supportsCheckpoints() {
    return true;
  }

  /** The literal rows are part of the plan, so the position is the number of rows emitted. */
  @Override
  public void snapshot(StateWriter state) {
    state.writeInt(next);
  }

  @Override
  public void restore(StateReader state) {
    next = state.readInt();
  }

  @Override
  public void close() {
    if (root != null) {
      root.close();
    }
  }
}
