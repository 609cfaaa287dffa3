package io.sluice.runtime.operator;

import io.sluice.plan.AggregateKind;
import io.sluice.runtime.batch.Vectors;
import java.math.BigDecimal;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;

/**
 * The state of the two-argument statistics (REGR_SLOPE, REGR_INTERCEPT, REGR_R2, REGR_COUNT,
 * CORR, COVAR_POP, COVAR_SAMP) per group: count, both means, both sums of squared deviations
 * and the sum of co-deviations, updated one pair at a time (Welford) and merged by Chan's formula.
 * Arguments are (y, x) as in SQL: the dependent variable comes first.
 */
final class PairMoments extends Accumulator {
  private static final int COUNTS = 0;
  private static final int MEAN_Y = 1;
  private static final int MEAN_X = 2;
  private static final int SXX = 3;
  private static final int SYY = 4;
  private static final int SXY = 5;

  private final AggregateKind kind;

  PairMoments(AggregateKind kind) {
    super(new GroupColumns().withLongs().withDoubles().withDoubles().withDoubles().withDoubles().withDoubles());
    this.kind = kind;
  }

  @Override
  void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
    long[] counts = columns.longs(COUNTS);
    double[] meanY = columns.doubles(MEAN_Y);
    double[] meanX = columns.doubles(MEAN_X);
    double[] sxx = columns.doubles(SXX);
    double[] syy = columns.doubles(SYY);
    double[] sxy = columns.doubles(SXY);
    FieldVector yVector = arguments[0];
    FieldVector xVector = arguments[1];
    Moments.DoubleReader ys = Moments.doubleReader(yVector);
    Moments.DoubleReader xs = Moments.doubleReader(xVector);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (yVector.isNull(row) || xVector.isNull(row)) {
        continue;
      }
      int group = groups[row];
      double y = ys.get(row);
      double x = xs.get(row);
      long n = ++counts[group];
      double dx = x - meanX[group];
      double dy = y - meanY[group];
      meanX[group] += dx / n;
      meanY[group] += dy / n;
      sxx[group] += dx * (x - meanX[group]);
      syy[group] += dy * (y - meanY[group]);
      sxy[group] += dx * (y - meanY[group]);
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
    double[] meanY = columns.doubles(MEAN_Y);
    double[] meanX = columns.doubles(MEAN_X);
    long n1 = counts[group];
    long n = n1 + n2;
    double dx = from.doubles(MEAN_X)[sourceGroup] - meanX[group];
    double dy = from.doubles(MEAN_Y)[sourceGroup] - meanY[group];
    double weight = (double) n1 * n2 / n;
    columns.doubles(SXX)[group] += from.doubles(SXX)[sourceGroup] + dx * dx * weight;
    columns.doubles(SYY)[group] += from.doubles(SYY)[sourceGroup] + dy * dy * weight;
    columns.doubles(SXY)[group] += from.doubles(SXY)[sourceGroup] + dx * dy * weight;
    meanX[group] += dx * n2 / n;
    meanY[group] += dy * n2 / n;
    counts[group] = n;
  }

  @Override
  void write(int group, FieldVector out, int row) {
    long n = columns.longs(COUNTS)[group];
    if (kind == AggregateKind.REGR_COUNT) {
      Vectors.setLong(out, row, n);
      return;
    }
    double meanY = columns.doubles(MEAN_Y)[group];
    double meanX = columns.doubles(MEAN_X)[group];
    double sxx = columns.doubles(SXX)[group];
    double syy = columns.doubles(SYY)[group];
    double sxy = columns.doubles(SXY)[group];
    double value = switch (kind) {
      case REGR_SLOPE -> n == 0 || sxx == 0 ? Double.NaN : sxy / sxx;
      case REGR_INTERCEPT -> n == 0 || sxx == 0 ? Double.NaN : meanY - sxy / sxx * meanX;
      case REGR_R2 -> n == 0 || sxx == 0 ? Double.NaN : syy == 0 ? 1.0 : sxy * sxy / (sxx * syy);
      case CORR -> n == 0 || sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
      case COVAR_POP -> n == 0 ? Double.NaN : sxy / n;
      case COVAR_SAMP -> n < 2 ? Double.NaN : sxy / (n - 1);
      default -> throw new IllegalStateException("PairMoments cannot compute " + kind);
    };
    if (Double.isNaN(value)) {
      Vectors.setNull(out, row);
    } else if (out instanceof Float8Vector || out instanceof Float4Vector) {
      Vectors.setDouble(out, row, value);
    } else if (out instanceof DecimalVector decimal) {
      Vectors.setDecimal(decimal, row, BigDecimal.valueOf(value));
    } else {
      // Calcite types COVAR_POP/COVAR_SAMP of integers as integers; truncate as VAR_POP does.
      Vectors.setLong(out, row, (long) value);
    }
  }
}
