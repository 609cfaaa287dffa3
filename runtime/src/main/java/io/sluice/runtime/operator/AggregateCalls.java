package io.sluice.runtime.operator;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.Schema;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * The aggregate calls of a windowed operator: makes a fresh, mergeable accumulator per call
 * for each slice, window or session table, and folds a batch's selected rows into them,
 * applying each call's FILTER. The owning operator snapshots the user aggregates' dead letters
 * with its state ({@link #snapshotDeadLetters}, {@link #restoreDeadLetters},
 * {@link #checkpointComplete}), calls {@link #finish()} when its input ends and {@link #close()}
 * when it closes.
 */
final class AggregateCalls {
  private final List<AggregateCall> calls;
  private final Schema input;
  private final OperatorContext context;
  /** The failure policy the calls' user aggregates share; null without any. */
  private final UserErrors errors;
  private int[] filtered = new int[0];

  AggregateCalls(List<AggregateCall> calls, Schema input, OperatorContext context) {
    this.calls = List.copyOf(calls);
    this.input = input;
    this.context = context;
    this.errors = calls.stream().anyMatch(call -> call.function() != null) ? new UserErrors(context) : null;
  }

  int size() {
    return calls.size();
  }

  List<Accumulator> create() {
    List<Accumulator> accumulators = new ArrayList<>(calls.size());
    for (AggregateCall call : calls) {
      if (call.distinct() && call.kind() == AggregateKind.COUNT) {
        accumulators.add(new DistinctCount());
        continue;
      }
      if (call.distinct() && call.kind() != AggregateKind.APPROX_COUNT_DISTINCT) {
        throw new IllegalArgumentException("no mergeable DISTINCT form of " + call);
      }
      DataType[] types = call.arguments().stream().map(input::type).toArray(DataType[]::new);
      org.apache.arrow.vector.types.pojo.Field argument = call.arguments().isEmpty()
          ? null : ArrowTypes.toArrowField(input.field(call.arguments().get(0)));
      accumulators.add(Accumulator.create(call, types, context, argument, errors));
    }
    return accumulators;
  }

  /** Folds rows {@code rows[0, count)} of {@code batch} into {@code groups[row]} of every accumulator. */
  void fold(List<Accumulator> accumulators, Batch batch, int[] rows, int count, int[] groups) {
    for (int c = 0; c < calls.size(); c++) {
      AggregateCall call = calls.get(c);
      FieldVector[] arguments = new FieldVector[call.arguments().size()];
      for (int a = 0; a < arguments.length; a++) {
        arguments[a] = batch.column(call.arguments().get(a));
      }
      if (call.filterColumn() < 0) {
        accumulators.get(c).accumulate(arguments, groups, rows, count);
        continue;
      }
      BitVector filter = (BitVector) batch.column(call.filterColumn());
      if (filtered.length < count) {
        filtered = new int[Math.max(count, batch.rowCount())];
      }
      int kept = 0;
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (!filter.isNull(row) && filter.get(row) != 0) {
          filtered[kept++] = row;
        }
      }
      accumulators.get(c).accumulate(arguments, groups, filtered, kept);
    }
  }

  /** Whether every call's accumulator can be checkpointed. */
  boolean supportsCheckpoints() {
    List<Accumulator> probe = create();
    try {
      return probe.stream().allMatch(Accumulator::supportsCheckpoints);
    } finally {
      close(probe);
    }
  }

  /** Ends the epoch of the user aggregates' dead letters with checkpoint {@code checkpoint} (nothing without any). */
  void snapshotDeadLetters(long checkpoint, StateWriter state) {
    if (errors != null) {
      errors.snapshot(checkpoint, state);
    }
  }

  /** Reads back what {@link #snapshotDeadLetters} wrote. */
  void restoreDeadLetters(long checkpoint, StateReader state) {
    if (errors != null) {
      errors.restore(checkpoint, state);
    }
  }

  /** Tells the user aggregates' dead-letter sink that checkpoint {@code checkpoint} is durable. */
  void checkpointComplete(long checkpoint) {
    if (errors != null) {
      errors.checkpointComplete(checkpoint);
    }
  }

  /** Finishes the user aggregates' dead-letter sink: the owning operator's input has ended. */
  void finish() {
    if (errors != null) {
      errors.finish();
    }
  }

  /** Releases what the user aggregates share (a dead-letter sink); the owning operator calls it on close. */
  void close() {
    if (errors != null) {
      errors.close();
    }
  }

  static void ensureGroups(List<Accumulator> accumulators, int groups) {
    for (Accumulator accumulator : accumulators) {
      accumulator.ensureGroups(groups);
    }
  }

  /** Writes groups {@code [0, groups)} of every accumulator, one after the other. */
  static void snapshot(List<Accumulator> accumulators, StateWriter state, int groups) {
    for (Accumulator accumulator : accumulators) {
      accumulator.snapshot(state, groups);
    }
  }

  /** Reads back what {@link #snapshot} wrote into fresh accumulators of the same calls. */
  static void restore(List<Accumulator> accumulators, StateReader state, int groups) {
    for (Accumulator accumulator : accumulators) {
      accumulator.restore(state, groups);
    }
  }

  static void close(List<Accumulator> accumulators) {
    for (Accumulator accumulator : accumulators) {
      accumulator.close();
    }
  }
}
