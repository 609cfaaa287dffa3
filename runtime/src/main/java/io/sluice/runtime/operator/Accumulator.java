package io.sluice.runtime.operator;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.CellComparator;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The state of one aggregate call for every group, held column-wise in the arrays of a
 * {@link GroupColumns} (or one Arrow vector) indexed by group id.
 */
abstract class Accumulator implements AutoCloseable {
  /**
   * The per-group arrays; the defaults below grow, clear and checkpoint them, and an
   * accumulator with state beyond them (an Arrow vector, objects) extends those methods.
   */
  final GroupColumns columns;

  Accumulator(GroupColumns columns) {
    this.columns = columns;
  }

  /**
   * Folds rows {@code rows[0, count)} of the arguments into the groups {@code groups[row]};
   * the rows have already passed the call's FILTER and DISTINCT.
   */
  abstract void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count);

  /** Makes room for group ids below {@code groups}. */
  void ensureGroups(int groups) {
    columns.ensure(groups);
  }

  /** Writes the final value of {@code group} to row {@code row} of {@code out}. */
  abstract void write(int group, FieldVector out, int row);

  /**
   * Folds the state of {@code sourceGroup} of {@code source} (an accumulator of the same call,
   * possibly this one) into {@code group}: windows merge their slices and sessions this way.
   */
  abstract void merge(int group, Accumulator source, int sourceGroup);

  /** Resets {@code group} to the state of a group that has seen no row, so its id can be reused. */
  void clear(int group) {
    columns.clear(group);
  }

  /** Whether {@link #snapshot} and {@link #restore} cover this kind of state: every built-in one's do. */
  boolean supportsCheckpoints() {
    return true;
  }

  /** Writes the state of groups {@code [0, groups)} to a checkpoint. */
  void snapshot(StateWriter state, int groups) {
    columns.snapshot(state, groups);
  }

  /** Reads back the state written by {@link #snapshot} into a fresh accumulator. */
  void restore(StateReader state, int groups) {
    columns.restore(state, groups);
  }

  @Override
  public void close() {}

  /**
   * The accumulator of {@code call} in an operator opened with {@code context} (its allocator and
   * session options); a user aggregate reports failing rows to the operator's {@code userErrors},
   * which the operator snapshots and closes.
   */
  static Accumulator create(AggregateCall call, DataType[] argumentTypes, OperatorContext context, Field argField,
      UserErrors userErrors) {
    BufferAllocator allocator = context.allocator();
    AggregateKind kind = call.kind();
    if (kind == AggregateKind.COUNT) {
      return new Count();
    }
    if (kind == AggregateKind.USER) {
      return new UserAggregateAccumulator(call, argumentTypes, userErrors);
    }
    TypeKind input = argumentTypes[0].kind();
    return switch (kind) {
      case STDDEV_POP, STDDEV_SAMP, VAR_POP, VAR_SAMP -> new Moments(kind);
      case APPROX_COUNT_DISTINCT -> new HyperLogLog();
      case FIRST_VALUE, LAST_VALUE -> new FirstLastValue(kind == AggregateKind.LAST_VALUE,
          input == TypeKind.VARCHAR || input == TypeKind.VARBINARY ? null : argField.createVector(allocator));
      case APPROX_PERCENTILE -> new QuantileSketch(call.parameter());
      case REGR_SLOPE, REGR_INTERCEPT, REGR_R2, REGR_COUNT, CORR, COVAR_POP, COVAR_SAMP -> new PairMoments(kind);
      case ACCURACY_SCORE, PRECISION_SCORE, RECALL_SCORE, F1_SCORE, LOG_LOSS -> new Confusion(kind);
      case ROC_AUC_SCORE -> new RocAuc();
      case TRAIN_LINREG, TRAIN_LOGREG, TRAIN_SVM, TRAIN_KMEANS -> new ModelTrainer(kind, argumentTypes.length,
          (kind == AggregateKind.TRAIN_LOGREG || kind == AggregateKind.TRAIN_SVM) && argumentTypes[argumentTypes.length - 1].kind() == TypeKind.VARCHAR);
      case MIN, MAX -> input == TypeKind.VARCHAR || input == TypeKind.VARBINARY
          ? new MinMaxBytes(kind == AggregateKind.MAX)
          : new MinMax(kind == AggregateKind.MAX, argField.createVector(allocator), allocator);
      case SUM, SUM0, AVG -> sum(call, argumentTypes[0]);
      case COUNT, USER -> throw new AssertionError();
    };
  }

  /** The SUM, SUM0 or AVG accumulator of {@code call} over {@code argumentType}; continuous aggregations share it. */
  static Sum sum(AggregateCall call, DataType argumentType) {
    AggregateKind kind = call.kind();
    boolean average = kind == AggregateKind.AVG;
    boolean zeroWhenEmpty = kind == AggregateKind.SUM0;
    TypeKind input = argumentType.kind();
    if (input.isExactInteger() || input == TypeKind.INTERVAL_DAY_TIME || input == TypeKind.INTERVAL_YEAR_MONTH) {
      return new LongSum(average, zeroWhenEmpty);
    } else if (input == TypeKind.DECIMAL) {
      return new DecimalSum(average, zeroWhenEmpty, argumentType.scale());
    } else if (input == TypeKind.FLOAT || input == TypeKind.DOUBLE) {
      return new DoubleSum(average, zeroWhenEmpty);
    }
    throw new IllegalArgumentException("cannot compute " + call + " over " + argumentType);
  }

  /**
   * Grows fixed-width {@code vector}, of which {@code allocated} slots exist (0 when it was never
   * allocated), to at least {@code target} slots: the accumulators that keep a value per group in
   * an Arrow vector slot call this as their groups grow.
   */
  static void allocateSlots(FieldVector vector, int allocated, int target) {
    if (allocated == 0) {
      vector.setInitialCapacity(target);
      vector.allocateNew();
    } else {
      while (vector.getValueCapacity() < target) {
        vector.reAlloc();
      }
    }
  }

  /** A typed view reading an integer-like vector as longs without boxing. */
  @FunctionalInterface
  interface LongReader {
    long get(int row);
  }

  static LongReader longReader(FieldVector vector) {
    if (vector instanceof BigIntVector v) {
      return v::get;
    } else if (vector instanceof IntVector v) {
      return v::get;
    } else if (vector instanceof SmallIntVector v) {
      return v::get;
    } else if (vector instanceof TinyIntVector v) {
      return v::get;
    } else if (vector instanceof TimeStampMilliVector v) {
      return v::get;
    } else if (vector instanceof DateDayVector v) {
      return v::get;
    } else if (vector instanceof TimeMilliVector v) {
      return v::get;
    }
    throw new IllegalArgumentException("not an integer vector: " + vector.getMinorType());
  }

  /** COUNT(*) or COUNT(args): rows whose arguments are all non-NULL. */
  static final class Count extends Accumulator {
    private static final int COUNTS = 0;

    Count() {
      super(new GroupColumns().withLongs());
    }

    @Override
    void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
      add(arguments, groups, rows, count, false);
    }

    /** Counts (or, with {@code retract}, uncounts) rows {@code rows[0, count)}. */
    void add(FieldVector[] arguments, int[] groups, int[] rows, int count, boolean retract) {
      long[] counts = columns.longs(COUNTS);
      long sign = retract ? -1 : 1;
      outer:
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        for (FieldVector argument : arguments) {
          if (argument.isNull(row)) {
            continue outer;
          }
        }
        counts[groups[row]] += sign;
      }
    }

    @Override
    void write(int group, FieldVector out, int row) {
      Vectors.setLong(out, row, columns.longs(COUNTS)[group]);
    }

    @Override
    void merge(int group, Accumulator source, int sourceGroup) {
      columns.addGroup(group, source.columns, sourceGroup);
    }
  }

  /**
   * Base of SUM, SUM0 and AVG: the count of non-NULL values per group (column {@link #COUNTS},
   * followed by the subclass's sums) and how empty groups end. Rows can be added or, for a
   * continuous aggregation, taken back: see {@link #add}.
   */
  abstract static class Sum extends Accumulator {
    static final int COUNTS = 0;
    static final int SUMS = 1;
    final boolean average;
    final boolean zeroWhenEmpty;

    /** @param columns the layout after the counts: the sums' column(s) */
    Sum(boolean average, boolean zeroWhenEmpty, GroupColumns columns) {
      super(columns);
      this.average = average;
      this.zeroWhenEmpty = zeroWhenEmpty;
    }

    /** Adds (or, with {@code retract}, subtracts) the non-NULL values of rows {@code rows[0, count)}. */
    abstract void add(FieldVector[] arguments, int[] groups, int[] rows, int count, boolean retract);

    @Override
    final void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
      add(arguments, groups, rows, count, false);
    }

    /** Adds the counts and sums; {@link DecimalSum} overrides this for its wide sums. */
    @Override
    void merge(int group, Accumulator source, int sourceGroup) {
      columns.addGroup(group, source.columns, sourceGroup);
    }

    /** The number of values {@code group} holds (added minus retracted). */
    final long count(int group) {
      return columns.longs(COUNTS)[group];
    }

    @Override
    final void write(int group, FieldVector out, int row) {
      if (count(group) == 0 && !zeroWhenEmpty) {
        Vectors.setNull(out, row);
      } else {
        writeValue(group, out, row);
      }
    }

    abstract void writeValue(int group, FieldVector out, int row);
  }

  /** SUM/AVG of exact integers (and intervals) in longs; AVG of an exact result truncates. */
  static final class LongSum extends Sum {
    LongSum(boolean average, boolean zeroWhenEmpty) {
      super(average, zeroWhenEmpty, new GroupColumns().withLongs().withLongs());
    }

    @Override
    void add(FieldVector[] arguments, int[] groups, int[] rows, int count, boolean retract) {
      long[] counts = columns.longs(COUNTS);
      long[] sums = columns.longs(SUMS);
      FieldVector vector = arguments[0];
      LongReader values = longReader(vector);
      long sign = retract ? -1 : 1;
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (!vector.isNull(row)) {
          int group = groups[row];
          sums[group] += sign * values.get(row);
          counts[group] += sign;
        }
      }
    }

    @Override
    void writeValue(int group, FieldVector out, int row) {
      long sum = columns.longs(SUMS)[group];
      long count = count(group);
      if (!average) {
        Vectors.setLong(out, row, sum);
      } else if (out instanceof Float8Vector || out instanceof Float4Vector) {
        Vectors.setDouble(out, row, (double) sum / count);
      } else if (out instanceof DecimalVector decimal) {
        Vectors.setDecimal(decimal, row,
            BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), decimal.getScale(), RoundingMode.HALF_UP));
      } else {
        Vectors.setLong(out, row, count == 0 ? 0 : sum / count);
      }
    }
  }

  /** SUM/AVG of FLOAT/DOUBLE in doubles. */
  static final class DoubleSum extends Sum {
    DoubleSum(boolean average, boolean zeroWhenEmpty) {
      super(average, zeroWhenEmpty, new GroupColumns().withLongs().withDoubles());
    }

    @Override
    void add(FieldVector[] arguments, int[] groups, int[] rows, int count, boolean retract) {
      long[] counts = columns.longs(COUNTS);
      double[] sums = columns.doubles(SUMS);
      FieldVector vector = arguments[0];
      // Multiplying by -1 or 1 is exact, so a retraction subtracts precisely the value added.
      long sign = retract ? -1 : 1;
      if (vector instanceof Float8Vector doubles) {
        for (int i = 0; i < count; i++) {
          int row = rows[i];
          if (!doubles.isNull(row)) {
            sums[groups[row]] += sign * doubles.get(row);
            counts[groups[row]] += sign;
          }
        }
      } else {
        Float4Vector floats = (Float4Vector) vector;
        for (int i = 0; i < count; i++) {
          int row = rows[i];
          if (!floats.isNull(row)) {
            sums[groups[row]] += sign * (double) floats.get(row);
            counts[groups[row]] += sign;
          }
        }
      }
    }

    @Override
    void writeValue(int group, FieldVector out, int row) {
      double sum = columns.doubles(SUMS)[group];
      long count = count(group);
      Vectors.setDouble(out, row, average && count > 0 ? sum / count : sum);
    }
  }

  /**
   * SUM/AVG of DECIMAL on unscaled longs read straight from the 128-bit vector slots; a
   * group moves to BigInteger (column {@link #WIDE}) only if its sum (or an input) does not fit a long.
   */
  static final class DecimalSum extends Sum {
    private static final int WIDE = 2;
    private final int inputScale;

    DecimalSum(boolean average, boolean zeroWhenEmpty, int inputScale) {
      super(average, zeroWhenEmpty, new GroupColumns().withLongs().withLongs().withObjects(BigInteger.class));
      this.inputScale = inputScale;
    }

    @Override
    void add(FieldVector[] arguments, int[] groups, int[] rows, int count, boolean retract) {
      long[] counts = columns.longs(COUNTS);
      long[] sums = columns.longs(SUMS);
      BigInteger[] wide = columns.objects(WIDE);
      DecimalVector vector = (DecimalVector) arguments[0];
      ArrowBuf data = vector.getDataBuffer();
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (vector.isNull(row)) {
          continue;
        }
        int group = groups[row];
        counts[group] += retract ? -1 : 1;
        long low = data.getLong((long) row * DecimalVector.TYPE_WIDTH);
        long high = data.getLong((long) row * DecimalVector.TYPE_WIDTH + 8);
        if (wide[group] == null && high == (low >> 63)) {
          long current = sums[group];
          long sum = retract ? current - low : current + low;
          // An addition overflows iff both operands share a sign the result lacks; a subtraction
          // iff the operands' signs differ and the result's differs from the minuend's.
          boolean overflow = retract
              ? ((current ^ low) & (current ^ sum)) < 0
              : ((current ^ sum) & (low ^ sum)) < 0;
          if (!overflow) {
            sums[group] = sum;
            continue;
          }
        }
        BigInteger current = wide[group] != null ? wide[group] : BigInteger.valueOf(sums[group]);
        BigInteger value = vector.getObject(row).unscaledValue();
        wide[group] = retract ? current.subtract(value) : current.add(value);
      }
    }

    /** Counts and long sums as blocks; the groups that outgrew a long as their two's-complement bytes. */
    @Override
    void snapshot(StateWriter state, int groups) {
      columns.snapshot(state, groups);
      BigInteger[] wide = columns.objects(WIDE);
      byte[][] wideBytes = new byte[groups][];
      for (int group = 0; group < groups; group++) {
        wideBytes[group] = wide[group] == null ? null : wide[group].toByteArray();
      }
      state.writeByteArrays(wideBytes, groups);
    }

    @Override
    void restore(StateReader state, int groups) {
      columns.restore(state, groups);
      BigInteger[] wide = columns.objects(WIDE);
      byte[][] wideBytes = state.readByteArrays(0);
      for (int group = 0; group < groups; group++) {
        wide[group] = wideBytes[group] == null ? null : new BigInteger(wideBytes[group]);
      }
    }

    private BigInteger unscaled(int group) {
      BigInteger wide = columns.<BigInteger>objects(WIDE)[group];
      return wide != null ? wide : BigInteger.valueOf(columns.longs(SUMS)[group]);
    }

    @Override
    void merge(int group, Accumulator source, int sourceGroup) {
      DecimalSum other = (DecimalSum) source;
      columns.longs(COUNTS)[group] += other.count(sourceGroup);
      BigInteger sum = unscaled(group).add(other.unscaled(sourceGroup));
      BigInteger[] wide = columns.objects(WIDE);
      if (sum.bitLength() < 64) {
        columns.longs(SUMS)[group] = sum.longValue();
        wide[group] = null;
      } else {
        wide[group] = sum;
      }
    }

    @Override
    void writeValue(int group, FieldVector out, int row) {
      BigDecimal sum = new BigDecimal(unscaled(group), inputScale);
      if (out instanceof Float8Vector || out instanceof Float4Vector) {
        Vectors.setDouble(out, row, average ? sum.doubleValue() / count(group) : sum.doubleValue());
        return;
      }
      DecimalVector decimal = (DecimalVector) out;
      BigDecimal value = average
          ? sum.divide(BigDecimal.valueOf(count(group)), decimal.getScale(), RoundingMode.HALF_UP)
          : sum;
      Vectors.setDecimal(decimal, row, value);
    }
  }

  /**
   * MIN/MAX of strings and binaries: the best bytes per group. Variable-width Arrow vectors
   * cannot be overwritten out of order, so these are the one per-group objects.
   */
  static final class MinMaxBytes extends Accumulator {
    private static final int BEST = 0;
    private final boolean max;

    MinMaxBytes(boolean max) {
      super(new GroupColumns().withByteArrays());
      this.max = max;
    }

    @Override
    void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
      byte[][] best = columns.byteArrays(BEST);
      BaseVariableWidthVector vector = (BaseVariableWidthVector) arguments[0];
      ArrowBuf data = vector.getDataBuffer();
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (vector.isNull(row)) {
          continue;
        }
        int group = groups[row];
        int start = vector.getStartOffset(row);
        int end = vector.getEndOffset(row);
        byte[] current = best[group];
        if (current == null) {
          best[group] = copy(data, start, end);
        } else {
          int order = ByteFunctionHelpers.compare(data, start, end, current, 0, current.length);
          if (max ? order > 0 : order < 0) {
            best[group] = copy(data, start, end);
          }
        }
      }
    }

    private static byte[] copy(ArrowBuf data, int start, int end) {
      byte[] bytes = new byte[end - start];
      data.getBytes(start, bytes);
      return bytes;
    }

    @Override
    void write(int group, FieldVector out, int row) {
      byte[] best = columns.byteArrays(BEST)[group];
      if (best == null) {
        Vectors.setNull(out, row);
      } else {
        ((BaseVariableWidthVector) out).setSafe(row, best, 0, best.length);
      }
    }

    @Override
    void merge(int group, Accumulator source, int sourceGroup) {
      byte[] candidate = source.columns.byteArrays(BEST)[sourceGroup];
      if (candidate == null) {
        return;
      }
      byte[][] best = columns.byteArrays(BEST);
      byte[] current = best[group];
      if (current == null) {
        best[group] = candidate;
        return;
      }
      int order = Arrays.compareUnsigned(candidate, current);
      if (max ? order > 0 : order < 0) {
        best[group] = candidate;
      }
    }
  }

  /** MIN/MAX of fixed-width kinds: the best value per group kept in an Arrow vector slot. */
  static final class MinMax extends Accumulator {
    private final boolean max;
    private final FieldVector best;
    private final BufferAllocator allocator;
    private CellComparator comparator;
    private int capacity;

    MinMax(boolean max, FieldVector best, BufferAllocator allocator) {
      super(new GroupColumns());
      this.max = max;
      this.best = best;
      this.allocator = allocator;
    }

    @Override
    void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
      FieldVector vector = arguments[0];
      if (comparator == null) {
        comparator = CellComparator.forVector(vector);
      }
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (vector.isNull(row)) {
          continue;
        }
        int group = groups[row];
        if (best.isNull(group)) {
          best.copyFromSafe(row, group, vector);
        } else {
          int order = comparator.compare(vector, row, best, group);
          if (max ? order > 0 : order < 0) {
            best.copyFromSafe(row, group, vector);
          }
        }
      }
    }

    @Override
    void ensureGroups(int groups) {
      // New slots must read as NULL: fixed-width vectors zero their validity when they grow.
      while (groups > capacity) {
        int target = Math.max(groups, Math.max(16, capacity * 2));
        allocateSlots(best, capacity, target);
        for (int g = capacity; g < target; g++) {
          Vectors.setNull(best, g);
        }
        capacity = target;
      }
    }

    /** The best values as one Arrow IPC batch of the argument's type. */
    @Override
    void snapshot(StateWriter state, int groups) {
      VectorSchemaRoot view = new VectorSchemaRoot(List.of(best));
      if (capacity == 0) {
        ensureGroups(1);
      }
      state.writeRoot(view, groups);
    }

    @Override
    void restore(StateReader state, int groups) {
      try (VectorSchemaRoot saved = state.readRoot(allocator)) {
        ensureGroups(Math.max(1, groups));
        FieldVector values = saved.getVector(0);
        for (int group = 0; group < groups; group++) {
          best.copyFromSafe(group, group, values);
        }
      }
    }

    @Override
    void write(int group, FieldVector out, int row) {
      out.copyFromSafe(group, row, best);
    }

    @Override
    void merge(int group, Accumulator source, int sourceGroup) {
      FieldVector other = ((MinMax) source).best;
      if (other.isNull(sourceGroup)) {
        return;
      }
      if (comparator == null) {
        comparator = CellComparator.forVector(best);
      }
      if (best.isNull(group)) {
        best.copyFromSafe(sourceGroup, group, other);
      } else {
        int order = comparator.compare(other, sourceGroup, best, group);
        if (max ? order > 0 : order < 0) {
          best.copyFromSafe(sourceGroup, group, other);
        }
      }
    }

    @Override
    void clear(int group) {
      Vectors.setNull(best, group);
    }

    @Override
    public void close() {
      best.close();
    }
  }
}
