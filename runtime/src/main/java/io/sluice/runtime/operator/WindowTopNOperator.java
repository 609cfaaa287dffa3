package io.sluice.runtime.operator;

import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.SortKey;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.CellComparator;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Window Top-N: per window (by its end) and partition key, a bounded max-heap of at most N
 * row slots whose root is the worst row kept, so a row that ranks below the root is
 * rejected with one comparison and never copied. Kept rows live in one Arrow store per
 * window (compacted when rejected rows pile up). When the watermark minus the allowed
 * lateness reaches a window's end, each partition's rows are heap-sorted and emitted with
 * their rank, and the window is freed; a row for an already emitted window is late.
 */
public final class WindowTopNOperator implements StreamOperator {
  private final PlanNode.WindowTopN spec;
  private final int[] partitionColumns;
  private final int limit;
  private final NavigableMap<Long, WindowRows> windows = new TreeMap<>();
  private final KeyEncoder encoder = new KeyEncoder();
  private RowOrder order;
  private BufferAllocator allocator;
  private VectorSchemaRoot output;
  private int outputRows;
  private LongAdder dropped;
  /** Every window ending at or before this has been emitted. */
  private long firedUpTo = Long.MIN_VALUE;

  public WindowTopNOperator(PlanNode.WindowTopN spec) {
    this.spec = spec;
    this.partitionColumns = spec.partitionKeys().stream().mapToInt(Integer::intValue).toArray();
    // A heap holds array slots; more rows than an array can hold could not be emitted anyway.
    this.limit = (int) Math.min(spec.limit(), Integer.MAX_VALUE - 8);
  }

  @Override
  public void open(OperatorContext context) {
    allocator = context.allocator();
    output = ArrowTypes.createRoot(spec.schema(), allocator);
    Vectors.prepareForReuse(output);
    dropped = context.metrics().counter(spec.lateness().droppedCounter());
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    TimeStampMilliVector ends = (TimeStampMilliVector) batch.column(spec.windowEnd());
    FieldVector[] columns = new FieldVector[batch.columnCount()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = batch.column(c);
    }
    if (order == null) {
      order = new RowOrder(spec.sortKeys(), columns);
    }
    FieldVector[] keys = new FieldVector[partitionColumns.length];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = columns[partitionColumns[k]];
    }
    WindowRows current = null;
    long currentEnd = 0;
    for (int row = 0; row < batch.rowCount(); row++) {
      long end = ends.get(row);
      if (end <= firedUpTo) {
        dropped.increment();
        continue;
      }
      if (current == null || end != currentEnd) {
        currentEnd = end;
        current = windows.computeIfAbsent(end, e -> new WindowRows(ArrowTypes.createRoot(spec.input().schema(),
            allocator)));
      }
      encoder.reset();
      for (FieldVector key : keys) {
        encoder.put(key, row);
      }
      current.offer(current.partitions.idOf(encoder.bytes(), encoder.length()), columns, row);
    }
  }

  @Override
  public void processWatermark(long watermark, Collector out) {
    fire(watermark == Long.MAX_VALUE ? watermark : watermark - spec.lateness().allowedLateness(), out);
    out.emitWatermark(watermark);
  }

  @Override
  public void finish(Collector out) {
    fire(Long.MAX_VALUE, out);
  }

  /** Emits and frees every window ending at or before {@code threshold}, in end order. */
  private void fire(long threshold, Collector out) {
    while (!windows.isEmpty() && windows.firstKey() <= threshold) {
      try (WindowRows rows = windows.pollFirstEntry().getValue()) {
        rows.emit(out);
      }
    }
    firedUpTo = Math.max(firedUpTo, threshold);
    flush(out);
  }

  private void flush(Collector out) {
    if (outputRows == 0) {
      return;
    }
    output.setRowCount(outputRows);
    out.emit(new Batch(output));
    Vectors.prepareForReuse(output);
    outputRows = 0;
  }

  /**
   * The emitted-up-to point, then per open window its end, partition keys, row store (Arrow
   * IPC, rejected slots included so the heaps' slot numbers stay valid) and heaps.
   */
  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    state.writeLong(firedUpTo);
    state.writeInt(windows.size());
    for (Map.Entry<Long, WindowRows> window : windows.entrySet()) {
      state.writeLong(window.getKey());
      window.getValue().snapshot(state);
    }
  }

  @Override
  public void restore(long checkpoint, StateReader state) {
    firedUpTo = state.readLong();
    int count = state.readInt();
    for (int w = 0; w < count; w++) {
      long end = state.readLong();
      WindowRows rows = new WindowRows(ArrowTypes.createRoot(spec.input().schema(), allocator));
      windows.put(end, rows);
      rows.restore(state);
      if (order == null) {
        order = new RowOrder(spec.sortKeys(), rows.storeColumns);
      }
    }
  }

  @Override
  public void close() {
    for (WindowRows rows : windows.values()) {
      rows.close();
    }
    windows.clear();
    if (output != null) {
      output.close();
    }
  }

  /** The rows kept for one window: an Arrow store of row slots and a bounded heap of slots per partition. */
  private final class WindowRows implements AutoCloseable {
    private final ByteKeyTable partitions = new ByteKeyTable();
    private VectorSchemaRoot store;
    private FieldVector[] storeColumns;
    private int stored;
    private int live;
    private int[][] heaps = new int[16][];
    private int[] sizes = new int[16];

    WindowRows(VectorSchemaRoot store) {
      setStore(store);
    }

    private void setStore(VectorSchemaRoot store) {
      this.store = store;
      this.storeColumns = store.getFieldVectors().toArray(new FieldVector[0]);
      Vectors.prepareForReuse(store);
    }

    void snapshot(StateWriter state) {
      partitions.snapshot(state);
      state.writeInt(stored);
      state.writeInt(live);
      state.writeRoot(store, stored);
      for (int p = 0; p < partitions.size(); p++) {
        state.writeInts(heaps[p] == null ? new int[0] : heaps[p], sizes[p]);
      }
    }

    void restore(StateReader state) {
      partitions.restore(state);
      stored = state.readInt();
      live = state.readInt();
      try (VectorSchemaRoot saved = state.readRoot(allocator)) {
        for (int c = 0; c < storeColumns.length; c++) {
          Vectors.copyRange(saved.getVector(c), 0, stored, storeColumns[c], 0);
        }
      }
      int count = partitions.size();
      heaps = new int[Math.max(16, count)][];
      sizes = new int[heaps.length];
      for (int p = 0; p < count; p++) {
        int[] heap = state.readInts(0);
        sizes[p] = heap.length;
        heaps[p] = heap.length == 0 ? null : heap;
      }
    }

    /** Offers row {@code row} of {@code columns} to partition {@code partition}'s heap. */
    void offer(int partition, FieldVector[] columns, int row) {
      if (partition >= sizes.length) {
        heaps = Arrays.copyOf(heaps, Math.max(partition + 1, heaps.length * 2));
        sizes = Arrays.copyOf(sizes, heaps.length);
      }
      int[] heap = heaps[partition];
      int size = sizes[partition];
      if (size < limit) {
        if (heap == null || size == heap.length) {
          heap = heaps[partition] = Arrays.copyOf(heap == null ? new int[0] : heap,
              (int) Math.min(limit, Math.max(4, size * 2L)));
        }
        heap[size] = append(columns, row);
        sizes[partition] = size + 1;
        live++;
        siftUp(heap, size);
        return;
      }
      // A full heap: the row replaces the worst kept row only if it ranks before it.
      if (order.compare(columns, row, storeColumns, heap[0]) < 0) {
        heap[0] = append(columns, row);
        siftDown(heap, 0, size);
        if (stored > 2 * live + 1024) {
          compact();
        }
      }
    }

    private int append(FieldVector[] columns, int row) {
      for (int c = 0; c < columns.length; c++) {
        storeColumns[c].copyFromSafe(row, stored, columns[c]);
      }
      return stored++;
    }

    /** Whether slot {@code a} ranks after slot {@code b}: the heap keeps the worst row at its root. */
    private boolean worse(int a, int b) {
      return order.compare(storeColumns, a, storeColumns, b) > 0;
    }

    private void siftUp(int[] heap, int index) {
      int slot = heap[index];
      while (index > 0) {
        int parent = (index - 1) >>> 1;
        if (!worse(slot, heap[parent])) {
          break;
        }
        heap[index] = heap[parent];
        index = parent;
      }
      heap[index] = slot;
    }

    private void siftDown(int[] heap, int index, int size) {
      int slot = heap[index];
      while (true) {
        int child = 2 * index + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && worse(heap[child + 1], heap[child])) {
          child++;
        }
        if (!worse(heap[child], slot)) {
          break;
        }
        heap[index] = heap[child];
        index = child;
      }
      heap[index] = slot;
    }

    /** Copies the kept rows to a fresh store, dropping the slots of rows pushed out of their heaps. */
    private void compact() {
      VectorSchemaRoot fresh = ArrowTypes.createRoot(spec.input().schema(), allocator);
      Vectors.prepareForReuse(fresh);
      int next = 0;
      for (int p = 0; p < partitions.size(); p++) {
        int[] heap = heaps[p];
        for (int i = 0; i < sizes[p]; i++) {
          for (int c = 0; c < storeColumns.length; c++) {
            fresh.getVector(c).copyFromSafe(heap[i], next, storeColumns[c]);
          }
          heap[i] = next++;
        }
      }
      store.close();
      setStore(fresh);
      stored = next;
    }

    /** Appends each partition's rows in rank order to the output, partitions in order of first arrival. */
    void emit(Collector out) {
      int inputColumns = storeColumns.length;
      for (int p = 0; p < partitions.size(); p++) {
        int[] heap = heaps[p];
        // Heap sort: popping the worst row fills the ranking from its end.
        for (int size = sizes[p]; size > 1; size--) {
          int worst = heap[0];
          heap[0] = heap[size - 1];
          heap[size - 1] = worst;
          siftDown(heap, 0, size - 1);
        }
        for (int rank = 0; rank < sizes[p]; rank++) {
          for (int c = 0; c < inputColumns; c++) {
            output.getVector(c).copyFromSafe(heap[rank], outputRows, storeColumns[c]);
          }
          if (spec.keepRank()) {
            ((BigIntVector) output.getVector(inputColumns)).setSafe(outputRows, rank + 1L);
          }
          if (++outputRows == HashAggregateOperator.BATCH_ROWS) {
            flush(out);
          }
        }
      }
    }

    @Override
    public void close() {
      store.close();
    }
  }

  /**
   * The ranking of rows: the sort keys with their directions and NULL placement, then every
   * other orderable column ascending (NULLs first), so ties rank the same whatever order the
   * rows arrived in.
   */
  static final class RowOrder {
    private final int[] columns;
    private final boolean[] descending;
    private final boolean[] nullsFirst;
    private final CellComparator[] comparators;

    RowOrder(List<SortKey> keys, FieldVector[] like) {
      List<SortKey> all = new ArrayList<>(keys);
      for (int c = 0; c < like.length; c++) {
        int column = c;
        if (keys.stream().noneMatch(key -> key.column() == column)) {
          all.add(new SortKey(c, false, true));
        }
      }
      List<SortKey> orderable = new ArrayList<>();
      List<CellComparator> found = new ArrayList<>();
      for (SortKey key : all) {
        CellComparator comparator = comparatorOrNull(like[key.column()]);
        if (comparator == null && keys.contains(key)) {
          throw new IllegalArgumentException("cannot order by column $" + key.column() + " of type "
              + like[key.column()].getMinorType());
        }
        if (comparator != null) {
          orderable.add(key);
          found.add(comparator);
        }
      }
      columns = orderable.stream().mapToInt(SortKey::column).toArray();
      descending = new boolean[columns.length];
      nullsFirst = new boolean[columns.length];
      for (int i = 0; i < columns.length; i++) {
        descending[i] = orderable.get(i).descending();
        nullsFirst[i] = orderable.get(i).nullsFirst();
      }
      comparators = found.toArray(new CellComparator[0]);
    }

    private static CellComparator comparatorOrNull(FieldVector vector) {
      try {
        return CellComparator.forVector(vector);
      } catch (IllegalArgumentException unordered) {
        return null;
      }
    }

    /** Negative when row {@code i} of {@code left} ranks before row {@code j} of {@code right}. */
    int compare(FieldVector[] left, int i, FieldVector[] right, int j) {
      for (int k = 0; k < columns.length; k++) {
        FieldVector a = left[columns[k]];
        FieldVector b = right[columns[k]];
        boolean aNull = a.isNull(i);
        boolean bNull = b.isNull(j);
        int result;
        if (aNull || bNull) {
          result = aNull == bNull ? 0 : (aNull == nullsFirst[k] ? -1 : 1);
        } else {
          result = comparators[k].compare(a, i, b, j);
          if (descending[k]) {
            result = -result;
          }
        }
        if (result != 0) {
          return result;
        }
      }
      return 0;
    }
  }
}
