package io.sluice.runtime.operator;

import io.sluice.plan.PlanNode;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * OVER aggregates over a bounded PRECEDING frame per partition in event-time order. Input
 * rows are copied into one Arrow store and wait, per partition, until the watermark minus the
 * allowed lateness passes their time; then they are sorted by (time, arrival), appended to the
 * partition's history and emitted with the aggregates of their frame, which is folded from
 * the stored rows. History older than the frame can reach is released, and the store is
 * compacted once most of its rows are released. Rows at or before the last release are late:
 * dropped and counted.
 */
public final class OverAggregateOperator implements StreamOperator {
  private static final int COMPACT_MIN_ROWS = 4096;

  /** The rows of one partition still needed: waiting for the watermark, and emitted but inside a frame. */
  private static final class Partition {
    int[] pending = new int[4];
    int pendingSize;
    int[] history = new int[4];
    int historyStart;
    int historyEnd;
    boolean dirty;

    void addPending(int row) {
      if (pendingSize == pending.length) {
        pending = Arrays.copyOf(pending, pendingSize * 2);
      }
      pending[pendingSize++] = row;
    }

    void addHistory(int row) {
      if (historyEnd == history.length) {
        int live = historyEnd - historyStart;
        if (historyStart > 0 && live <= history.length / 2) {
          System.arraycopy(history, historyStart, history, 0, live);
        } else {
          history = Arrays.copyOfRange(history, historyStart, historyStart + Math.max(4, history.length * 2));
        }
        historyStart = 0;
        historyEnd = live;
      }
      history[historyEnd++] = row;
    }

    int live() {
      return pendingSize + historyEnd - historyStart;
    }
  }

  private final PlanNode.OverAggregate spec;
  private final int[] keyColumns;
  private final int inputColumns;
  private final KeyEncoder encoder = new KeyEncoder();
  private final ByteKeyTable keys = new ByteKeyTable();
  private Partition[] partitions = new Partition[16];
  private int[] dirty = new int[16];
  private int dirtyCount;
  private BufferAllocator allocator;
  private AggregateCalls calls;
  private VectorSchemaRoot store;
  private int storeSize;
  private long[] times = new long[1024];
  private int[] groups = new int[1024];
  private int[] frame = new int[16];
  private int liveRows;
  private VectorSchemaRoot output;
  private int outputRows;
  private List<Accumulator> accumulators;
  private LongAdder dropped;
  /** Every row at or before this time has been emitted; later arrivals at or before it are late. */
  private long releasedUpTo = Long.MIN_VALUE;

  public OverAggregateOperator(PlanNode.OverAggregate spec) {
    this.spec = spec;
    this.keyColumns = spec.partitionKeys().stream().mapToInt(Integer::intValue).toArray();
    this.inputColumns = spec.input().schema().size();
  }

  @Override
  public void open(OperatorContext context) {
    allocator = context.allocator();
    calls = new AggregateCalls(spec.calls(), spec.input().schema(), context);
    store = ArrowTypes.createRoot(spec.input().schema(), allocator);
    Vectors.prepareForReuse(store);
    output = ArrowTypes.createRoot(spec.schema(), allocator);
    Vectors.prepareForReuse(output);
    dropped = context.metrics().counter(spec.lateness().droppedCounter());
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    FieldVector time = batch.column(spec.timeColumn());
    Accumulator.LongReader reader = Accumulator.longReader(time);
    for (int r = 0; r < batch.rowCount(); r++) {
      if (time.isNull(r) || reader.get(r) <= releasedUpTo) {
        dropped.increment();
        continue;
      }
      encoder.reset();
      for (int key : keyColumns) {
        encoder.put(batch.column(key), r);
      }
      int id = keys.idOf(encoder.bytes(), encoder.length());
      if (keys.inserted()) {
        if (id == partitions.length) {
          partitions = Arrays.copyOf(partitions, id * 2);
        }
        partitions[id] = new Partition();
      }
      Partition partition = partitions[id];
      if (!partition.dirty) {
        partition.dirty = true;
        if (dirtyCount == dirty.length) {
          dirty = Arrays.copyOf(dirty, dirtyCount * 2);
        }
        dirty[dirtyCount++] = id;
      }
      int row = append(batch, r, reader.get(r));
      partition.addPending(row);
      liveRows++;
    }
  }

  private int append(Batch batch, int r, long time) {
    int row = storeSize++;
    if (row == times.length) {
      times = Arrays.copyOf(times, row * 2);
      groups = new int[row * 2];
    }
    times[row] = time;
    Vectors.copyRow(batch.root(), r, store, row);
    return row;
  }

  @Override
  public void processWatermark(long watermark, Collector out) {
    long threshold = watermark == Long.MAX_VALUE ? watermark : watermark - spec.lateness().allowedLateness();
    release(threshold, out);
    out.emitWatermark(watermark);
  }

  @Override
  public void finish(Collector out) {
    release(Long.MAX_VALUE, out);
    calls.finish();
  }

  /** Emits every waiting row at or before {@code threshold}, partition by partition in time order. */
  private void release(long threshold, Collector out) {
    if (threshold <= releasedUpTo) {
      return;
    }
    releasedUpTo = threshold;
    store.setRowCount(storeSize);
    Batch stored = new Batch(store);
    int stillDirty = 0;
    for (int d = 0; d < dirtyCount; d++) {
      Partition partition = partitions[dirty[d]];
      int[] ready = takeReady(partition, threshold);
      if (ready.length > 0) {
        IntMergeSort.sort(ready, (a, b) -> a == b ? 0 : times[a] != times[b] ? Long.compare(times[a], times[b])
            : Integer.compare(a, b));
        for (int row : ready) {
          partition.addHistory(row);
        }
        emit(partition, partition.historyEnd - ready.length, stored, out);
        evict(partition, threshold);
      }
      if (partition.pendingSize > 0) {
        dirty[stillDirty++] = dirty[d];
      } else {
        partition.dirty = false;
      }
    }
    dirtyCount = stillDirty;
    flush(out);
    if (storeSize >= COMPACT_MIN_ROWS && liveRows * 2 < storeSize) {
      compact();
    }
  }

  /** Removes and returns the partition's waiting rows at or before {@code threshold}. */
  private int[] takeReady(Partition partition, long threshold) {
    int readyCount = 0;
    int kept = 0;
    int[] ready = new int[partition.pendingSize];
    for (int i = 0; i < partition.pendingSize; i++) {
      int row = partition.pending[i];
      if (times[row] <= threshold) {
        ready[readyCount++] = row;
      } else {
        partition.pending[kept++] = row;
      }
    }
    partition.pendingSize = kept;
    return readyCount == ready.length ? ready : Arrays.copyOf(ready, readyCount);
  }

  /** Emits the history rows from position {@code from} on, each with the aggregates of its frame. */
  private void emit(Partition partition, int from, Batch stored, Collector out) {
    int[] history = partition.history;
    int lower = partition.historyStart;
    int peersEnd = from;
    for (int position = from; position < partition.historyEnd; position++) {
      int row = history[position];
      long time = times[row];
      int start;
      int end;
      if (spec.rowsFrame()) {
        start = (int) Math.max(partition.historyStart, position - spec.preceding());
        end = position + 1;
      } else {
        // RANGE: rows whose time is within the range before this one, including every peer of equal time.
        while (times[history[lower]] < time - spec.preceding()) {
          lower++;
        }
        start = lower;
        if (peersEnd <= position) {
          peersEnd = position + 1;
        }
        while (peersEnd < partition.historyEnd && times[history[peersEnd]] == time) {
          peersEnd++;
        }
        end = peersEnd;
      }
      if (accumulators == null) {
        accumulators = calls.create();
        AggregateCalls.ensureGroups(accumulators, HashAggregateOperator.BATCH_ROWS);
      }
      int count = end - start;
      if (frame.length < count) {
        frame = new int[Math.max(count, frame.length * 2)];
      }
      for (int i = 0; i < count; i++) {
        frame[i] = history[start + i];
        groups[frame[i]] = outputRows;
      }
      calls.fold(accumulators, stored, frame, count, groups);
      for (int c = 0; c < inputColumns; c++) {
        output.getVector(c).copyFromSafe(row, outputRows, store.getVector(c));
      }
      outputRows++;
      if (outputRows == HashAggregateOperator.BATCH_ROWS) {
        flush(out);
      }
    }
  }

  /** Releases history rows no later row's frame can reach. */
  private void evict(Partition partition, long threshold) {
    int before = partition.historyEnd - partition.historyStart;
    if (threshold == Long.MAX_VALUE) {
      partition.historyStart = partition.historyEnd;
    } else if (spec.rowsFrame()) {
      partition.historyStart = (int) Math.max(partition.historyStart, partition.historyEnd - spec.preceding());
    } else {
      // Later rows are after the threshold, so their frames start after threshold - preceding.
      while (partition.historyStart < partition.historyEnd
          && times[partition.history[partition.historyStart]] <= threshold - spec.preceding()) {
        partition.historyStart++;
      }
    }
    liveRows -= before - (partition.historyEnd - partition.historyStart);
  }

  private void flush(Collector out) {
    if (outputRows == 0) {
      return;
    }
    for (int c = 0; c < accumulators.size(); c++) {
      FieldVector vector = output.getVector(inputColumns + c);
      for (int row = 0; row < outputRows; row++) {
        accumulators.get(c).write(row, vector, row);
      }
    }
    AggregateCalls.close(accumulators);
    accumulators = null;
    output.setRowCount(outputRows);
    out.emit(new Batch(output));
    Vectors.prepareForReuse(output);
    outputRows = 0;
  }

  /** Copies the rows still needed into a fresh store, renumbering them. */
  private void compact() {
    VectorSchemaRoot fresh = ArrowTypes.createRoot(spec.input().schema(), allocator);
    Vectors.prepareForReuse(fresh);
    long[] freshTimes = new long[Math.max(1024, liveRows * 2)];
    int size = 0;
    for (int id = 0; id < keys.size(); id++) {
      Partition partition = partitions[id];
      for (int i = partition.historyStart; i < partition.historyEnd; i++) {
        int row = partition.history[i];
        Vectors.copyRow(store, row, fresh, size);
        freshTimes[size] = times[row];
        partition.history[i] = size++;
      }
      for (int i = 0; i < partition.pendingSize; i++) {
        int row = partition.pending[i];
        Vectors.copyRow(store, row, fresh, size);
        freshTimes[size] = times[row];
        partition.pending[i] = size++;
      }
    }
    store.close();
    store = fresh;
    storeSize = size;
    times = freshTimes;
    groups = new int[freshTimes.length];
  }

  @Override
  public boolean supportsCheckpoints() {
    return calls.supportsCheckpoints();
  }

  /**
   * The stored rows (an Arrow IPC batch) and their times, the partition keys, per partition
   * its waiting rows, live history and whether it waits for the watermark, in the order the
   * partitions are released, the release point, and the epoch of the user aggregates' dead
   * letters. Accumulators live only while a release emits, so there are none to save.
   */
  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    state.writeInt(storeSize);
    state.writeRoot(store, storeSize);
    state.writeLongs(times, storeSize);
    keys.snapshot(state);
    for (int id = 0; id < keys.size(); id++) {
      Partition partition = partitions[id];
      state.writeInt(partition.pendingSize);
      state.writeInts(partition.pending, partition.pendingSize);
      state.writeInt(partition.historyEnd - partition.historyStart);
      state.writeInts(partition.history, partition.historyStart, partition.historyEnd - partition.historyStart);
      state.writeBoolean(partition.dirty);
    }
    state.writeInt(dirtyCount);
    state.writeInts(dirty, dirtyCount);
    state.writeInt(liveRows);
    state.writeLong(releasedUpTo);
    calls.snapshotDeadLetters(checkpoint, state);
  }

  @Override
  public void restore(long checkpoint, StateReader state) {
    storeSize = state.readInt();
    try (VectorSchemaRoot saved = state.readRoot(allocator)) {
      for (int c = 0; c < inputColumns; c++) {
        Vectors.copyRange(saved.getVector(c), 0, storeSize, store.getVector(c), 0);
      }
    }
    times = state.readLongs(1024);
    groups = new int[times.length];
    keys.restore(state);
    partitions = new Partition[Math.max(16, keys.size())];
    for (int id = 0; id < keys.size(); id++) {
      Partition partition = new Partition();
      partition.pendingSize = state.readInt();
      partition.pending = state.readInts(4);
      partition.historyEnd = state.readInt();
      partition.history = state.readInts(4);
      partition.dirty = state.readBoolean();
      partitions[id] = partition;
    }
    dirtyCount = state.readInt();
    dirty = state.readInts(16);
    liveRows = state.readInt();
    releasedUpTo = state.readLong();
    calls.restoreDeadLetters(checkpoint, state);
  }

  @Override
  public void checkpointComplete(long checkpoint) {
    calls.checkpointComplete(checkpoint);
  }

  @Override
  public void close() {
    if (accumulators != null) {
      AggregateCalls.close(accumulators);
      accumulators = null;
    }
    if (calls != null) {
      calls.close();
    }
    if (store != null) {
      store.close();
    }
    if (output != null) {
      output.close();
    }
  }
}
