package io.sluice.runtime.operator;

import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.WindowKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.connector.Connectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * SESSION window aggregation: per group key, a row at time t opens the session
 * [t, t + gap) or joins every open session it overlaps or touches, merging them (an out-of-order row
 * can bridge two sessions). A session fires when the watermark minus the allowed lateness
 * reaches its end (last row + gap); a row that opens a session already past that point is
 * late: dropped and counted. Each session owns an accumulator group, reused once fired.
 */
public final class SessionWindowOperator implements StreamOperator {
  /** One open session of one key. */
  private static final class Session {
    final int key;
    final int group;
    long start;
    long end;
    /** The end this session was last queued to fire at. */
    long queuedEnd;
    boolean closed;

    Session(int key, int group, long start, long end) {
      this.key = key;
      this.group = group;
      this.start = start;
      this.end = end;
    }
  }

  /** A session's place in the firing queue; stale once the session grew or merged away. */
  private record Due(long end, long start, Session session) {
    boolean current() {
      return !session.closed && session.end == end;
    }
  }

  private final PlanNode.WindowAggregate spec;
  private final long gap;
  private final int[] keyColumns;
  private final KeyEncoder encoder = new KeyEncoder();
  private final ByteKeyTable keyIds = new ByteKeyTable();
  private final List<List<Session>> sessionsOfKey = new ArrayList<>();
  private final PriorityQueue<Due> due = new PriorityQueue<>(
      (a, b) -> a.end != b.end ? Long.compare(a.end, b.end) : Long.compare(a.start, b.start));
  private BufferAllocator allocator;
  private AggregateCalls calls;
  private List<Accumulator> accumulators;
  private VectorSchemaRoot keys;
  private WindowOutput output;
  private final LateRows late;
  private long watermark = Long.MIN_VALUE;
  private long firedUpTo = Long.MIN_VALUE;
  private int groupCount;
  private int[] freeGroups = new int[16];
  private int freeCount;
  /** Per group, the group it merged into during the current batch, or itself. */
  private int[] redirect = new int[16];
  private int[] mergedAway = new int[16];
  private int mergedCount;
  private int[] rows = new int[0];
  private int[] groups = new int[0];

  public SessionWindowOperator(PlanNode.WindowAggregate spec) {
    this(spec, null);
  }

  /** @param connectors how the late-rows table is written, if the spec names one */
  public SessionWindowOperator(PlanNode.WindowAggregate spec, Connectors connectors) {
    if (spec.window().kind() != WindowKind.SESSION) {
      throw new IllegalArgumentException("not a SESSION window: " + spec.window());
    }
    this.spec = spec;
    this.gap = spec.window().size();
    this.keyColumns = spec.groupKeys().stream().mapToInt(Integer::intValue).toArray();
    this.late = new LateRows(spec.lateness(), spec.input().schema(), connectors);
  }

  @Override
  public void open(OperatorContext context) {
    allocator = context.allocator();
    calls = new AggregateCalls(spec.calls(), spec.input().schema(), context);
    accumulators = calls.create();
    List<Field> keyFields = new ArrayList<>();
    for (int k = 0; k < keyColumns.length; k++) {
      keyFields.add(spec.schema().field(k));
    }
    keys = ArrowTypes.createRoot(new Schema(keyFields), context.allocator());
    output = new WindowOutput(ArrowTypes.createRoot(spec.schema(), context.allocator()), keyColumns.length);
    late.open(context);
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    int count = batch.rowCount();
    if (rows.length < count) {
      rows = new int[count];
      groups = new int[count];
    }
    FieldVector time = batch.column(spec.window().timeColumn());
    Accumulator.LongReader times = Accumulator.longReader(time);
    FieldVector[] keyVectors = new FieldVector[keyColumns.length];
    for (int k = 0; k < keyColumns.length; k++) {
      keyVectors[k] = batch.column(keyColumns[k]);
    }
    int selected = 0;
    for (int r = 0; r < count; r++) {
      if (time.isNull(r)) {
        late.add(batch, r, "NULL event time", watermark);
        continue;
      }
      int group = assign(keyVectors, r, times.get(r));
      if (group < 0) {
        late.add(batch, r, "session closed", watermark);
        continue;
      }
      groups[r] = group;
      rows[selected++] = r;
    }
    // Rows assigned before a merge follow their session into the one it merged into.
    if (mergedCount > 0) {
      for (int i = 0; i < selected; i++) {
        int row = rows[i];
        groups[row] = resolve(groups[row]);
      }
    }
    calls.fold(accumulators, batch, rows, selected, groups);
    for (int i = 0; i < mergedCount; i++) {
      release(mergedAway[i]);
    }
    mergedCount = 0;
  }

  /** The session group of a row at {@code t}, merging the sessions it bridges; -1 if the row is late. */
  private int assign(FieldVector[] keyVectors, int row, long t) {
    encoder.reset();
    for (FieldVector key : keyVectors) {
      encoder.put(key, row);
    }
    int key = keyIds.idOf(encoder.bytes(), encoder.length());
    if (keyIds.inserted()) {
      sessionsOfKey.add(new ArrayList<>(2));
      for (int k = 0; k < keyVectors.length; k++) {
        keys.getVector(k).copyFromSafe(row, key, keyVectors[k]);
      }
    }
    List<Session> sessions = sessionsOfKey.get(key);
    long end = t + gap;
    Session target = null;
    for (int i = 0; i < sessions.size(); i++) {
      Session session = sessions.get(i);
      // Touching sessions merge too, as Flink's do: [1, 6) and [6, 10) become [1, 10).
      if (session.start <= end && t <= session.end) {
        if (target == null) {
          target = session;
          continue;
        }
        target.start = Math.min(target.start, session.start);
        target.end = Math.max(target.end, session.end);
        mergeInto(target.group, session.group);
        session.closed = true;
        sessions.remove(i--);
      }
    }
    if (target == null) {
      if (end <= firedUpTo) {
        return -1;
      }
      target = new Session(key, allocate(), t, end);
      sessions.add(target);
    } else {
      target.start = Math.min(target.start, t);
      target.end = Math.max(target.end, end);
    }
    if (target.end != target.queuedEnd) {
      target.queuedEnd = target.end;
      due.add(new Due(target.end, target.start, target));
    }
    return target.group;
  }

  private void mergeInto(int target, int source) {
    for (Accumulator accumulator : accumulators) {
      accumulator.merge(target, accumulator, source);
    }
    redirect[source] = target;
    if (mergedCount == mergedAway.length) {
      mergedAway = Arrays.copyOf(mergedAway, mergedCount * 2);
    }
    mergedAway[mergedCount++] = source;
  }

  private int resolve(int group) {
    while (redirect[group] != group) {
      group = redirect[group];
    }
    return group;
  }

  private int allocate() {
    int group = freeCount > 0 ? freeGroups[--freeCount] : groupCount++;
    if (group >= redirect.length) {
      redirect = Arrays.copyOf(redirect, Math.max(group + 1, redirect.length * 2));
    }
    redirect[group] = group;
    AggregateCalls.ensureGroups(accumulators, groupCount);
    return group;
  }

  private void release(int group) {
    for (Accumulator accumulator : accumulators) {
      accumulator.clear(group);
    }
    redirect[group] = group;
    if (freeCount == freeGroups.length) {
      freeGroups = Arrays.copyOf(freeGroups, freeCount * 2);
    }
    freeGroups[freeCount++] = group;
  }

  @Override
  public void processWatermark(long watermark, Collector out) {
    this.watermark = watermark;
    long threshold = watermark == Long.MAX_VALUE ? watermark : watermark - spec.lateness().allowedLateness();
    fire(threshold, out);
    late.flush();
    out.emitWatermark(watermark);
  }

  @Override
  public void finish(Collector out) {
    fire(Long.MAX_VALUE, out);
    late.finish();
    calls.finish();
  }

  private void fire(long threshold, Collector out) {
    while (!due.isEmpty() && due.peek().end() <= threshold) {
      Due next = due.poll();
      if (!next.current()) {
        continue;
      }
      Session session = next.session();
      output.add(keys, session.key, session.start, session.end, accumulators, session.group, out);
      session.closed = true;
      sessionsOfKey.get(session.key).remove(session);
      release(session.group);
    }
    firedUpTo = Math.max(firedUpTo, threshold);
    output.flush(out);
  }

  @Override
  public boolean supportsCheckpoints() {
    return calls.supportsCheckpoints() && late.supportsCheckpoints();
  }

  /**
   * The key table and keys, the fired-up-to point, the accumulator groups (free ones
   * included, cleared) and per key its open sessions (the firing queue is rebuilt from them),
   * then the epochs of the late rows and of the user aggregates' dead letters.
   */
  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    keyIds.snapshot(state);
    state.writeRoot(keys, keyIds.size());
    state.writeLong(firedUpTo);
    state.writeInt(groupCount);
    state.writeInt(freeCount);
    state.writeInts(freeGroups, freeCount);
    AggregateCalls.snapshot(accumulators, state, groupCount);
    for (List<Session> sessions : sessionsOfKey) {
      state.writeInt(sessions.size());
      for (Session session : sessions) {
        state.writeInt(session.group);
        state.writeLong(session.start);
        state.writeLong(session.end);
      }
    }
    // The watermark a late row missed is written with it to the late-rows table.
    state.writeLong(watermark);
    late.snapshot(checkpoint, state);
    calls.snapshotDeadLetters(checkpoint, state);
  }

  @Override
  public void restore(long checkpoint, StateReader state) {
    keyIds.restore(state);
    try (VectorSchemaRoot saved = state.readRoot(allocator)) {
      for (int k = 0; k < keyColumns.length; k++) {
        Vectors.copyRange(saved.getVector(k), 0, keyIds.size(), keys.getVector(k), 0);
      }
    }
    firedUpTo = state.readLong();
    groupCount = state.readInt();
    freeCount = state.readInt();
    freeGroups = state.readInts(16);
    AggregateCalls.ensureGroups(accumulators, groupCount);
    AggregateCalls.restore(accumulators, state, groupCount);
    redirect = new int[Math.max(16, groupCount)];
    for (int group = 0; group < redirect.length; group++) {
      redirect[group] = group;
    }
    for (int key = 0; key < keyIds.size(); key++) {
      int count = state.readInt();
      List<Session> sessions = new ArrayList<>(Math.max(2, count));
      for (int i = 0; i < count; i++) {
        Session session = new Session(key, state.readInt(), 0, 0);
        session.start = state.readLong();
        session.end = state.readLong();
        session.queuedEnd = session.end;
        sessions.add(session);
        due.add(new Due(session.end, session.start, session));
      }
      sessionsOfKey.add(sessions);
    }
    watermark = state.readLong();
    late.restore(checkpoint, state);
    calls.restoreDeadLetters(checkpoint, state);
  }

  @Override
  public void checkpointComplete(long checkpoint) {
    late.checkpointComplete(checkpoint);
    calls.checkpointComplete(checkpoint);
  }

  @Override
  public void close() {
    if (accumulators != null) {
      AggregateCalls.close(accumulators);
    }
    if (calls != null) {
      calls.close();
    }
    if (keys != null) {
      keys.close();
    }
    if (output != null) {
      output.close();
    }
    late.close();
  }
}
