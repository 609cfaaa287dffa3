package io.sluice.runtime.operator;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.DataType;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A GROUP BY operator over bounded input: keys are encoded to bytes and numbered densely
 * by a hash table, each call's state lives column-wise by group id, and the groups are
 * emitted (keys, then calls) when the input ends. Without keys it emits exactly one row.
 * Its user aggregates share one failure policy, whose dead-letter sink it snapshots with its state.
 */
public final class HashAggregateOperator implements StreamOperator {
  static final int BATCH_ROWS = 4096;

  private final PlanNode.Aggregate spec;
  private final int[] keyColumns;
  private final ByteKeyTable groups = new ByteKeyTable();
  private final KeyEncoder encoder = new KeyEncoder();
  private final List<Accumulator> accumulators = new ArrayList<>();
  /** Per DISTINCT call, the (group, arguments) pairs already seen; null for other calls. */
  private final List<ByteKeyTable> distinctSeen = new ArrayList<>();
  /** The failure policy of the user aggregates, null without any. */
  private UserErrors errors;
  private BufferAllocator allocator;
  private VectorSchemaRoot keys;
  private VectorSchemaRoot output;
  private int[] groupOfRow = new int[BATCH_ROWS];
  private int[] allRows = new int[0];
  private int[] selected = new int[BATCH_ROWS];

  public HashAggregateOperator(PlanNode.Aggregate spec) {
    this.spec = spec;
    this.keyColumns = spec.groupKeys().stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public void open(OperatorContext context) {
    allocator = context.allocator();
    Schema input = spec.input().schema();
    List<io.sluice.plan.Field> keyFields = new ArrayList<>();
    for (int k = 0; k < keyColumns.length; k++) {
      keyFields.add(spec.schema().field(k));
    }
    keys = ArrowTypes.createRoot(new Schema(keyFields), context.allocator());
    output = ArrowTypes.createRoot(spec.schema(), context.allocator());
    for (AggregateCall call : spec.calls()) {
      DataType[] argumentTypes = call.arguments().stream().map(input::type).toArray(DataType[]::new);
      io.sluice.plan.Field argument = call.arguments().isEmpty() ? null : input.field(call.arguments().get(0));
      if (call.function() != null && errors == null) {
        errors = new UserErrors(context);
      }
      accumulators.add(Accumulator.create(call, argumentTypes, context,
          argument == null ? null : ArrowTypes.toArrowField(argument), errors));
      distinctSeen.add(call.distinct() ? new ByteKeyTable() : null);
    }
    if (keyColumns.length == 0) {
      // A global aggregate has its one group even when no row arrives.
      newGroups(1);
    }
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    int rows = batch.rowCount();
    if (groupOfRow.length < rows) {
      groupOfRow = new int[rows];
      selected = new int[rows];
    }
    if (allRows.length < rows) {
      allRows = new int[rows];
      for (int r = 0; r < rows; r++) {
        allRows[r] = r;
      }
    }
    assignGroups(batch, rows);
    for (int c = 0; c < accumulators.size(); c++) {
      AggregateCall call = spec.calls().get(c);
      FieldVector[] arguments = new FieldVector[call.arguments().size()];
      for (int a = 0; a < arguments.length; a++) {
        arguments[a] = batch.column(call.arguments().get(a));
      }
      int[] rowsToFold = allRows;
      int count = rows;
      if (call.filterColumn() >= 0 || call.distinct()) {
        count = select(batch, call, arguments, distinctSeen.get(c), rows);
        rowsToFold = selected;
      }
      accumulators.get(c).accumulate(arguments, groupOfRow, rowsToFold, count);
    }
  }

  private void assignGroups(Batch batch, int rows) {
    if (keyColumns.length == 0) {
      java.util.Arrays.fill(groupOfRow, 0, rows, 0);
      return;
    }
    FieldVector[] keyVectors = new FieldVector[keyColumns.length];
    for (int k = 0; k < keyColumns.length; k++) {
      keyVectors[k] = batch.column(keyColumns[k]);
    }
    for (int r = 0; r < rows; r++) {
      encoder.reset();
      for (FieldVector vector : keyVectors) {
        encoder.put(vector, r);
      }
      int group = groups.idOf(encoder.bytes(), encoder.length());
      if (groups.inserted()) {
        newGroups(group + 1);
        for (int k = 0; k < keyVectors.length; k++) {
          keys.getVector(k).copyFromSafe(r, group, keyVectors[k]);
        }
      }
      groupOfRow[r] = group;
    }
  }

  private void newGroups(int count) {
    AggregateCalls.ensureGroups(accumulators, count);
  }

  /** Collects the rows passing the call's FILTER and, for DISTINCT, seen first in their group. */
  private int select(Batch batch, AggregateCall call, FieldVector[] arguments, ByteKeyTable seen, int rows) {
    BitVector filter = call.filterColumn() >= 0 ? (BitVector) batch.column(call.filterColumn()) : null;
    int count = 0;
    for (int r = 0; r < rows; r++) {
      if (filter != null && (filter.isNull(r) || filter.get(r) == 0)) {
        continue;
      }
      if (seen != null) {
        encoder.reset();
        encoder.putInt(groupOfRow[r]);
        for (FieldVector argument : arguments) {
          encoder.put(argument, r);
        }
        seen.idOf(encoder.bytes(), encoder.length());
        if (!seen.inserted()) {
          continue;
        }
      }
      selected[count++] = r;
    }
    return count;
  }

  @Override
  public void finish(Collector out) {
    int total = groupCount();
    for (int from = 0; from < total; from += BATCH_ROWS) {
      int count = Math.min(BATCH_ROWS, total - from);
      Vectors.prepareForReuse(output);
      for (int r = 0; r < count; r++) {
        int group = from + r;
        for (int k = 0; k < keyColumns.length; k++) {
          output.getVector(k).copyFromSafe(group, r, keys.getVector(k));
        }
        for (int c = 0; c < accumulators.size(); c++) {
          accumulators.get(c).write(group, output.getVector(keyColumns.length + c), r);
        }
      }
      output.setRowCount(count);
      out.emit(new Batch(output));
    }
    if (errors != null) {
      errors.finish();
    }
  }

  @Override
  public boolean supportsCheckpoints() {
    return accumulators.stream().allMatch(Accumulator::supportsCheckpoints);
  }

  /**
   * The key table, the keys (an Arrow IPC batch), every call's state, the DISTINCT pairs seen
   * and the epoch of the user aggregates' dead letters.
   */
  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    int total = groupCount();
    groups.snapshot(state);
    state.writeRoot(keys, groups.size());
    AggregateCalls.snapshot(accumulators, state, total);
    for (ByteKeyTable seen : distinctSeen) {
      if (seen != null) {
        seen.snapshot(state);
      }
    }
    if (errors != null) {
      errors.snapshot(checkpoint, state);
    }
  }

  @Override
  public void restore(long checkpoint, StateReader state) {
    groups.restore(state);
    int total = groupCount();
    try (VectorSchemaRoot saved = state.readRoot(allocator)) {
      for (int k = 0; k < keyColumns.length; k++) {
        FieldVector target = keys.getVector(k);
        FieldVector source = saved.getVector(k);
        for (int group = 0; group < groups.size(); group++) {
          target.copyFromSafe(group, group, source);
        }
      }
    }
    newGroups(total);
    AggregateCalls.restore(accumulators, state, total);
    for (ByteKeyTable seen : distinctSeen) {
      if (seen != null) {
        seen.restore(state);
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

  private int groupCount() {
    return keyColumns.length == 0 ? 1 : groups.size();
  }

  @Override
  public void close() {
    AggregateCalls.close(accumulators);
    if (errors != null) {
      errors.close();
    }
    if (keys != null) {
      keys.close();
    }
    if (output != null) {
      output.close();
    }
  }
}
