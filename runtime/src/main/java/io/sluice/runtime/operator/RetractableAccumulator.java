package io.sluice.runtime.operator;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The state of one aggregate call for every group of a continuous aggregation, which can
 * both add rows and take them back (retract), held column-wise by group id.
 *
 * <p>COUNT, SUM and AVG retract exactly (floating-point sums up to rounding); MIN and MAX
 * keep a sorted multiset of values per group, so retracting the current extreme exposes
 * the next one.
 */
abstract class RetractableAccumulator implements AutoCloseable {
  /**
   * Adds (or, with {@code retract}, removes) rows {@code rows[0, count)} of the arguments
   * to the groups {@code groups[row]}; the rows have already passed FILTER and DISTINCT.
   */
  abstract void apply(FieldVector[] arguments, int[] groups, int[] rows, int count, boolean retract);

  /** Makes room for group ids below {@code groups}. */
  abstract void ensureGroups(int groups);

  /** Writes the current value of {@code group} to row {@code row} of {@code out}. */
  abstract void write(int group, FieldVector out, int row);

  /** Forgets the state of {@code group}: it has no rows left, or its state expired. */
  abstract void reset(int group);

  /** Whether {@link #snapshot} and {@link #restore} cover this kind of state. */
  boolean supportsCheckpoints() {
    return false;
  }

  /** Writes the state of groups {@code [0, groups)} to a checkpoint. */
  void snapshot(StateWriter state, int groups) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " state cannot be checkpointed");
  }

  /** Reads back the state written by {@link #snapshot} into a fresh accumulator. */
  void restore(StateReader state, int groups) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " state cannot be checkpointed");
  }

  @Override
  public void close() {}

  /**
   * The accumulator for {@code call}; over an append-only input MIN and MAX keep only the
   * extreme value (no multiset), since nothing will be retracted.
   */
  private static final java.util.Set<AggregateKind> EXACTLY_RETRACTABLE =
      java.util.EnumSet.of(AggregateKind.COUNT, AggregateKind.SUM, AggregateKind.SUM0, AggregateKind.AVG);

  static RetractableAccumulator create(AggregateCall call, DataType[] argumentTypes, boolean appendOnlyInput,
      OperatorContext context, Field argumentField, UserErrors userErrors) {
    // Over append-only input nothing is retracted, so the windows' accumulators serve every aggregate
    // that has no exact retracting form here (and MIN/MAX, which then keep one value per group).
    if (appendOnlyInput && !EXACTLY_RETRACTABLE.contains(call.kind())) {
      return new AppendOnly(Accumulator.create(call, argumentTypes, context, argumentField, userErrors));
    }
    if (call.kind() == AggregateKind.USER) {
      return new UserRetracting(
          new UserAggregateAccumulator(call, argumentTypes, userErrors));
    }
    return create(call, argumentTypes);
  }

  static RetractableAccumulator create(AggregateCall call, DataType[] argumentTypes) {
    AggregateKind kind = call.kind();
    if (kind == AggregateKind.COUNT) {
      return new Count();
    }
    return switch (kind) {
      case MIN, MAX -> new MinMax(kind == AggregateKind.MAX);
      case SUM, SUM0, AVG -> new Sum(Accumulator.sum(call, argumentTypes[0]));
      case COUNT -> throw new AssertionError();
      default -> throw new IllegalArgumentException(kind + " cannot be retracted; a continuous aggregation over a "
          + "changelog supports COUNT, SUM, AVG, MIN and MAX");
    };
  }

  static int capacity(int groups, int current) {
    return Math.max(groups, current * 2);
  }

  /**
   * Base of the forms that keep their state in a batch {@link Accumulator}: everything but
   * applying rows is forwarded, so the state (and its checkpoint format) is written once.
   */
  abstract static class Delegating<A extends Accumulator> extends RetractableAccumulator {
    final A delegate;

    Delegating(A delegate) {
      this.delegate = delegate;
    }

    @Override
    void ensureGroups(int groups) {
      delegate.ensureGroups(groups);
    }

    @Override
    void write(int group, FieldVector out, int row) {
      delegate.write(group, out, row);
    }

    @Override
    void reset(int group) {
      delegate.clear(group);
    }

    @Override
    boolean supportsCheckpoints() {
      return delegate.supportsCheckpoints();
    }

    @Override
    void snapshot(StateWriter state, int groups) {
      delegate.snapshot(state, groups);
    }

    @Override
    void restore(StateReader state, int groups) {
      delegate.restore(state, groups);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /** COUNT(*) or COUNT(args): the batch count, which uncounts retracted rows. */
  static final class Count extends Delegating<Accumulator.Count> {
    Count() {
      super(new Accumulator.Count());
    }

    @Override
    void apply(FieldVector[] arguments, int[] groups, int[] rows, int count, boolean retract) {
      delegate.add(arguments, groups, rows, count, retract);
    }
  }

  /** SUM, SUM0 and AVG: the batch accumulator's sums, which subtract retracted values. */
  static final class Sum extends Delegating<Accumulator.Sum> {
    Sum(Accumulator.Sum delegate) {
      super(delegate);
    }

    @Override
    void apply(FieldVector[] arguments, int[] groups, int[] rows, int count, boolean retract) {
      delegate.add(arguments, groups, rows, count, retract);
    }

    @Override
    void write(int group, FieldVector out, int row) {
      if (delegate.count(group) == 0) {
        // A group whose values were all retracted reads as empty, even if rounding left a residue.
        if (delegate.zeroWhenEmpty) {
          Vectors.setLong(out, row, 0);
        } else {
          Vectors.setNull(out, row);
        }
      } else {
        delegate.writeValue(group, out, row);
      }
    }
  }

  /**
   * MIN/MAX under retraction: per group, a sorted multiset (value -> occurrences) of the
   * non-NULL values. Values are boxed into comparable keys: Long for integer-like kinds,
   * Double, BigDecimal, or {@link Bytes} (unsigned byte order, as UTF-8 strings compare).
   */
  static final class MinMax extends RetractableAccumulator {
    private static final int MULTISETS = 0;
    private final boolean max;
    private final GroupColumns columns = new GroupColumns().withObjects(TreeMap.class);

    MinMax(boolean max) {
      this.max = max;
    }

    @Override
    boolean supportsCheckpoints() {
      return true;
    }

    /** Per group, its distinct values, each a kind tag, the value and its occurrences. */
    @Override
    void snapshot(StateWriter state, int groups) {
      TreeMap<Comparable<?>, long[]>[] multisets = columns.objects(MULTISETS);
      for (int group = 0; group < groups; group++) {
        TreeMap<Comparable<?>, long[]> multiset = multisets[group];
        state.writeInt(multiset == null ? -1 : multiset.size());
        if (multiset == null) {
          continue;
        }
        for (Map.Entry<Comparable<?>, long[]> entry : multiset.entrySet()) {
          Comparable<?> value = entry.getKey();
          if (value instanceof Long number) {
            state.writeInt(0);
            state.writeLong(number);
          } else if (value instanceof Double number) {
            state.writeInt(1);
            state.writeDouble(number);
          } else if (value instanceof BigDecimal number) {
            state.writeInt(2);
            state.writeInt(number.scale());
            byte[] unscaled = number.unscaledValue().toByteArray();
            state.writeBytes(unscaled, unscaled.length);
          } else {
            byte[] bytes = ((Bytes) value).bytes();
            state.writeInt(3);
            state.writeBytes(bytes, bytes.length);
          }
          state.writeLong(entry.getValue()[0]);
        }
      }
    }

    @Override
    void restore(StateReader state, int groups) {
      ensureGroups(groups);
      TreeMap<Comparable<?>, long[]>[] multisets = columns.objects(MULTISETS);
      for (int group = 0; group < groups; group++) {
        int size = state.readInt();
        if (size < 0) {
          continue;
        }
        TreeMap<Comparable<?>, long[]> multiset = new TreeMap<>();
        for (int i = 0; i < size; i++) {
          Comparable<?> value = switch (state.readInt()) {
            case 0 -> Long.valueOf(state.readLong());
            case 1 -> Double.valueOf(state.readDouble());
            case 2 -> {
              int scale = state.readInt();
              yield new BigDecimal(new BigInteger(state.readBytes(0)), scale);
            }
            default -> new Bytes(state.readBytes(0));
          };
          multiset.put(value, new long[] {state.readLong()});
        }
        multisets[group] = multiset;
      }
    }

    @Override
    void apply(FieldVector[] arguments, int[] groups, int[] rows, int count, boolean retract) {
      FieldVector vector = arguments[0];
      ValueReader reader = reader(vector);
      TreeMap<Comparable<?>, long[]>[] multisets = columns.objects(MULTISETS);
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (vector.isNull(row)) {
          continue;
        }
        int group = groups[row];
        Comparable<?> value = reader.read(row);
        TreeMap<Comparable<?>, long[]> multiset = multisets[group];
        if (multiset == null) {
          multiset = new TreeMap<>();
          multisets[group] = multiset;
        }
        if (retract) {
          long[] occurrences = multiset.get(value);
          if (occurrences != null && --occurrences[0] == 0) {
            multiset.remove(value);
          }
        } else {
          multiset.computeIfAbsent(value, v -> new long[1])[0]++;
        }
      }
    }

    @Override
    void ensureGroups(int groups) {
      columns.ensure(groups);
    }

    @Override
    void write(int group, FieldVector out, int row) {
      TreeMap<Comparable<?>, long[]> multiset = columns.<TreeMap<Comparable<?>, long[]>>objects(MULTISETS)[group];
      if (multiset == null || multiset.isEmpty()) {
        Vectors.setNull(out, row);
        return;
      }
      Map.Entry<Comparable<?>, long[]> best = max ? multiset.lastEntry() : multiset.firstEntry();
      Object value = best.getKey();
      if (value instanceof Long number) {
        Vectors.setLong(out, row, number);
      } else if (value instanceof Double number) {
        Vectors.setDouble(out, row, number);
      } else if (value instanceof BigDecimal decimal) {
        Vectors.setDecimal((DecimalVector) out, row, decimal);
      } else {
        byte[] bytes = ((Bytes) value).bytes();
        ((BaseVariableWidthVector) out).setSafe(row, bytes, 0, bytes.length);
      }
    }

    @Override
    void reset(int group) {
      columns.clear(group);
    }

    /** Reads the comparable key of a non-NULL cell. */
    @FunctionalInterface
    private interface ValueReader {
      Comparable<?> read(int row);
    }

    private static ValueReader reader(FieldVector vector) {
      if (vector instanceof Float8Vector doubles) {
        return doubles::get;
      } else if (vector instanceof Float4Vector floats) {
        return row -> (double) floats.get(row);
      } else if (vector instanceof DecimalVector decimals) {
        return decimals::getObject;
      } else if (vector instanceof BitVector bits) {
        return row -> (long) bits.get(row);
      } else if (vector instanceof BaseVariableWidthVector variable) {
        return row -> new Bytes(variable.get(row));
      }
      Accumulator.LongReader longs = Accumulator.longReader(vector);
      return longs::get;
    }
  }

  /** An aggregate over an append-only input: the batch accumulator, which keeps one value per group. */
  static final class AppendOnly extends Delegating<Accumulator> {
    AppendOnly(Accumulator delegate) {
      super(delegate);
    }

    @Override
    void apply(FieldVector[] arguments, int[] groups, int[] rows, int count, boolean retract) {
      if (retract && count > 0) {
        throw new IllegalStateException("an append-only input retracted a row");
      }
      delegate.accumulate(arguments, groups, rows, count);
    }
  }

  /** A user aggregate over a changelog: deletions go to the function's {@code retract} method. */
  static final class UserRetracting extends Delegating<UserAggregateAccumulator> {
    UserRetracting(UserAggregateAccumulator delegate) {
      super(delegate);
    }

    @Override
    void apply(FieldVector[] arguments, int[] groups, int[] rows, int count, boolean retract) {
      if (retract) {
        delegate.retract(arguments, groups, rows, count);
      } else {
        delegate.accumulate(arguments, groups, rows, count);
      }
    }
  }

  /** A byte string ordered as unsigned bytes, the order of UTF-8 strings by code point. */
  record Bytes(byte[] bytes) implements Comparable<Bytes> {
    @Override
    public int compareTo(Bytes other) {
      return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }
}
