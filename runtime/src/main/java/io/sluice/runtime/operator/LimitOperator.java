package io.sluice.runtime.operator;

import io.sluice.plan.PlanNode;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An OFFSET/FETCH operator in arrival order; whole batches inside the window pass through
 * without copying, and once the fetch is reached it is {@link Satisfiable satisfied}.
 */
public final class LimitOperator implements StreamOperator, Satisfiable {
  private final PlanNode.Limit spec;
  private long toSkip;
  private long remaining;
  private VectorSchemaRoot output;

  public LimitOperator(PlanNode.Limit spec) {
    this.spec = spec;
    this.toSkip = Math.max(spec.offset(), 0);
    this.remaining = spec.fetch() < 0 ? Long.MAX_VALUE : spec.fetch();
  }

  @Override
  public void open(OperatorContext context) {
    output = ArrowTypes.createRoot(spec.schema(), context.allocator());
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    int rows = batch.rowCount();
    int skip = (int) Math.min(toSkip, rows);
    toSkip -= skip;
    int take = (int) Math.min(remaining, rows - skip);
    if (take <= 0) {
      return;
    }
    remaining -= take;
    if (skip == 0 && take == rows) {
      out.emit(batch);
      return;
    }
    Vectors.prepareForReuse(output);
    for (int r = 0; r < take; r++) {
      Vectors.copyRow(batch.root(), skip + r, output, r);
    }
    output.setRowCount(take);
    out.emit(new Batch(output));
  }

  @Override
  public boolean isSatisfied() {
    return remaining == 0;
  }

  @Override
  public void snapshot(long checkpoint, io.sluice.runtime.checkpoint.StateWriter state) {
    state.writeLong(toSkip);
    state.writeLong(remaining);
  }

  @Override
  public void restore(long checkpoint, io.sluice.runtime.checkpoint.StateReader state) {
    toSkip = state.readLong();
    remaining = state.readLong();
  }

  @Override
  public void close() {
    if (output != null) {
      output.close();
    }
  }
}
