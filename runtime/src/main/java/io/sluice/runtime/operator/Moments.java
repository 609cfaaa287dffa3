package io.sluice.runtime.operator;

import io.sluice.plan.AggregateKind;
import io.sluice.runtime.batch.Vectors;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
  private static final int COUNTS = 0;
  private static final int MEANS = 1;
  private static final int SQUARES = 2;

  private final AggregateKind kind;

  Moments(AggregateKind kind) {
    super(new GroupColumns().withLongs().withDoubles().withDoubles());
    this.kind = kind;
  }

  @Override
  void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
    long[] counts = columns.longs(COUNTS);
    double[] means = columns.doubles(MEANS);
    double[] squares = columns.doubles(SQUARES);
    FieldVector vector = arguments[0];
    DoubleReader values = doubleReader(vector);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (vector.isNull(row)) {
        continue;
      }
      int group = groups[row];
      double value = values.get(row);
      long n = ++counts[group];
      double delta = value - means[group];
      means[group] += delta / n;
      squares[group] += delta * (value - means[group]);
    }
  }

  @Override
  void merge(int group, Accumulator source, int sourceGroup) {
    GroupColumns from = source.columns;
    long n2 = from.longs(COUNTS)[sourceGroup];
    if (n2 == 0) {
      return;
    }
    long[] counts = columns.longs(COUNTS);
    double[] means = columns.doubles(MEANS);
    long n1 = counts[group];
    long n = n1 + n2;
    double delta = from.doubles(MEANS)[sourceGroup] - means[group];
    columns.doubles(SQUARES)[group] += from.doubles(SQUARES)[sourceGroup] + delta * delta * ((double) n1 * n2 / n);
    means[group] += delta * n2 / n;
    counts[group] = n;
  }

  @Override
  void write(int group, FieldVector out, int row) {
    long n = columns.longs(COUNTS)[group];
    boolean sample = kind == AggregateKind.STDDEV_SAMP || kind == AggregateKind.VAR_SAMP;
    if (n == 0 || (sample && n == 1)) {
      Vectors.setNull(out, row);
      return;
    }
    double variance = Math.max(0, columns.doubles(SQUARES)[group]) / (sample ? n - 1 : n);
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
