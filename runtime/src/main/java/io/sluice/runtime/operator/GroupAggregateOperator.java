package io.sluice.runtime.operator;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.CellComparator;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.exec.Durations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A continuous GROUP BY: folds every input batch into per-group state and then emits, for
 * each group the batch changed, one change: +I for a new group, -U (old result) and +U (new
 * result) for a changed one, -D for a group whose last row was retracted. Changes that leave
 * a group's result as it was emit nothing. A changelog input's -U and -D rows are retracted.
 *
 * <p>With the session option {@value #STATE_TTL_OPTION}, a group not touched for that long
 * (processing time) is forgotten without output; a later row for its key starts it afresh
 * with +I. The key bytes stay in the hash table so the group id can be reused.
 *
 * <p>Its user aggregates share one failure policy, whose dead-letter sink it snapshots with its state.
 */
public final class GroupAggregateOperator implements StreamOperator {
  /** Session option: how long an idle group's state is kept, e.g. {@code '1 h'}; unset keeps it forever. */
  public static final String STATE_TTL_OPTION = "state.ttl";

  private static final int BATCH_ROWS = HashAggregateOperator.BATCH_ROWS;

  private final PlanNode.GroupAggregate spec;
  private final LongSupplier clock;
  private final int[] keyColumns;
  private final int rowKindColumn;
  private final ByteKeyTable groups = new ByteKeyTable();
  private final KeyEncoder encoder = new KeyEncoder();
  private final List<RetractableAccumulator> accumulators = new ArrayList<>();
  /** Per DISTINCT call, the (group, arguments) pairs seen; null for other calls. */
  private final List<ByteKeyTable> distinctSeen = new ArrayList<>();
  /** Per DISTINCT call, how often each pair is currently present, and its group. */
  private final List<long[]> distinctCounts = new ArrayList<>();
  private final List<int[]> distinctGroups = new ArrayList<>();
  /** The failure policy of the user aggregates, null without any. */
  private UserErrors errors;
  private long ttlMillis;
  private long lastExpiry;
  private BufferAllocator allocator;
  private VectorSchemaRoot keys;
  /** The results of the changed groups before and after the current batch, one row per changed group. */
  private VectorSchemaRoot before;
  private VectorSchemaRoot after;
  private VectorSchemaRoot output;
  private int outputRows;
  // Per group: live input rows, last touch, whether a result was emitted and stands, batch last changed in.
  private static final int ROW_COUNTS = 0;
  private static final int LAST_TOUCHED = 1;
  private static final int EMITTED = 2;
  private static final int CHANGED_IN_BATCH = 3;
  private final GroupColumns columns =
      new GroupColumns().withLongs().withLongs().withFlags().withLongs().notCheckpointed();
  private long batchNumber;
  private int[] changed = new int[BATCH_ROWS];
  private int changedCount;
  private int[] groupOfRow = new int[BATCH_ROWS];
  private int[] addRows = new int[BATCH_ROWS];
  private int[] retractRows = new int[BATCH_ROWS];

  public GroupAggregateOperator(PlanNode.GroupAggregate spec) {
    this(spec, System::currentTimeMillis);
  }

  /** An operator reading processing time from {@code clock} (epoch millis), for state TTL. */
  public GroupAggregateOperator(PlanNode.GroupAggregate spec, LongSupplier clock) {
    this.spec = spec;
    this.clock = clock;
    this.keyColumns = spec.groupKeys().stream().mapToInt(Integer::intValue).toArray();
    Schema input = spec.input().schema();
    this.rowKindColumn = RowKind.isChangelog(input) ? input.size() - 1 : -1;
  }

  @Override
  public void open(OperatorContext context) {
    ttlMillis = parseTtl(context.options().get(STATE_TTL_OPTION));
    allocator = context.allocator();
    Schema input = spec.input().schema();
    List<Field> keyFields = new ArrayList<>();
    List<Field> valueFields = new ArrayList<>();
    for (int i = 0; i < spec.schema().size() - 1; i++) {
      (i < keyColumns.length ? keyFields : valueFields).add(spec.schema().field(i));
    }
    keys = ArrowTypes.createRoot(new Schema(keyFields), context.allocator());
    before = ArrowTypes.createRoot(new Schema(valueFields), context.allocator());
    after = ArrowTypes.createRoot(new Schema(valueFields), context.allocator());
    output = ArrowTypes.createRoot(spec.schema(), context.allocator());
    for (AggregateCall call : spec.calls()) {
      DataType[] argumentTypes = call.arguments().stream().map(input::type).toArray(DataType[]::new);
      Field argument = call.arguments().isEmpty() ? null : input.field(call.arguments().get(0));
      if (call.function() != null && errors == null) {
        errors = new UserErrors(context);
      }
      accumulators.add(RetractableAccumulator.create(call, argumentTypes, rowKindColumn < 0, context,
          argument == null ? null : ArrowTypes.toArrowField(argument), errors));
      distinctSeen.add(call.distinct() ? new ByteKeyTable() : null);
      distinctCounts.add(call.distinct() ? new long[16] : null);
      distinctGroups.add(call.distinct() ? new int[16] : null);
    }
    lastExpiry = clock.getAsLong();
  }

  /** The TTL {@code value} names in milliseconds; 0 when unset. */
  static long parseTtl(String value) {
    return Durations.parseMillis(STATE_TTL_OPTION, value);
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    long now = clock.getAsLong();
    expireIdleGroups(now);
    int rows = batch.rowCount();
    if (groupOfRow.length < rows) {
      groupOfRow = new int[rows];
      addRows = new int[rows];
      retractRows = new int[rows];
      changed = new int[rows];
    }
    batchNumber++;
    changedCount = 0;
    Vectors.prepareForReuse(before);
    Vectors.prepareForReuse(after);
    assignGroups(batch, rows, now);
    TinyIntVector kinds = rowKindColumn < 0 ? null : (TinyIntVector) batch.column(rowKindColumn);
    long[] rowCounts = columns.longs(ROW_COUNTS);
    for (int r = 0; r < rows; r++) {
      rowCounts[groupOfRow[r]] += isRetraction(kinds, r) ? -1 : 1;
    }
    for (int c = 0; c < accumulators.size(); c++) {
      fold(c, batch, kinds, rows);
    }
    emitChanges(out);
  }

  private static boolean isRetraction(TinyIntVector kinds, int row) {
    return kinds != null && !RowKind.of(kinds.get(row)).isAccumulate();
  }

  /** Numbers each row's group and, the first time a batch changes a group, saves its current result. */
  private void assignGroups(Batch batch, int rows, long now) {
    FieldVector[] keyVectors = new FieldVector[keyColumns.length];
    for (int k = 0; k < keyColumns.length; k++) {
      keyVectors[k] = batch.column(keyColumns[k]);
    }
    long[] changedInBatch = columns.longs(CHANGED_IN_BATCH);
    boolean[] emitted = columns.flags(EMITTED);
    long[] lastTouched = columns.longs(LAST_TOUCHED);
    for (int r = 0; r < rows; r++) {
      encoder.reset();
      for (FieldVector vector : keyVectors) {
        encoder.put(vector, r);
      }
      int group = groups.idOf(encoder.bytes(), encoder.length());
      if (groups.inserted()) {
        ensureGroups(group + 1);
        // Growth replaces the arrays.
        changedInBatch = columns.longs(CHANGED_IN_BATCH);
        emitted = columns.flags(EMITTED);
        lastTouched = columns.longs(LAST_TOUCHED);
        for (int k = 0; k < keyVectors.length; k++) {
          keys.getVector(k).copyFromSafe(r, group, keyVectors[k]);
        }
      }
      groupOfRow[r] = group;
      if (changedInBatch[group] != batchNumber) {
        changedInBatch[group] = batchNumber;
        if (emitted[group]) {
          writeResult(group, before, changedCount);
        }
        changed[changedCount++] = group;
      }
      lastTouched[group] = now;
    }
  }

  private void ensureGroups(int count) {
    columns.ensure(count);
    for (RetractableAccumulator accumulator : accumulators) {
      accumulator.ensureGroups(count);
    }
  }

  /** Splits the batch's rows that pass the call's FILTER (and DISTINCT) into additions and retractions. */
  private void fold(int c, Batch batch, TinyIntVector kinds, int rows) {
    AggregateCall call = spec.calls().get(c);
    FieldVector[] arguments = new FieldVector[call.arguments().size()];
    for (int a = 0; a < arguments.length; a++) {
      arguments[a] = batch.column(call.arguments().get(a));
    }
    BitVector filter = call.filterColumn() >= 0 ? (BitVector) batch.column(call.filterColumn()) : null;
    ByteKeyTable seen = distinctSeen.get(c);
    int adds = 0;
    int retracts = 0;
    for (int r = 0; r < rows; r++) {
      if (filter != null && (filter.isNull(r) || filter.get(r) == 0)) {
        continue;
      }
      boolean retract = isRetraction(kinds, r);
      if (seen != null && !distinctChanges(c, seen, arguments, r, retract)) {
        continue;
      }
      if (retract) {
        retractRows[retracts++] = r;
      } else {
        addRows[adds++] = r;
      }
    }
    // Additions first, so that a consistent changelog never retracts a value not yet added.
    accumulators.get(c).apply(arguments, groupOfRow, addRows, adds, false);
    accumulators.get(c).apply(arguments, groupOfRow, retractRows, retracts, true);
  }

  /** Counts the row's (group, arguments) pair; true if the distinct set gains or loses the value. */
  private boolean distinctChanges(int c, ByteKeyTable seen, FieldVector[] arguments, int row, boolean retract) {
    encoder.reset();
    encoder.putInt(groupOfRow[row]);
    for (FieldVector argument : arguments) {
      encoder.put(argument, row);
    }
    int id = seen.idOf(encoder.bytes(), encoder.length());
    long[] counts = distinctCounts.get(c);
    if (id >= counts.length) {
      counts = Arrays.copyOf(counts, RetractableAccumulator.capacity(id + 1, counts.length));
      distinctCounts.set(c, counts);
      distinctGroups.set(c, Arrays.copyOf(distinctGroups.get(c), counts.length));
    }
    distinctGroups.get(c)[id] = groupOfRow[row];
    counts[id] += retract ? -1 : 1;
    return retract ? counts[id] == 0 : counts[id] == 1;
  }

  private void writeResult(int group, VectorSchemaRoot target, int row) {
    for (int c = 0; c < accumulators.size(); c++) {
      accumulators.get(c).write(group, target.getVector(c), row);
    }
  }

  /** Emits one change per changed group, in the order the batch first touched them. */
  private void emitChanges(Collector out) {
    long[] rowCounts = columns.longs(ROW_COUNTS);
    boolean[] emitted = columns.flags(EMITTED);
    for (int i = 0; i < changedCount; i++) {
      if (rowCounts[changed[i]] > 0) {
        writeResult(changed[i], after, i);
      }
    }
    before.setRowCount(changedCount);
    after.setRowCount(changedCount);
    CellComparator[] equal = new CellComparator[accumulators.size()];
    for (int c = 0; c < equal.length; c++) {
      equal[c] = CellComparator.forVector(before.getVector(c));
    }
    Vectors.prepareForReuse(output);
    outputRows = 0;
    for (int i = 0; i < changedCount; i++) {
      int group = changed[i];
      boolean alive = rowCounts[group] > 0;
      if (emitted[group] && !alive) {
        appendRow(group, before, i, RowKind.DELETE, out);
      } else if (emitted[group]) {
        if (!sameResult(equal, i)) {
          appendRow(group, before, i, RowKind.UPDATE_BEFORE, out);
          appendRow(group, after, i, RowKind.UPDATE_AFTER, out);
        }
      } else if (alive) {
        appendRow(group, after, i, RowKind.INSERT, out);
      }
      emitted[group] = alive;
      if (!alive) {
        forget(group);
      }
    }
    flush(out);
  }

  private boolean sameResult(CellComparator[] comparators, int row) {
    for (int c = 0; c < comparators.length; c++) {
      FieldVector old = before.getVector(c);
      FieldVector current = after.getVector(c);
      boolean oldNull = old.isNull(row);
      if (oldNull != current.isNull(row) || !oldNull && comparators[c].compare(old, row, current, row) != 0) {
        return false;
      }
    }
    return true;
  }

  private void appendRow(int group, VectorSchemaRoot values, int valueRow, RowKind kind, Collector out) {
    for (int k = 0; k < keyColumns.length; k++) {
      output.getVector(k).copyFromSafe(group, outputRows, keys.getVector(k));
    }
    for (int c = 0; c < accumulators.size(); c++) {
      output.getVector(keyColumns.length + c).copyFromSafe(valueRow, outputRows, values.getVector(c));
    }
    ((TinyIntVector) output.getVector(output.getFieldVectors().size() - 1)).setSafe(outputRows, kind.code());
    if (++outputRows == BATCH_ROWS) {
      flush(out);
    }
  }

  private void flush(Collector out) {
    if (outputRows > 0) {
      output.setRowCount(outputRows);
      out.emit(new Batch(output));
      Vectors.prepareForReuse(output);
      outputRows = 0;
    }
  }

  /** Drops a group's aggregate state (its DISTINCT pair counts are reset by the caller where needed). */
  private void forget(int group) {
    columns.clear(group);
    for (RetractableAccumulator accumulator : accumulators) {
      accumulator.reset(group);
    }
  }

  /**
   * Forgets the groups idle for longer than the TTL. Sweeps at most once per half TTL, so a
   * group lives between one and one and a half TTLs after its last change.
   */
  private void expireIdleGroups(long now) {
    if (ttlMillis <= 0 || now - lastExpiry < Math.max(1, ttlMillis / 2)) {
      return;
    }
    lastExpiry = now;
    boolean[] expired = new boolean[groups.size()];
    boolean any = false;
    long[] rowCounts = columns.longs(ROW_COUNTS);
    boolean[] emitted = columns.flags(EMITTED);
    long[] lastTouched = columns.longs(LAST_TOUCHED);
    for (int group = 0; group < groups.size(); group++) {
      if ((rowCounts[group] != 0 || emitted[group]) && now - lastTouched[group] >= ttlMillis) {
        expired[group] = true;
        any = true;
        forget(group);
      }
    }
    if (!any) {
      return;
    }
    for (int c = 0; c < distinctSeen.size(); c++) {
      if (distinctSeen.get(c) != null) {
        long[] counts = distinctCounts.get(c);
        int[] owners = distinctGroups.get(c);
        for (int id = 0; id < distinctSeen.get(c).size(); id++) {
          if (expired[owners[id]]) {
            counts[id] = 0;
          }
        }
      }
    }
  }

  /** Covered when every call's accumulator is; MIN/MAX over a changelog (sorted multisets) is not yet. */
  @Override
  public boolean supportsCheckpoints() {
    return accumulators.stream().allMatch(RetractableAccumulator::supportsCheckpoints);
  }

  /**
   * The key table and keys, per group its live row count, whether its result stands and its
   * last touch, every call's state, the DISTINCT pairs with their counts, and the epoch of the
   * user aggregates' dead letters.
   */
  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    int total = groups.size();
    groups.snapshot(state);
    state.writeRoot(keys, total);
    columns.snapshot(state, total);
    for (RetractableAccumulator accumulator : accumulators) {
      accumulator.snapshot(state, total);
    }
    for (int c = 0; c < distinctSeen.size(); c++) {
      ByteKeyTable seen = distinctSeen.get(c);
      if (seen != null) {
        seen.snapshot(state);
        state.writeLongs(distinctCounts.get(c), seen.size());
        state.writeInts(distinctGroups.get(c), seen.size());
      }
    }
    if (errors != null) {
      errors.snapshot(checkpoint, state);
    }
  }

  @Override
  public void restore(long checkpoint, StateReader state) {
    groups.restore(state);
    int total = groups.size();
    try (VectorSchemaRoot saved = state.readRoot(allocator)) {
      for (int k = 0; k < keyColumns.length; k++) {
        FieldVector target = keys.getVector(k);
        FieldVector source = saved.getVector(k);
        for (int group = 0; group < total; group++) {
          target.copyFromSafe(group, group, source);
        }
      }
    }
    ensureGroups(total);
    columns.restore(state, total);
    for (RetractableAccumulator accumulator : accumulators) {
      accumulator.restore(state, total);
    }
    for (int c = 0; c < distinctSeen.size(); c++) {
      ByteKeyTable seen = distinctSeen.get(c);
      if (seen != null) {
        seen.restore(state);
        distinctCounts.set(c, state.readLongs(16));
        distinctGroups.set(c, state.readInts(distinctCounts.get(c).length));
      }
    }
    if (errors != null) {
      errors.restore(checkpoint, state);
    }
  }

  @Override
  public void checkpointComplete(long checkpoint) {
    if (errors != null) {
      errors.checkpointComplete(checkpoint);
    }
  }

  /** The input has ended: the dead letters written so far are final. */
  @Override
  public void finish(Collector out) {
    if (errors != null) {
      errors.finish();
    }
  }

  @Override
  public void close() {
    for (RetractableAccumulator accumulator : accumulators) {
      accumulator.close();
    }
    if (errors != null) {
      errors.close();
    }
    for (VectorSchemaRoot root : new VectorSchemaRoot[] {keys, before, after, output}) {
      if (root != null) {
        root.close();
      }
    }
  }
}
