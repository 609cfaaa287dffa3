package io.sluice.runtime.operator;

import io.sluice.plan.PlanNode;
import io.sluice.plan.RowKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An event-time interval join operator. Rows of both inputs are copied into the operator's
 * own Arrow vectors and chained per key; an arriving batch probes the other side's chain of
 * each key, pairs whose times lie within the bounds go through the residual condition, and
 * matches are emitted at once (append-only).
 *
 * <p>A left row at time {@code t} can only meet right rows up to {@code t + upper}, a right
 * row left rows up to {@code t - lower}; once the watermark passes that time the row leaves
 * the state, NULL-padded into the output first if its side is outer and it never matched.
 * The output watermark is held back by the widest distance between a row's time and its
 * partner's, so neither padded rows nor joined rows are late downstream.
 *
 * <p>A side whose partners are bounded by one of its own columns ({@code b.ts <= a.expires})
 * keeps each row until the watermark passes that column's time. The distance to a partner
 * then has no fixed limit, so the output watermark is held back to the earliest event time
 * still in the state instead: every future output row pairs a row in the state with a row
 * not yet arrived, which (unless late) is not older than the watermark.
 */
public final class IntervalJoinOperator implements StreamOperator {
  /** Dead rows are reclaimed once they are this many and at least as many as the live ones. */
  private static final int COMPACT_MIN_ROWS = 1024;

  private final PlanNode.IntervalJoin spec;
  private final CalcProvider calcs;
  private final Side left;
  private final Side right;
  private final long holdBack;
  /** Whether a bound is a column, so that the output watermark follows the state's earliest time. */
  private final boolean holdsBackToState;
  private long outputWatermark = Long.MIN_VALUE;
  private final KeyEncoder encoder = new KeyEncoder();
  private BufferAllocator allocator;
  private JoinPairs pairs;
  private JoinOutput output;

  public IntervalJoinOperator(PlanNode.IntervalJoin spec, CalcProvider calcs) {
    this(spec, calcs, BlobLevels.FAN_IN);
  }

  /** A join whose sides merge {@code blobFanIn} snapshot blobs of one level into one (small in tests). */
  IntervalJoinOperator(PlanNode.IntervalJoin spec, CalcProvider calcs, int blobFanIn) {
    this.spec = spec;
    this.calcs = calcs;
    // A left row lives until the watermark passes time + upper, a right one until time - lower.
    this.left = new Side(spec.leftKeys(), spec.leftTime(), spec.leftTimeShift(), spec.upperMillis(),
        spec.leftUntil(), spec.kind().keepsUnmatchedLeft(), blobFanIn);
    this.right = new Side(spec.rightKeys(), spec.rightTime(), spec.rightTimeShift(),
        spec.lowerMillis() == Long.MIN_VALUE ? Long.MAX_VALUE : -spec.lowerMillis(), spec.rightUntil(),
        spec.kind().keepsUnmatchedRight(), blobFanIn);
    this.holdsBackToState = spec.leftUntil() != null || spec.rightUntil() != null;
    this.holdBack = holdsBackToState ? 0 : Math.max(0, Math.max(spec.upperMillis(), -spec.lowerMillis()));
  }

  @Override
  public void open(OperatorContext context) {
    allocator = context.allocator();
    left.rows = ArrowTypes.createRoot(spec.left().schema(), allocator);
    right.rows = ArrowTypes.createRoot(spec.right().schema(), allocator);
    pairs = new JoinPairs(JoinResidual.compile(spec.left().schema(), spec.right().schema(), spec.residual(), calcs,
        allocator));
    // The output has both sides' columns and no row kinds: an interval join is append-only.
    output = new JoinOutput(spec.schema(), true, false, allocator);
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    if (input != 0 && input != 1) {
      throw new IllegalStateException("a join has inputs 0 and 1, got a batch on input " + input);
    }
    boolean selfIsLeft = input == 0;
    Side self = selfIsLeft ? left : right;
    Side other = selfIsLeft ? right : left;
    int rows = batch.rowCount();
    int base = self.rowCount;
    self.append(batch);
    FieldVector[] keys = new FieldVector[self.keyColumns.length];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = batch.column(self.keyColumns[k]);
    }
    FieldVector times = batch.column(self.timeColumn);
    pairs.clear();
    for (int r = 0; r < rows; r++) {
      int row = base + r;
      if (times.isNull(r) || !encoder.putNonNullKey(keys, r)) {
        // Without a time or with a NULL key the row can never match: it is final already.
        self.kill(row);
        if (self.keepsUnmatched) {
          emitUnmatched(selfIsLeft, row, out);
        }
        continue;
      }
      self.link(row, encoder);
      int otherKey = other.keys.find(encoder.bytes(), encoder.length());
      if (otherKey < 0) {
        continue;
      }
      long time = self.time[row];
      // The partner's time must lie in [time + lower, time + upper] (left) or [time - upper, time - lower]
      // (right), and at most at this row's column bound; this row's time at most at the partner's.
      long from = selfIsLeft ? plus(time, spec.lowerMillis()) : minus(time, spec.upperMillis());
      long to = Math.min(self.until[row], selfIsLeft ? plus(time, spec.upperMillis()) : minus(time, spec.lowerMillis()));
      for (int match = other.head[otherKey]; match >= 0; match = other.next[match]) {
        if (other.live[match] && other.time[match] >= from && other.time[match] <= to && time <= other.until[match]) {
          pairs.add(row, match);
        }
      }
    }
    pairs.retainMatches(selfIsLeft, left.rows, right.rows);
    for (int p = 0; p < pairs.count(); p++) {
      int selfRow = pairs.self(p);
      int otherRow = pairs.other(p);
      self.markMatched(selfRow);
      other.markMatched(otherRow);
      emit(selfIsLeft ? selfRow : otherRow, selfIsLeft ? otherRow : selfRow, out);
    }
    flush(out);
  }

  /** {@code time + millis}, where the unbounded bounds Long.MIN_VALUE and Long.MAX_VALUE stay unbounded. */
  private static long plus(long time, long millis) {
    if (millis == Long.MAX_VALUE || millis == Long.MIN_VALUE) {
      return millis;
    }
    return time + millis;
  }

  private static long minus(long time, long millis) {
    if (millis == Long.MAX_VALUE || millis == Long.MIN_VALUE) {
      return millis == Long.MAX_VALUE ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return time - millis;
  }

  private void emitUnmatched(boolean ofLeft, int row, Collector out) {
    if (output.addUnmatched(ofLeft, row, RowKind.INSERT)) {
      flush(out);
    }
  }

  private void emit(int leftRow, int rightRow, Collector out) {
    if (output.add(leftRow, rightRow)) {
      flush(out);
    }
  }

  private void flush(Collector out) {
    output.flush(left.rows, right.rows, out);
  }

  @Override
  public void processWatermark(long watermark, Collector out) {
    expire(left, true, watermark, out);
    expire(right, false, watermark, out);
    flush(out);
    left.compactIfWorthIt(allocator, encoder);
    right.compactIfWorthIt(allocator, encoder);
    long next = watermark == Long.MAX_VALUE || watermark == Long.MIN_VALUE ? watermark : watermark - holdBack;
    if (holdsBackToState && watermark != Long.MAX_VALUE) {
      next = Math.min(next, Math.min(left.minLiveTime, right.minLiveTime));
    }
    // Late rows may lower the state's earliest time; a watermark never goes back.
    outputWatermark = Math.max(outputWatermark, next);
    out.emitWatermark(outputWatermark);
  }

  /** Drops the rows no future row of the other side can match, padding the unmatched ones of an outer side. */
  private void expire(Side side, boolean ofLeft, long watermark, Collector out) {
    if (side.liveCount == 0) {
      side.minLiveTime = Long.MAX_VALUE;
      side.minDeadline = Long.MAX_VALUE;
      return;
    }
    // An inner side's rows may stay a little longer (late rows still join them): sweeping the
    // state only once it has grown by a quarter keeps the sweeps' cost per row constant.
    if (side.minDeadline >= watermark || !side.keepsUnmatched && side.appendedSinceSweep * 4L < side.liveCount) {
      return;
    }
    side.appendedSinceSweep = 0;
    long minLive = Long.MAX_VALUE;
    long minDeadline = Long.MAX_VALUE;
    for (int row = side.firstLive; row < side.rowCount; row++) {
      if (!side.live[row]) {
        continue;
      }
      if (side.deadline[row] < watermark) {
        side.kill(row);
        if (side.keepsUnmatched && !side.matched[row]) {
          emitUnmatched(ofLeft, row, out);
        }
      } else {
        minLive = Math.min(minLive, side.time[row]);
        minDeadline = Math.min(minDeadline, side.deadline[row]);
      }
    }
    side.minLiveTime = minLive;
    side.minDeadline = minDeadline;
    // Rows mostly arrive and leave in time order: skip the dead prefix on the next sweep.
    while (side.firstLive < side.rowCount && !side.live[side.firstLive]) {
      side.firstLive++;
    }
  }

  @Override
  public void finish(Collector out) {
    // The inputs have ended: nothing can match any more, so every unmatched outer row is final.
    for (Side side : new Side[] {left, right}) {
      if (!side.keepsUnmatched) {
        continue;
      }
      for (int row = 0; row < side.rowCount; row++) {
        if (side.live[row] && !side.matched[row]) {
          side.kill(row);
          emitUnmatched(side == left, row, out);
        }
      }
    }
    flush(out);
  }

  /** Rows held in the join state, both sides together (live rows only). */
  public long stateRows() {
    return left.liveCount + right.liveCount;
  }

  /**
   * Both sides, incrementally: the rows that arrived since the previous snapshot (Arrow IPC,
   * event times, bounds, liveness and match flags) go into a new shared blob, with the older
   * rows whose flags changed since; the snapshot lists every blob of the side. Key chains are
   * rebuilt on restore.
   */
  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    left.snapshot(state, allocator);
    right.snapshot(state, allocator);
  }

  @Override
  public void restore(long checkpoint, StateReader state) {
    left.restore(state, allocator, encoder);
    right.restore(state, allocator, encoder);
  }

  @Override
  public void close() {
    for (VectorSchemaRoot root : new VectorSchemaRoot[] {left.rows, right.rows}) {
      if (root != null) {
        root.close();
      }
    }
    if (output != null) {
      // open makes the pairs first.
      output.close();
      pairs.close();
    }
  }

  /**
   * One input's state: its rows, chained per key, with event times, the latest partner time
   * each allows, the time after which each can no longer match, liveness and whether each
   * matched; and the shared blobs that hold the rows up to the last snapshot.
   *
   * <p>A row's flags change only one way (live to dead, unmatched to matched), so a snapshot's
   * blob holds the rows appended since the previous one and the current flags of older rows
   * that changed since; replayed in order, the blobs give every row's state. Compaction moves
   * rows, so the snapshot after it starts anew.
   */
  private static final class Side {
    final int[] keyColumns;
    final int timeColumn;
    /** What the time column holds beyond the event time. */
    final long timeShift;
    /** How far past a row's time the watermark must be before no partner can arrive; Long.MAX_VALUE: no limit. */
    final long reach;
    /** The column bounding a row's partners' times, or null. */
    final PlanNode.IntervalJoin.ColumnBound bound;
    final boolean keepsUnmatched;
    VectorSchemaRoot rows;
    int rowCount;
    int liveCount;
    /** Rows before this one are all dead. */
    int firstLive;
    int appendedSinceSweep;
    long minLiveTime = Long.MAX_VALUE;
    long minDeadline = Long.MAX_VALUE;
    ByteKeyTable keys = new ByteKeyTable();
    int[] head = new int[64];
    int[] tail = new int[64];
    int[] next = new int[64];
    /** Per row, its key's id in {@link #keys}. */
    int[] keyOf = new int[64];
    long[] time = new long[64];
    /** The latest partner time the row's column bound allows (Long.MAX_VALUE without one). */
    long[] until = new long[64];
    /** Once the watermark passes this, no partner can arrive. */
    long[] deadline = new long[64];
    boolean[] live = new boolean[64];
    boolean[] matched = new boolean[64];
    /** The blobs holding rows {@code [0, snapshotted)}, oldest first. */
    final List<Blob> blobs = new ArrayList<>();
    /** See {@link BlobLevels#FAN_IN}. */
    final int blobFanIn;
    int snapshotted;
    /** Rows below {@link #snapshotted} whose flags changed since the last snapshot (possibly repeated). */
    int[] changed = new int[64];
    int changedCount;
    /** Rows moved since the last snapshot (compaction): the next one writes every row anew. */
    boolean rebase;

    Side(List<Integer> keyColumns, int timeColumn, long timeShift, long reach,
        PlanNode.IntervalJoin.ColumnBound bound, boolean keepsUnmatched, int blobFanIn) {
      this.blobFanIn = blobFanIn;
      this.keyColumns = keyColumns.stream().mapToInt(Integer::intValue).toArray();
      this.timeColumn = timeColumn;
      this.timeShift = timeShift;
      this.reach = reach;
      this.bound = bound;
      this.keepsUnmatched = keepsUnmatched;
    }

    /** Copies every row of {@code batch} to the end of the state, live and unchained for now. */
    void append(Batch batch) {
      int count = batch.rowCount();
      int end = rowCount + count;
      ensureCapacity(end);
      for (int c = 0; c < batch.columnCount(); c++) {
        Vectors.copyRange(batch.column(c), 0, count, rows.getVector(c), rowCount);
      }
      appendedSinceSweep += count;
      FieldVector times = batch.column(timeColumn);
      Accumulator.LongReader reader = Accumulator.longReader(times);
      FieldVector bounds = bound == null ? null : batch.column(bound.column());
      Accumulator.LongReader boundReader = bounds == null ? null : Accumulator.longReader(bounds);
      for (int r = 0; r < count; r++) {
        int row = rowCount + r;
        // A NULL bound column matches nothing: the comparison with it is never TRUE.
        until[row] = bounds == null ? Long.MAX_VALUE
            : bounds.isNull(r) ? Long.MIN_VALUE : boundReader.get(r) + bound.offsetMillis();
        if (!times.isNull(r)) {
          long t = reader.get(r) - timeShift;
          time[row] = t;
          deadline[row] = Math.min(until[row], reach == Long.MAX_VALUE ? Long.MAX_VALUE : t + reach);
          minLiveTime = Math.min(minLiveTime, t);
          minDeadline = Math.min(minDeadline, deadline[row]);
        }
      }
      Arrays.fill(next, rowCount, end, -1);
      Arrays.fill(live, rowCount, end, true);
      Arrays.fill(matched, rowCount, end, false);
      liveCount += count;
      rowCount = end;
    }

    private void ensureCapacity(int rows) {
      if (rows > next.length) {
        int capacity = Math.max(rows, next.length * 2);
        next = Arrays.copyOf(next, capacity);
        keyOf = Arrays.copyOf(keyOf, capacity);
        time = Arrays.copyOf(time, capacity);
        until = Arrays.copyOf(until, capacity);
        deadline = Arrays.copyOf(deadline, capacity);
        live = Arrays.copyOf(live, capacity);
        matched = Arrays.copyOf(matched, capacity);
      }
    }

    void kill(int row) {
      live[row] = false;
      liveCount--;
      noteChange(row);
    }

    void markMatched(int row) {
      if (!matched[row]) {
        matched[row] = true;
        noteChange(row);
      }
    }

    private void noteChange(int row) {
      if (row < snapshotted) {
        noteChangeBelow(row);
      }
    }

    private void noteChangeBelow(int row) {
      if (changedCount == changed.length) {
        changed = Arrays.copyOf(changed, changedCount * 2);
      }
      changed[changedCount++] = row;
    }

    /** The flags of a row as it arrives: live and unmatched. */
    private static final byte FRESH = 1;

    private byte flags(int row) {
      return (byte) ((live[row] ? 1 : 0) | (matched[row] ? 2 : 0));
    }

    private void setFlags(int row, byte flags) {
      live[row] = (flags & 1) != 0;
      matched[row] = (flags & 2) != 0;
    }

    /** Appends {@code row} to the chain of the key in {@code encoder}. */
    void link(int row, KeyEncoder encoder) {
      int key = keys.idOf(encoder.bytes(), encoder.length());
      if (keys.inserted()) {
        if (key == head.length) {
          head = Arrays.copyOf(head, key * 2);
          tail = Arrays.copyOf(tail, key * 2);
        }
        head[key] = -1;
      }
      chain(row, key);
    }

    private void chain(int row, int key) {
      keyOf[row] = key;
      if (head[key] < 0) {
        head[key] = row;
      } else {
        next[tail[key]] = row;
      }
      tail[key] = row;
    }

    void snapshot(StateWriter state, BufferAllocator allocator) {
      if (rebase) {
        blobs.clear();
        snapshotted = 0;
        changedCount = 0;
        rebase = false;
      }
      if (rowCount > snapshotted || changedCount > 0) {
        // Blobs merge by levels as a regular join's do (see BlobLevels).
        int from = snapshotted;
        int merged = BlobLevels.toMerge(blobs, blobFanIn);
        int level = merged / (blobFanIn - 1);
        if (merged > 0) {
          from = blobs.get(blobs.size() - merged).first();
          blobs.subList(blobs.size() - merged, blobs.size()).clear();
        }
        int count = rowCount - from;
        StateWriter blob = new StateWriter();
        blob.writeInt(from);
        blob.writeInt(count);
        // Rows are only appended (compaction gathers them into new vectors), so the writer thread serializes them.
        blob.writeSharedRows(rows, from, count);
        blob.writeLongs(time, from, count);
        blob.writeLongs(until, from, count);
        blob.writeLongs(deadline, from, count);
        byte[] appended = new byte[count];
        for (int r = 0; r < count; r++) {
          appended[r] = flags(from + r);
        }
        blob.writeBytes(appended, count);
        if (level > 0) {
          // After a merge (the merged blobs' own lists are gone), every row below it whose flags left
          // their first value (live, unmatched): flags only ever change one way, so writing a row's
          // current flags again is harmless.
          changedCount = 0;
          for (int row = 0; row < from; row++) {
            if (flags(row) != FRESH) {
              noteChangeBelow(row);
            }
          }
        }
        byte[] changedFlags = new byte[changedCount];
        for (int i = 0; i < changedCount; i++) {
          changedFlags[i] = flags(changed[i]);
        }
        blob.writeInts(changed, changedCount);
        blob.writeBytes(changedFlags, changedCount);
        blobs.add(new Blob(state.addBlob(blob), from, level));
        snapshotted = rowCount;
        changedCount = 0;
      }
      state.writeInt(rowCount);
      state.writeInt(liveCount);
      state.writeLong(minLiveTime);
      state.writeLong(minDeadline);
      state.writeInt(firstLive);
      state.writeInt(appendedSinceSweep);
      state.writeInt(blobs.size());
      for (Blob blob : blobs) {
        state.writeBlobReference(blob.id());
        state.writeInt(blob.level());
      }
    }


    /**
     * Replays the side's blobs in order into the freshly opened side, then chains the live rows
     * per key; the vectors and arrays are allocated once at their final size ({@link BlobRows}).
     */
    void restore(StateReader state, BufferAllocator allocator, KeyEncoder encoder) {
      int total = state.readInt();
      liveCount = state.readInt();
      minLiveTime = state.readLong();
      minDeadline = state.readLong();
      firstLive = state.readInt();
      appendedSinceSweep = state.readInt();
      int count = state.readInt();
      List<String> ids = new ArrayList<>(count);
      int[] levels = new int[count];
      for (int b = 0; b < count; b++) {
        ids.add(state.readBlobReference());
        levels[b] = state.readInt();
      }
      try (BlobRows saved = BlobRows.read(state, ids, allocator, "Interval join state")) {
        ensureCapacity(saved.rows());
        saved.copyTo(rows);
        for (int b = 0; b < count; b++) {
          StateReader blob = saved.reader(b);
          int first = rowCount;
          int added = saved.added(b);
          blobs.add(new Blob(ids.get(b), first, levels[b]));
          blob.readLongs(time, first);
          blob.readLongs(until, first);
          blob.readLongs(deadline, first);
          byte[] appended = blob.readBytes(0);
          for (int r = 0; r < added; r++) {
            setFlags(first + r, appended[r]);
          }
          int[] changedRows = blob.readInts(0);
          byte[] changedFlags = blob.readBytes(0);
          for (int i = 0; i < changedRows.length; i++) {
            setFlags(changedRows[i], changedFlags[i]);
          }
          rowCount = first + added;
        }
      }
      if (rowCount != total) {
        throw new IllegalStateException("Interval join state blobs hold " + rowCount + " rows, the checkpoint says "
            + total);
      }
      snapshotted = rowCount;
      Arrays.fill(next, 0, rowCount, -1);
      FieldVector[] keyVectors = keyVectors();
      for (int row = firstLive; row < rowCount; row++) {
        // Only live rows can still match; a live row has a time and a non-NULL key.
        if (live[row] && encoder.putNonNullKey(keyVectors, row)) {
          link(row, encoder);
        }
      }
    }

    private FieldVector[] keyVectors() {
      FieldVector[] keyVectors = new FieldVector[keyColumns.length];
      for (int k = 0; k < keyColumns.length; k++) {
        keyVectors[k] = rows.getVector(keyColumns[k]);
      }
      return keyVectors;
    }

    /** Moves the live rows to fresh vectors and rebuilds the key chains once dead rows dominate. */
    void compactIfWorthIt(BufferAllocator allocator, KeyEncoder encoder) {
      int dead = rowCount - liveCount;
      if (dead < COMPACT_MIN_ROWS || dead < liveCount) {
        return;
      }
      VectorSchemaRoot fresh = VectorSchemaRoot.create(rows.getSchema(), allocator);
      int[] liveRows = new int[liveCount];
      int kept = 0;
      for (int row = firstLive; row < rowCount; row++) {
        if (!live[row]) {
          continue;
        }
        liveRows[kept] = row;
        keyOf[kept] = keyOf[row];
        time[kept] = time[row];
        until[kept] = until[row];
        deadline[kept] = deadline[row];
        matched[kept] = matched[row];
        kept++;
      }
      for (int c = 0; c < rows.getFieldVectors().size(); c++) {
        Vectors.gather(rows.getVector(c), liveRows, 0, kept, fresh.getVector(c), 0);
      }
      rows.close();
      rows = fresh;
      rowCount = kept;
      firstLive = 0;
      rebase = true;
      Arrays.fill(live, 0, kept, true);
      Arrays.fill(next, -1);
      if (keys.size() <= 2 * kept + COMPACT_MIN_ROWS) {
        // Most keys still have rows: keep their ids and only rebuild the chains.
        Arrays.fill(head, 0, keys.size(), -1);
        for (int row = 0; row < kept; row++) {
          chain(row, keyOf[row]);
        }
        return;
      }
      // Most keys are gone: start a fresh table so that keys seen long ago do not pile up.
      keys = new ByteKeyTable();
      FieldVector[] keyVectors = keyVectors();
      for (int row = 0; row < kept; row++) {
        encoder.reset();
        for (FieldVector key : keyVectors) {
          encoder.put(key, row);
        }
        link(row, encoder);
      }
    }
  }

  /** A shared blob of a side: its first row and its merge level. */
  private record Blob(String id, int first, int level) implements BlobLevels.Levelled {}
}
