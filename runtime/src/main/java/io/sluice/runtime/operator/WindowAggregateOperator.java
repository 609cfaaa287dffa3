package io.sluice.runtime.operator;

import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.WindowKind;
import io.sluice.plan.WindowSpec;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.connector.Connectors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * TUMBLE, HOP and CUMULATE window aggregation over slices. Time is cut into slices of
 * {@link WindowSpec#sliceLength()} (the window for TUMBLE, gcd(slide, size) for HOP, the
 * step for CUMULATE); each row updates the accumulator of its key in its one slice, and a
 * window's result merges the slices it spans. Windows fire in window-end order once the
 * watermark minus the allowed lateness reaches their end; a slice is freed when the last
 * window containing it has fired. A row whose windows have all fired is late: dropped and
 * counted (and written to the late-rows table, if any).
 *
 * <p>Processing-time windows fire by the wall clock ({@link #onProcessingTime}) instead of the
 * watermark, and all at the end of a bounded input.
 *
 * <p>With early firing the output is a changelog: the windows spanning slices that changed
 * since the last early firing emit their current results through a {@link WindowChangelog},
 * on every watermark advance (interval 0) or once per interval of processing time, and each
 * window emits its remaining changes when it closes.
 */
public final class WindowAggregateOperator implements StreamOperator {
  private final PlanNode.WindowAggregate spec;
  private final WindowSpec window;
  private final long slice;
  private final int[] keyColumns;
  private final KeyEncoder encoder = new KeyEncoder();
  private final NavigableMap<Long, KeyedAccumulators> slices = new TreeMap<>();
  private AggregateCalls calls;
  private Schema keySchema;
  private BufferAllocator allocator;
  private WindowOutput output;
  private final LateRows late;
  /** The changelog of an early-firing aggregation; null when it emits final results only. */
  private WindowChangelog changelog;
  /** Slices (by end) updated since the last early firing. */
  private final Set<Long> changedSlices = new HashSet<>();
  private long nextEarlyFireNanos;
  private long watermark = Long.MIN_VALUE;
  /** Every window ending at or before this has fired. */
  private long firedUpTo = Long.MIN_VALUE;
  private long[] sliceOfRow = new long[0];
  private int[] rows = new int[0];
  private int[] groups = new int[0];

  public WindowAggregateOperator(PlanNode.WindowAggregate spec) {
    this(spec, null);
  }

  /** @param connectors how the late-rows table is written, if the spec names one */
  public WindowAggregateOperator(PlanNode.WindowAggregate spec, Connectors connectors) {
    if (spec.window().kind() == WindowKind.SESSION) {
      throw new IllegalArgumentException("SESSION windows run in SessionWindowOperator");
    }
    this.spec = spec;
    this.window = spec.window();
    this.slice = window.sliceLength();
    this.keyColumns = spec.groupKeys().stream().mapToInt(Integer::intValue).toArray();
    this.late = new LateRows(spec.lateness(), spec.input().schema(), connectors);
  }

  @Override
  public void open(OperatorContext context) {
    allocator = context.allocator();
    calls = new AggregateCalls(spec.calls(), spec.input().schema(), context);
    List<Field> keys = new ArrayList<>();
    for (int k = 0; k < keyColumns.length; k++) {
      keys.add(spec.schema().field(k));
    }
    keySchema = new Schema(keys);
    if (spec.earlyFiring()) {
      Schema changes = spec.schema();
      Schema results = new Schema(changes.fields().subList(0, changes.size() - 1));
      changelog = new WindowChangelog(keySchema, results, changes, spec.calls().size(), allocator);
      nextEarlyFireNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(spec.earlyFireInterval());
    } else {
      output = new WindowOutput(ArrowTypes.createRoot(spec.schema(), allocator), keyColumns.length);
    }
    late.open(context);
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    int count = batch.rowCount();
    if (sliceOfRow.length < count) {
      sliceOfRow = new long[count];
      rows = new int[count];
      groups = new int[count];
    }
    FieldVector time = batch.column(window.timeColumn());
    Accumulator.LongReader times = Accumulator.longReader(time);
    // Rows of a batch mostly fall into one or two slices: fold them slice by slice.
    List<Long> ends = new ArrayList<>(2);
    for (int r = 0; r < count; r++) {
      if (time.isNull(r)) {
        sliceOfRow[r] = Long.MIN_VALUE;
        late.add(batch, r, "NULL event time", watermark);
        continue;
      }
      long end = sliceEnd(times.get(r));
      if (lastWindowEnd(end) <= firedUpTo) {
        sliceOfRow[r] = Long.MIN_VALUE;
        late.add(batch, r, "window closed", watermark);
        continue;
      }
      sliceOfRow[r] = end;
      if (!ends.contains(end)) {
        ends.add(end);
      }
    }
    FieldVector[] keyVectors = new FieldVector[keyColumns.length];
    for (int k = 0; k < keyColumns.length; k++) {
      keyVectors[k] = batch.column(keyColumns[k]);
    }
    for (long end : ends) {
      KeyedAccumulators state = slices.get(end);
      if (state == null) {
        state = new KeyedAccumulators(ArrowTypes.createRoot(keySchema, allocator), calls.create());
        slices.put(end, state);
      }
      int selected = 0;
      for (int r = 0; r < count; r++) {
        if (sliceOfRow[r] == end) {
          groups[r] = state.groupOf(encoder, keyVectors, r);
          rows[selected++] = r;
        }
      }
      calls.fold(state.accumulators(), batch, rows, selected, groups);
      if (changelog != null) {
        changedSlices.add(end);
      }
    }
  }

  @Override
  public void processWatermark(long watermark, Collector out) {
    this.watermark = watermark;
    if (!window.processingTime() || watermark == Long.MAX_VALUE) {
      long threshold = watermark == Long.MAX_VALUE ? watermark : watermark - spec.lateness().allowedLateness();
      fire(threshold, out);
    }
    if (changelog != null && spec.earlyFireInterval() == 0) {
      fireEarly(out);
    }
    late.flush();
    out.emitWatermark(watermark);
  }

  @Override
  public void onProcessingTime(long nanos, Collector out) {
    if (window.processingTime()) {
      fire(System.currentTimeMillis(), out);
    }
    if (changelog != null && spec.earlyFireInterval() > 0 && nanos - nextEarlyFireNanos >= 0) {
      nextEarlyFireNanos = nanos + TimeUnit.MILLISECONDS.toNanos(spec.earlyFireInterval());
      fireEarly(out);
    }
  }

  @Override
  public void finish(Collector out) {
    fire(Long.MAX_VALUE, out);
    late.finish();
    calls.finish();
  }

  /** Emits the current results of every open window spanning a slice that changed since the last firing. */
  private void fireEarly(Collector out) {
    if (changedSlices.isEmpty()) {
      return;
    }
    NavigableSet<Long> ends = new TreeSet<>();
    for (long changed : changedSlices) {
      if (!slices.containsKey(changed)) {
        continue;  // fired and freed since
      }
      for (long end = firstWindowEnd(changed); end <= lastWindowEnd(changed); end += window.step()) {
        if (end > firedUpTo) {
          ends.add(end);
        }
      }
    }
    changedSlices.clear();
    for (long end : ends) {
      emitWindow(windowStart(end), end, out);
    }
    changelog.flush(out);
  }

  /** Fires every window ending at or before {@code threshold}, in end order, and frees the slices done with. */
  private void fire(long threshold, Collector out) {
    while (!slices.isEmpty()) {
      long first = slices.firstKey();
      long end = firstWindowEnd(first);
      if (firedUpTo != Long.MIN_VALUE) {
        end = Math.max(end, alignedFloor(firedUpTo) + window.step());
      }
      if (end > threshold) {
        break;
      }
      emitWindow(windowStart(end), end, out);
      if (changelog != null) {
        changelog.closeWindow(end);
      }
      firedUpTo = end;
      while (!slices.isEmpty() && lastWindowEnd(slices.firstKey()) <= end) {
        slices.pollFirstEntry().getValue().close();
      }
    }
    if (threshold > firedUpTo) {
      firedUpTo = threshold == Long.MAX_VALUE ? threshold : alignedFloor(threshold);
    }
    if (changelog != null) {
      changelog.flush(out);
    } else {
      output.flush(out);
    }
  }

  private void emitWindow(long start, long end, Collector out) {
    NavigableMap<Long, KeyedAccumulators> spanned = slices.subMap(start, false, end, true);
    if (spanned.isEmpty()) {
      return;
    }
    if (spanned.size() == 1) {
      write(spanned.firstEntry().getValue(), start, end, out);
      return;
    }
    try (KeyedAccumulators merged = new KeyedAccumulators(ArrowTypes.createRoot(keySchema, allocator), calls.create())) {
      for (Map.Entry<Long, KeyedAccumulators> entry : spanned.entrySet()) {
        merged.mergeFrom(entry.getValue());
      }
      write(merged, start, end, out);
    }
  }

  private void write(KeyedAccumulators state, long start, long end, Collector out) {
    if (changelog != null) {
      changelog.update(start, end, state, out);
      return;
    }
    for (int group = 0; group < state.size(); group++) {
      output.add(state.keys(), group, start, end, state.accumulators(), group, out);
    }
  }

  /** The end of the slice holding event time {@code time}. */
  private long sliceEnd(long time) {
    return Math.floorDiv(time - window.offset(), slice) * slice + window.offset() + slice;
  }

  /** The greatest window end (a multiple of the step, shifted by the offset) at or before {@code time}. */
  private long alignedFloor(long time) {
    return Math.floorDiv(time - window.offset(), window.step()) * window.step() + window.offset();
  }

  /** The end of the first window containing the slice that ends at {@code sliceEnd}. */
  private long firstWindowEnd(long sliceEnd) {
    long floor = alignedFloor(sliceEnd);
    return floor == sliceEnd ? sliceEnd : floor + window.step();
  }

  /** The end of the last window containing the slice that ends at {@code sliceEnd}. */
  private long lastWindowEnd(long sliceEnd) {
    return switch (window.kind()) {
      case TUMBLE -> sliceEnd;
      case HOP -> alignedFloor(sliceEnd + window.size() - 1);
      case CUMULATE -> cycleStart(sliceEnd - 1) + window.size();
      case SESSION -> throw new IllegalStateException();
    };
  }

  private long windowStart(long end) {
    return window.kind() == WindowKind.CUMULATE ? cycleStart(end - 1) : end - window.size();
  }

  /** The start of the CUMULATE cycle (a max_size-aligned period) holding {@code time}. */
  private long cycleStart(long time) {
    return Math.floorDiv(time - window.offset(), window.size()) * window.size() + window.offset();
  }

  @Override
  public boolean supportsCheckpoints() {
    return calls.supportsCheckpoints() && late.supportsCheckpoints();
  }

  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    state.writeLong(firedUpTo);
    state.writeInt(slices.size());
    for (Map.Entry<Long, KeyedAccumulators> entry : slices.entrySet()) {
      state.writeLong(entry.getKey());
      entry.getValue().snapshot(state);
    }
    // The watermark a late row missed is written with it to the late-rows table.
    state.writeLong(watermark);
    late.snapshot(checkpoint, state);
    calls.snapshotDeadLetters(checkpoint, state);
    if (changelog != null) {
      // Early firing: which slices changed since the last firing, and what each open window has emitted.
      state.writeInt(changedSlices.size());
      for (long end : changedSlices) {
        state.writeLong(end);
      }
      changelog.snapshot(state);
    }
  }

  @Override
  public void restore(long checkpoint, StateReader state) {
    firedUpTo = state.readLong();
    int count = state.readInt();
    for (int i = 0; i < count; i++) {
      long end = state.readLong();
      KeyedAccumulators restored = new KeyedAccumulators(ArrowTypes.createRoot(keySchema, allocator), calls.create());
      slices.put(end, restored);
      restored.restore(state, allocator);
    }
    watermark = state.readLong();
    late.restore(checkpoint, state);
    calls.restoreDeadLetters(checkpoint, state);
    if (changelog != null) {
      int changed = state.readInt();
      for (int i = 0; i < changed; i++) {
        changedSlices.add(state.readLong());
      }
      changelog.restore(state);
    }
  }

  @Override
  public void checkpointComplete(long checkpoint) {
    late.checkpointComplete(checkpoint);
    calls.checkpointComplete(checkpoint);
  }

  @Override
  public void close() {
    for (KeyedAccumulators state : slices.values()) {
      state.close();
    }
    slices.clear();
    if (calls != null) {
      calls.close();
    }
    if (output != null) {
      output.close();
    }
    if (changelog != null) {
      changelog.close();
    }
    late.close();
  }
}
