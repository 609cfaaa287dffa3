package io.sluice.runtime.operator;

import io.sluice.plan.PlanNode;
import io.sluice.plan.WindowKind;
import io.sluice.plan.WindowSpec;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.connector.Connectors;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A window table function without aggregation (TUMBLE, HOP, CUMULATE): copies each row once
 * per window it belongs to and appends window_start, window_end and window_time. A row whose
 * windows have all ended at the watermark (minus the allowed lateness) is late: dropped and
 * counted, as a window aggregation would.
 */
public final class WindowAssignOperator implements StreamOperator {
  private final PlanNode.WindowAssign spec;
  private final WindowSpec window;
  private VectorSchemaRoot output;
  private final LateRows late;
  private long watermark = Long.MIN_VALUE;
  private long threshold = Long.MIN_VALUE;
  private int rows;

  public WindowAssignOperator(PlanNode.WindowAssign spec) {
    this(spec, null);
  }

  /** @param connectors how the late-rows table is written, if the spec names one */
  public WindowAssignOperator(PlanNode.WindowAssign spec, Connectors connectors) {
    this.spec = spec;
    this.window = spec.window();
    this.late = new LateRows(spec.lateness(), spec.input().schema(), connectors);
  }

  @Override
  public void open(OperatorContext context) {
    output = ArrowTypes.createRoot(spec.schema(), context.allocator());
    late.open(context);
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    Vectors.prepareForReuse(output);
    rows = 0;
    int columns = batch.columnCount();
    FieldVector time = batch.column(window.timeColumn());
    Accumulator.LongReader times = Accumulator.longReader(time);
    TimeStampMilliVector starts = (TimeStampMilliVector) output.getVector(columns);
    TimeStampMilliVector ends = (TimeStampMilliVector) output.getVector(columns + 1);
    TimeStampMilliVector windowTimes = (TimeStampMilliVector) output.getVector(columns + 2);
    for (int r = 0; r < batch.rowCount(); r++) {
      if (time.isNull(r)) {
        late.add(batch, r, "NULL event time", watermark);
        continue;
      }
      long t = times.get(r);
      long first = firstEnd(t);
      long last = lastEnd(t);
      if (last <= threshold) {
        late.add(batch, r, "window closed", watermark);
        continue;
      }
      for (long end = first; end <= last; end += window.step()) {
        for (int c = 0; c < columns; c++) {
          output.getVector(c).copyFromSafe(r, rows, batch.column(c));
        }
        long start = window.kind() == WindowKind.CUMULATE ? cycleStart(t) : end - window.size();
        starts.setSafe(rows, start);
        ends.setSafe(rows, end);
        windowTimes.setSafe(rows, end - 1);
        rows++;
        if (rows == HashAggregateOperator.BATCH_ROWS) {
          flush(out);
        }
      }
    }
    flush(out);
  }

  private void flush(Collector out) {
    if (rows > 0) {
      output.setRowCount(rows);
      out.emit(new Batch(output));
      Vectors.prepareForReuse(output);
      rows = 0;
    }
  }

  /** The end of the earliest window holding time {@code t}. */
  private long firstEnd(long t) {
    long aligned = Math.floorDiv(t - window.offset(), window.step()) * window.step() + window.offset();
    return aligned + window.step();
  }

  /** The end of the latest window holding time {@code t}. */
  private long lastEnd(long t) {
    return switch (window.kind()) {
      case TUMBLE -> firstEnd(t);
      case CUMULATE -> cycleStart(t) + window.size();
      case HOP -> firstEnd(t) + window.size() - window.step();
      case SESSION -> throw new IllegalStateException("SESSION rows are not assigned one by one");
    };
  }

  private long cycleStart(long t) {
    return Math.floorDiv(t - window.offset(), window.size()) * window.size() + window.offset();
  }

  @Override
  public void processWatermark(long watermark, Collector out) {
    this.watermark = watermark;
    threshold = watermark == Long.MAX_VALUE ? watermark : watermark - spec.lateness().allowedLateness();
    late.flush();
    out.emitWatermark(watermark);
  }

  @Override
  public void finish(Collector out) {
    late.finish();
  }

  @Override
  public boolean supportsCheckpoints() {
    return late.supportsCheckpoints();
  }

  @Override
  public void snapshot(long checkpoint, io.sluice.runtime.checkpoint.StateWriter state) {
    state.writeLong(threshold);
    // The watermark a late row missed is written with it to the late-rows table.
    state.writeLong(watermark);
    late.snapshot(checkpoint, state);
  }

  @Override
  public void restore(long checkpoint, io.sluice.runtime.checkpoint.StateReader state) {
    threshold = state.readLong();
    watermark = state.readLong();
    late.restore(checkpoint, state);
  }

  @Override
  public void checkpointComplete(long checkpoint) {
    late.checkpointComplete(checkpoint);
  }

  @Override
  public void close() {
    if (output != null) {
      output.close();
    }
    late.close();
  }
}
