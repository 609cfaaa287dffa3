package io.sluice.runtime.operator;

import io.sluice.plan.PlanNode;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An event-time temporal join operator. Right rows are versions: they are copied into the
 * operator's vectors and kept per key in time order. Left rows wait in the operator's vectors
 * until the watermark (the minimum of both inputs) passes their time, so every version up to
 * that time has arrived; then each is emitted, in time order, with the latest version of its
 * key at or before its time (or NULL-padded, for a LEFT join, when there is none).
 *
 * <p>Once the watermark is {@code w}, later left rows have times of at least {@code w}, so of a
 * key's versions before {@code w} only the latest can still be needed: the older ones are
 * dropped. Left rows that arrive late join the oldest version still kept.
 */
public final class TemporalJoinOperator implements StreamOperator {
  /** Dropped versions are reclaimed once they are this many and at least as many as the kept ones. */
  private static final int COMPACT_MIN_ROWS = 1024;

  private final PlanNode.TemporalJoin spec;
  private final CalcProvider calcs;
  private final int[] leftKeyColumns;
  private final int[] rightKeyColumns;
  private final KeyEncoder encoder = new KeyEncoder();
  private BufferAllocator allocator;
  private CandidateOutput output;

  /** Left rows waiting for the watermark, with their event times (Long.MIN_VALUE: NULL). */
  private VectorSchemaRoot pending;
  private int pendingCount;
  private long[] pendingTime = new long[64];

  /** Versions: rows of the right input, chained per key in {@link #versions}, sorted by time. */
  private VectorSchemaRoot versionRows;
  private int versionCount;
  private long[] versionTime = new long[64];
  private int liveVersions;
  private ByteKeyTable keys = new ByteKeyTable();
  private int[][] versions = new int[64][];
  private int[] versionsPerKey = new int[64];
  /** Keys holding more than one version, the only ones dropping can shrink. */
  private int[] crowded = new int[16];
  private int crowdedCount;
  private boolean[] isCrowded = new boolean[64];
  /** Row numbers gathered in one bulk copy (versions taken from a batch, rows kept by a compaction). */
  private int[] accepted = new int[0];

  public TemporalJoinOperator(PlanNode.TemporalJoin spec, CalcProvider calcs) {
    this.spec = spec;
    this.calcs = calcs;
    this.leftKeyColumns = spec.leftKeys().stream().mapToInt(Integer::intValue).toArray();
    this.rightKeyColumns = spec.rightKeys().stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public void open(OperatorContext context) {
    allocator = context.allocator();
    pending = ArrowTypes.createRoot(spec.left().schema(), allocator);
    versionRows = ArrowTypes.createRoot(spec.right().schema(), allocator);
    output = new CandidateOutput(spec.left().schema(), spec.right().schema(), spec.residual(),
        spec.kind().keepsUnmatchedLeft(), spec.schema(), calcs, allocator);
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    if (input == 0) {
      buffer(batch);
    } else if (input == 1) {
      addVersions(batch);
    } else {
      throw new IllegalStateException("a join has inputs 0 and 1, got a batch on input " + input);
    }
  }

  private void buffer(Batch batch) {
    int rows = batch.rowCount();
    int end = pendingCount + rows;
    if (end > pendingTime.length) {
      pendingTime = Arrays.copyOf(pendingTime, Math.max(end, pendingTime.length * 2));
    }
    for (int c = 0; c < batch.columnCount(); c++) {
      Vectors.copyRange(batch.column(c), 0, rows, pending.getVector(c), pendingCount);
    }
    FieldVector times = batch.column(spec.leftTime());
    Accumulator.LongReader reader = Accumulator.longReader(times);
    for (int r = 0; r < rows; r++) {
      pendingTime[pendingCount + r] = times.isNull(r) ? Long.MIN_VALUE : reader.get(r);
    }
    pendingCount = end;
    pending.setRowCount(pendingCount);
  }

  private void addVersions(Batch batch) {
    FieldVector[] keyVectors = new FieldVector[rightKeyColumns.length];
    for (int k = 0; k < keyVectors.length; k++) {
      keyVectors[k] = batch.column(rightKeyColumns[k]);
    }
    FieldVector times = batch.column(spec.rightTime());
    Accumulator.LongReader reader = Accumulator.longReader(times);
    int first = versionCount;
    int rows = batch.rowCount();
    if (accepted.length < rows) {
      accepted = new int[rows];
    }
    int kept = 0;
    for (int r = 0; r < rows; r++) {
      // A version without a time or with a NULL key can never be chosen.
      if (times.isNull(r) || !encoder.putNonNullKey(keyVectors, r)) {
        continue;
      }
      int row = versionCount++;
      if (row == versionTime.length) {
        versionTime = Arrays.copyOf(versionTime, row * 2);
      }
      accepted[kept++] = r;
      versionTime[row] = reader.get(r);
      liveVersions++;
      insertVersion(keys.idOf(encoder.bytes(), encoder.length()), row);
    }
    gatherRows(batch.root(), accepted, kept, versionRows, first);
    versionRows.setRowCount(versionCount);
  }

  /** Copies rows {@code rows[0, count)} of every column of {@code source} to rows {@code at...} of {@code target}. */
  private static void gatherRows(VectorSchemaRoot source, int[] rows, int count, VectorSchemaRoot target, int at) {
    for (int c = 0; c < target.getFieldVectors().size(); c++) {
      Vectors.gather(source.getVector(c), rows, 0, count, target.getVector(c), at);
    }
  }

  /** Adds {@code row} to its key's versions, after those with the same or an earlier time. */
  private void insertVersion(int key, int row) {
    if (key == versions.length) {
      versions = Arrays.copyOf(versions, key * 2);
      versionsPerKey = Arrays.copyOf(versionsPerKey, key * 2);
      isCrowded = Arrays.copyOf(isCrowded, key * 2);
    }
    int[] list = versions[key];
    int count = versionsPerKey[key];
    if (list == null) {
      list = versions[key] = new int[2];
    } else if (count == list.length) {
      list = versions[key] = Arrays.copyOf(list, count * 2);
    }
    long time = versionTime[row];
    int at = count;
    // Versions mostly arrive in time order, so the scan from the end is short.
    while (at > 0 && versionTime[list[at - 1]] > time) {
      list[at] = list[at - 1];
      at--;
    }
    list[at] = row;
    versionsPerKey[key] = count + 1;
    if (count + 1 > 1 && !isCrowded[key]) {
      isCrowded[key] = true;
      if (crowdedCount == crowded.length) {
        crowded = Arrays.copyOf(crowded, crowdedCount * 2);
      }
      crowded[crowdedCount++] = key;
    }
  }

  @Override
  public void processWatermark(long watermark, Collector out) {
    emitUpTo(watermark, out);
    dropVersionsBefore(watermark);
    out.emitWatermark(watermark);
  }

  @Override
  public void finish(Collector out) {
    emitUpTo(Long.MAX_VALUE, out);
  }

  /** Emits, in time order, every pending left row whose time is before {@code watermark}. */
  private void emitUpTo(long watermark, Collector out) {
    int ready = 0;
    for (int row = 0; row < pendingCount; row++) {
      if (pendingTime[row] < watermark) {
        ready++;
      }
    }
    if (ready == 0) {
      return;
    }
    int[] leftRows = new int[ready];
    int n = 0;
    for (int row = 0; row < pendingCount; row++) {
      if (pendingTime[row] < watermark) {
        leftRows[n++] = row;
      }
    }
    long[] times = pendingTime;
    IntMergeSort.sort(leftRows, (a, b) -> Long.compare(times[a], times[b]));
    int[] rightRows = new int[ready];
    FieldVector[] keyVectors = new FieldVector[leftKeyColumns.length];
    for (int k = 0; k < keyVectors.length; k++) {
      keyVectors[k] = pending.getVector(leftKeyColumns[k]);
    }
    for (int i = 0; i < ready; i++) {
      int row = leftRows[i];
      rightRows[i] = pendingTime[row] == Long.MIN_VALUE || !encoder.putNonNullKey(keyVectors, row) ? -1
          : versionAt(keys.find(encoder.bytes(), encoder.length()), pendingTime[row]);
    }
    output.emit(pending, versionRows, leftRows, rightRows, ready, out);
    keepPendingFrom(watermark);
  }

  /** The row of key {@code key}'s latest version at or before {@code time}, or -1. */
  private int versionAt(int key, long time) {
    if (key < 0) {
      return -1;
    }
    int[] list = versions[key];
    int low = 0;
    int high = versionsPerKey[key] - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (versionTime[list[mid]] <= time) {
        found = list[mid];
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /** Keeps only the pending rows at or after {@code watermark}, moved to fresh vectors. */
  private void keepPendingFrom(long watermark) {
    VectorSchemaRoot fresh = ArrowTypes.createRoot(spec.left().schema(), allocator);
    if (accepted.length < pendingCount) {
      accepted = new int[pendingCount];
    }
    int kept = 0;
    for (int row = 0; row < pendingCount; row++) {
      if (pendingTime[row] >= watermark) {
        accepted[kept] = row;
        pendingTime[kept++] = pendingTime[row];
      }
    }
    gatherRows(pending, accepted, kept, fresh, 0);
    pending.close();
    pending = fresh;
    pendingCount = kept;
    pending.setRowCount(kept);
  }

  /** Drops, per key, the versions older than its latest one before {@code watermark}. */
  private void dropVersionsBefore(long watermark) {
    int stillCrowded = 0;
    for (int c = 0; c < crowdedCount; c++) {
      int key = crowded[c];
      int[] list = versions[key];
      int count = versionsPerKey[key];
      int latestBefore = -1;
      while (latestBefore + 1 < count && versionTime[list[latestBefore + 1]] < watermark) {
        latestBefore++;
      }
      if (latestBefore > 0) {
        System.arraycopy(list, latestBefore, list, 0, count - latestBefore);
        count -= latestBefore;
        versionsPerKey[key] = count;
        liveVersions -= latestBefore;
      }
      if (count > 1) {
        crowded[stillCrowded++] = key;
      } else {
        isCrowded[key] = false;
      }
    }
    crowdedCount = stillCrowded;
    int dropped = versionCount - liveVersions;
    if (dropped >= COMPACT_MIN_ROWS && dropped >= liveVersions) {
      compactVersions();
    }
  }

  /** Moves the kept versions to fresh vectors, renumbering their rows. */
  private void compactVersions() {
    VectorSchemaRoot fresh = ArrowTypes.createRoot(spec.right().schema(), allocator);
    long[] freshTime = new long[Math.max(64, liveVersions * 2)];
    if (accepted.length < liveVersions) {
      accepted = new int[liveVersions];
    }
    int kept = 0;
    for (int key = 0; key < keys.size(); key++) {
      int[] list = versions[key];
      for (int v = 0; v < versionsPerKey[key]; v++) {
        accepted[kept] = list[v];
        freshTime[kept] = versionTime[list[v]];
        list[v] = kept++;
      }
    }
    gatherRows(versionRows, accepted, kept, fresh, 0);
    versionRows.close();
    versionRows = fresh;
    versionRows.setRowCount(kept);
    versionTime = freshTime;
    versionCount = kept;
  }

  /** Rows held in the join state: pending left rows and kept versions. */
  public long stateRows() {
    return pendingCount + liveVersions;
  }

  /**
   * The pending left rows and their times, then the version rows (Arrow IPC, dropped ones
   * included so row numbers stay valid), their times, the keys and each key's version list.
   */
  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    state.writeInt(pendingCount);
    state.writeRoot(pending, pendingCount);
    state.writeLongs(pendingTime, pendingCount);
    state.writeInt(versionCount);
    state.writeInt(liveVersions);
    state.writeRoot(versionRows, versionCount);
    state.writeLongs(versionTime, versionCount);
    keys.snapshot(state);
    for (int key = 0; key < keys.size(); key++) {
      state.writeInts(versions[key], versionsPerKey[key]);
    }
  }

  @Override
  public void restore(long checkpoint, StateReader state) {
    pendingCount = state.readInt();
    copyInto(state, pending, pendingCount);
    pendingTime = state.readLongs(64);
    versionCount = state.readInt();
    liveVersions = state.readInt();
    copyInto(state, versionRows, versionCount);
    versionTime = state.readLongs(64);
    keys.restore(state);
    int keyCount = keys.size();
    int capacity = Math.max(64, keyCount * 2);
    versions = new int[capacity][];
    versionsPerKey = new int[capacity];
    isCrowded = new boolean[capacity];
    crowded = new int[Math.max(16, keyCount)];
    crowdedCount = 0;
    for (int key = 0; key < keyCount; key++) {
      int[] list = state.readInts(0);
      int count = list.length;
      // insertVersion grows a list by doubling, so it must not be empty.
      versions[key] = count < 2 ? Arrays.copyOf(list, 2) : list;
      versionsPerKey[key] = count;
      if (count > 1) {
        isCrowded[key] = true;
        crowded[crowdedCount++] = key;
      }
    }
  }

  private static void copyInto(StateReader state, VectorSchemaRoot target, int rows) {
    try (VectorSchemaRoot saved = state.readRoot(target.getVector(0).getAllocator())) {
      for (int c = 0; c < saved.getFieldVectors().size(); c++) {
        Vectors.copyRange(saved.getVector(c), 0, rows, target.getVector(c), 0);
      }
    }
    target.setRowCount(rows);
  }

  @Override
  public void close() {
    if (output != null) {
      output.close();
      pending.close();
      versionRows.close();
    }
  }
}
