package io.sluice.runtime.operator;

import io.sluice.plan.AggregateKind;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;

/**
 * The state of STDDEV_POP/STDDEV_SAMP/VAR_POP/VAR_SAMP per group: count, mean and the sum of
 * squared deviations (Welford's update; Chan's formula to merge two groups), in doubles.
 * Exact integer results truncate, as Flink does for an integer argument.
 */
final class Moments extends Accumulator {
  private final AggregateKind kind;
  private long[] counts = new long[16];
  private double[] means = new double[16];
  private double[] squares = new double[16];

  Moments(AggregateKind kind) {
    this.kind = kind;
  }

  @Override
  void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
    FieldVector vector = arguments[0];
    DoubleReader values = doubleReader(vector);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (!vector.isNull(row)) {
        add(groups[row], values.get(row));
      }
    }
  }

  private void add(int group, double value) {
    long n = ++counts[group];
    double delta = value - means[group];
    means[group] += delta / n;
    squares[group] += delta * (value - means[group]);
  }

  @Override
  boolean supportsCheckpoints() {
    return true;
  }

  @Override
  void snapshot(StateWriter state, int groups) {
    state.writeLongs(counts, groups);
    state.writeDoubles(means, groups);
    state.writeDoubles(squares, groups);
  }

  @Override
  void restore(StateReader state, int groups) {
    counts = state.readLongs(counts.length);
    means = state.readDoubles(counts.length);
    squares = state.readDoubles(counts.length);
  }

  @Override
  void ensureGroups(int groups) {
    if (groups > counts.length) {
      int capacity = Math.max(groups, counts.length * 2);
      counts = Arrays.copyOf(counts, capacity);
      means = Arrays.copyOf(means, capacity);
      squares = Arrays.copyOf(squares, capacity);
    }
  }

  @Override
  void merge(int group, Accumulator source, int sourceGroup) {
    Moments other = (Moments) source;
    long n2 = other.counts[sourceGroup];
    if (n2 == 0) {
      return;
    }
    long n1 = counts[group];
    long n = n1 + n2;
    double delta = other.means[sourceGroup] - means[group];
    squares[group] += other.squares[sourceGroup] + delta * delta * ((double) n1 * n2 / n);
    means[group] += delta * n2 / n;
    counts[group] = n;
  }

  @Override
  void clear(int group) {
    counts[group] = 0;
    means[group] = 0;
    squares[group] = 0;
  }

  @Override
  void write(int group, FieldVector out, int row) {
    long n = counts[group];
    boolean sample = kind == AggregateKind.STDDEV_SAMP || kind == AggregateKind.VAR_SAMP;
    if (n == 0 || (sample && n == 1)) {
      Vectors.setNull(out, row);
      return;
    }
    double variance = Math.max(0, squares[group]) / (sample ? n - 1 : n);
    double value = kind == AggregateKind.STDDEV_POP || kind == AggregateKind.STDDEV_SAMP ? Math.sqrt(variance) : variance;
    if (out instanceof Float8Vector || out instanceof Float4Vector) {
      Vectors.setDouble(out, row, value);
    } else if (out instanceof DecimalVector decimal) {
      Vectors.setDecimal(decimal, row, BigDecimal.valueOf(value).setScale(decimal.getScale(), RoundingMode.DOWN));
    } else {
      Vectors.setLong(out, row, (long) value);
    }
  }

  /** A typed view reading a numeric vector as doubles. */
  @FunctionalInterface
  interface DoubleReader {
    double get(int row);
  }

  static DoubleReader doubleReader(FieldVector vector) {
    if (vector instanceof Float8Vector v) {
      return v::get;
    } else if (vector instanceof Float4Vector v) {
      return v::get;
    } else if (vector instanceof DecimalVector v) {
      return row -> v.getObject(row).doubleValue();
    }
    LongReader longs = longReader(vector);
    return longs::get;
  }
}
