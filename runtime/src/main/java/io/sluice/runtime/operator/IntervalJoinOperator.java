package io.sluice.runtime.operator;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.codegen.CompiledCalc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
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
 */
public final class IntervalJoinOperator implements StreamOperator {
  private static final int BATCH_ROWS = HashJoinOperator.BATCH_ROWS;
  /** Dead rows are reclaimed once they are this many and at least as many as the live ones. */
  private static final int COMPACT_MIN_ROWS = 1024;

  private final PlanNode.IntervalJoin spec;
  private final CalcProvider calcs;
  private final Side left;
  private final Side right;
  private final long holdBack;
  private final KeyEncoder encoder = new KeyEncoder();
  private BufferAllocator allocator;
  private CompiledCalc residual;
  private VectorSchemaRoot candidates;
  private VectorSchemaRoot verdicts;
  private VectorSchemaRoot output;

  private int[] pairSelf = new int[BATCH_ROWS];
  private int[] pairOther = new int[BATCH_ROWS];
  private int pairCount;

  /** Output rows waiting to be gathered: left row and right row, -1 standing for NULLs. */
  private final int[] outLeft = new int[BATCH_ROWS];
  private final int[] outRight = new int[BATCH_ROWS];
  private int outCount;

  public IntervalJoinOperator(PlanNode.IntervalJoin spec, CalcProvider calcs) {
    this.spec = spec;
    this.calcs = calcs;
    // A left row lives until the watermark passes time + upper, a right one until time - lower.
    this.left = new Side(spec.leftKeys(), spec.leftTime(), spec.leftTimeShift(), spec.upperMillis(),
        spec.kind().keepsUnmatchedLeft());
    this.right = new Side(spec.rightKeys(), spec.rightTime(), spec.rightTimeShift(), -spec.lowerMillis(),
        spec.kind().keepsUnmatchedRight());
    this.holdBack = Math.max(0, Math.max(spec.upperMillis(), -spec.lowerMillis()));
  }

  @Override
  public void open(OperatorContext context) {
    allocator = context.allocator();
    left.rows = ArrowTypes.createRoot(spec.left().schema(), allocator);
    right.rows = ArrowTypes.createRoot(spec.right().schema(), allocator);
    output = ArrowTypes.createRoot(spec.schema(), allocator);
    if (spec.residual() != null) {
      List<Field> joined = new ArrayList<>(spec.left().schema().fields());
      joined.addAll(spec.right().schema().fields());
      Schema candidateSchema = new Schema(joined);
      residual = calcs.compile(candidateSchema, List.of(spec.residual()), null);
      candidates = ArrowTypes.createRoot(candidateSchema, allocator);
      verdicts = ArrowTypes.createRoot(Schema.of(new Field("matches", DataType.of(TypeKind.BOOLEAN))), allocator);
    }
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
    pairCount = 0;
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
      // The partner's time must lie in [time + lower, time + upper] (left) or [time - upper, time - lower] (right).
      long from = selfIsLeft ? time + spec.lowerMillis() : time - spec.upperMillis();
      long to = selfIsLeft ? time + spec.upperMillis() : time - spec.lowerMillis();
      for (int match = other.head[otherKey]; match >= 0; match = other.next[match]) {
        if (other.live[match] && other.time[match] >= from && other.time[match] <= to) {
          addPair(row, match);
        }
      }
    }
    for (int start = 0; start < pairCount; start += BATCH_ROWS) {
      matchPairs(selfIsLeft, start, Math.min(BATCH_ROWS, pairCount - start), out);
    }
    flush(out);
  }

  private void addPair(int self, int other) {
    if (pairCount == pairSelf.length) {
      pairSelf = Arrays.copyOf(pairSelf, pairCount * 2);
      pairOther = Arrays.copyOf(pairOther, pairCount * 2);
    }
    pairSelf[pairCount] = self;
    pairOther[pairCount] = other;
    pairCount++;
  }

  private void matchPairs(boolean selfIsLeft, int from, int count, Collector out) {
    BitVector verdict = residual == null ? null : evaluateResidual(selfIsLeft, from, count);
    Side self = selfIsLeft ? left : right;
    Side other = selfIsLeft ? right : left;
    for (int p = 0; p < count; p++) {
      if (verdict != null && (verdict.isNull(p) || verdict.get(p) == 0)) {
        continue;
      }
      int selfRow = pairSelf[from + p];
      int otherRow = pairOther[from + p];
      self.matched[selfRow] = true;
      other.matched[otherRow] = true;
      emit(selfIsLeft ? selfRow : otherRow, selfIsLeft ? otherRow : selfRow, out);
    }
  }

  private BitVector evaluateResidual(boolean selfIsLeft, int from, int count) {
    Vectors.prepareForReuse(candidates);
    int leftColumns = left.rows.getFieldVectors().size();
    Vectors.gatherColumns(left.rows, selfIsLeft ? pairSelf : pairOther, from, count, candidates, 0);
    Vectors.gatherColumns(right.rows, selfIsLeft ? pairOther : pairSelf, from, count, candidates, leftColumns);
    candidates.setRowCount(count);
    Vectors.prepareForReuse(verdicts);
    residual.evaluate(candidates, verdicts);
    return (BitVector) verdicts.getVector(0);
  }

  private void emitUnmatched(boolean ofLeft, int row, Collector out) {
    if (ofLeft) {
      emit(row, -1, out);
    } else {
      emit(-1, row, out);
    }
  }

  private void emit(int leftRow, int rightRow, Collector out) {
    outLeft[outCount] = leftRow;
    outRight[outCount] = rightRow;
    if (++outCount == BATCH_ROWS) {
      flush(out);
    }
  }

  private void flush(Collector out) {
    if (outCount == 0) {
      return;
    }
    Vectors.prepareForReuse(output);
    Vectors.gatherColumns(left.rows, outLeft, 0, outCount, output, 0);
    Vectors.gatherColumns(right.rows, outRight, 0, outCount, output, left.rows.getFieldVectors().size());
    output.setRowCount(outCount);
    outCount = 0;
    out.emit(new Batch(output));
  }

  @Override
  public void processWatermark(long watermark, Collector out) {
    expire(left, true, watermark, out);
    expire(right, false, watermark, out);
    flush(out);
    left.compactIfWorthIt(allocator, encoder);
    right.compactIfWorthIt(allocator, encoder);
    out.emitWatermark(watermark == Long.MAX_VALUE || watermark == Long.MIN_VALUE ? watermark : watermark - holdBack);
  }

  /** Drops the rows no future row of the other side can match, padding the unmatched ones of an outer side. */
  private void expire(Side side, boolean ofLeft, long watermark, Collector out) {
    if (side.liveCount == 0 || side.minLiveTime + side.reach >= watermark) {
      return;
    }
    long minLive = Long.MAX_VALUE;
    for (int row = 0; row < side.rowCount; row++) {
      if (!side.live[row]) {
        continue;
      }
      long time = side.time[row];
      if (time + side.reach < watermark) {
        side.kill(row);
        if (side.keepsUnmatched && !side.matched[row]) {
          emitUnmatched(ofLeft, row, out);
        }
      } else {
        minLive = Math.min(minLive, time);
      }
    }
    side.minLiveTime = minLive;
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

  /** Both sides: their rows (an Arrow IPC batch), key chains, event times, liveness and match flags. */
  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    left.snapshot(state);
    right.snapshot(state);
  }

  @Override
  public void restore(long checkpoint, StateReader state) {
    left.restore(state, allocator);
    right.restore(state, allocator);
  }

  @Override
  public void close() {
    for (VectorSchemaRoot root : new VectorSchemaRoot[] {left.rows, right.rows, output, candidates, verdicts}) {
      if (root != null) {
        root.close();
      }
    }
  }

  /** One input's state: its rows, chained per key, with event times, liveness and whether each matched. */
  private static final class Side {
    final int[] keyColumns;
    final int timeColumn;
    /** What the time column holds beyond the event time. */
    final long timeShift;
    /** How far past a row's time the watermark must be before no partner can arrive. */
    final long reach;
    final boolean keepsUnmatched;
    VectorSchemaRoot rows;
    int rowCount;
    int liveCount;
    long minLiveTime = Long.MAX_VALUE;
    ByteKeyTable keys = new ByteKeyTable();
    int[] head = new int[64];
    int[] tail = new int[64];
    int[] next = new int[64];
    long[] time = new long[64];
    boolean[] live = new boolean[64];
    boolean[] matched = new boolean[64];

    Side(List<Integer> keyColumns, int timeColumn, long timeShift, long reach, boolean keepsUnmatched) {
      this.keyColumns = keyColumns.stream().mapToInt(Integer::intValue).toArray();
      this.timeColumn = timeColumn;
      this.timeShift = timeShift;
      this.reach = reach;
      this.keepsUnmatched = keepsUnmatched;
    }

    /** Copies every row of {@code batch} to the end of the state, live and unchained for now. */
    void append(Batch batch) {
      int count = batch.rowCount();
      int end = rowCount + count;
      ensureCapacity(end);
      for (int c = 0; c < batch.columnCount(); c++) {
        FieldVector from = batch.column(c);
        FieldVector to = rows.getVector(c);
        for (int r = 0; r < count; r++) {
          to.copyFromSafe(r, rowCount + r, from);
        }
      }
      FieldVector times = batch.column(timeColumn);
      Accumulator.LongReader reader = Accumulator.longReader(times);
      for (int r = 0; r < count; r++) {
        if (!times.isNull(r)) {
          long t = reader.get(r) - timeShift;
          time[rowCount + r] = t;
          minLiveTime = Math.min(minLiveTime, t);
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
        time = Arrays.copyOf(time, capacity);
        live = Arrays.copyOf(live, capacity);
        matched = Arrays.copyOf(matched, capacity);
      }
    }

    void kill(int row) {
      live[row] = false;
      liveCount--;
    }

    /** Appends {@code row} to the chain of the key in {@code encoder}. */
    void link(int row, KeyEncoder encoder) {
      int key = keys.idOf(encoder.bytes(), encoder.length());
      if (keys.inserted()) {
        if (key == head.length) {
          head = Arrays.copyOf(head, key * 2);
          tail = Arrays.copyOf(tail, key * 2);
        }
        head[key] = row;
      } else {
        next[tail[key]] = row;
      }
      tail[key] = row;
    }

    void snapshot(StateWriter state) {
      state.writeInt(rowCount);
      state.writeInt(liveCount);
      state.writeLong(minLiveTime);
      state.writeRoot(rows, rowCount);
      keys.snapshot(state);
      state.writeInts(head, keys.size());
      state.writeInts(tail, keys.size());
      state.writeInts(next, rowCount);
      state.writeLongs(time, rowCount);
      byte[] flags = new byte[rowCount];
      for (int row = 0; row < rowCount; row++) {
        flags[row] = (byte) ((live[row] ? 1 : 0) | (matched[row] ? 2 : 0));
      }
      state.writeBytes(flags, rowCount);
    }

    void restore(StateReader state, BufferAllocator allocator) {
      rowCount = state.readInt();
      liveCount = state.readInt();
      minLiveTime = state.readLong();
      try (VectorSchemaRoot saved = state.readRoot(allocator)) {
        for (int c = 0; c < saved.getFieldVectors().size(); c++) {
          Vectors.copyRange(saved.getVector(c), 0, rowCount, rows.getVector(c), 0);
        }
      }
      keys.restore(state);
      head = state.readInts(64);
      tail = state.readInts(head.length);
      next = state.readInts(64);
      time = state.readLongs(next.length);
      byte[] flags = state.readBytes(0);
      live = new boolean[next.length];
      matched = new boolean[next.length];
      for (int row = 0; row < rowCount; row++) {
        live[row] = (flags[row] & 1) != 0;
        matched[row] = (flags[row] & 2) != 0;
      }
    }

    /** Moves the live rows to fresh vectors and rebuilds the key chains once dead rows dominate. */
    void compactIfWorthIt(BufferAllocator allocator, KeyEncoder encoder) {
      int dead = rowCount - liveCount;
      if (dead < COMPACT_MIN_ROWS || dead < liveCount) {
        return;
      }
      VectorSchemaRoot fresh = VectorSchemaRoot.create(rows.getSchema(), allocator);
      int kept = 0;
      for (int row = 0; row < rowCount; row++) {
        if (!live[row]) {
          continue;
        }
        for (int c = 0; c < rows.getFieldVectors().size(); c++) {
          fresh.getVector(c).copyFromSafe(row, kept, rows.getVector(c));
        }
        time[kept] = time[row];
        matched[kept] = matched[row];
        kept++;
      }
      rows.close();
      rows = fresh;
      rowCount = kept;
      Arrays.fill(live, 0, kept, true);
      Arrays.fill(next, -1);
      keys = new ByteKeyTable();
      FieldVector[] keyVectors = new FieldVector[keyColumns.length];
      for (int k = 0; k < keyColumns.length; k++) {
        keyVectors[k] = rows.getVector(keyColumns[k]);
      }
      for (int row = 0; row < kept; row++) {
        encoder.reset();
        for (FieldVector key : keyVectors) {
          encoder.put(key, row);
        }
        link(row, encoder);
      }
    }
  }
}
