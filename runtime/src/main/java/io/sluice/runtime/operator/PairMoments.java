package io.sluice.runtime.operator;

import io.sluice.plan.AggregateKind;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.math.BigDecimal;
import java.util.Arrays;
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
  private final AggregateKind kind;
  private long[] counts = new long[16];
  private double[] meanY = new double[16];
  private double[] meanX = new double[16];
  private double[] sxx = new double[16];
  private double[] syy = new double[16];
  private double[] sxy = new double[16];

  PairMoments(AggregateKind kind) {
    this.kind = kind;
  }

  @Override
  void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
    FieldVector yVector = arguments[0];
    FieldVector xVector = arguments[1];
    Moments.DoubleReader ys = Moments.doubleReader(yVector);
    Moments.DoubleReader xs = Moments.doubleReader(xVector);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (!yVector.isNull(row) && !xVector.isNull(row)) {
        add(groups[row], ys.get(row), xs.get(row));
      }
    }
  }

  private void add(int group, double y, double x) {
    long n = ++counts[group];
    double dx = x - meanX[group];
    double dy = y - meanY[group];
    meanX[group] += dx / n;
    meanY[group] += dy / n;
    sxx[group] += dx * (x - meanX[group]);
    syy[group] += dy * (y - meanY[group]);
    sxy[group] += dx * (y - meanY[group]);
  }

  @Override
  boolean supportsCheckpoints() {
    return true;
  }

  @Override
  void snapshot(StateWriter state, int groups) {
    state.writeLongs(counts, groups);
    state.writeDoubles(meanY, groups);
    state.writeDoubles(meanX, groups);
    state.writeDoubles(sxx, groups);
    state.writeDoubles(syy, groups);
    state.writeDoubles(sxy, groups);
  }

  @Override
  void restore(StateReader state, int groups) {
    counts = state.readLongs(counts.length);
    meanY = state.readDoubles(counts.length);
    meanX = state.readDoubles(counts.length);
    sxx = state.readDoubles(counts.length);
    syy = state.readDoubles(counts.length);
    sxy = state.readDoubles(counts.length);
  }

  @Override
  void ensureGroups(int groups) {
    if (groups > counts.length) {
      int capacity = Math.max(groups, counts.length * 2);
      counts = Arrays.copyOf(counts, capacity);
      meanY = Arrays.copyOf(meanY, capacity);
      meanX = Arrays.copyOf(meanX, capacity);
      sxx = Arrays.copyOf(sxx, capacity);
      syy = Arrays.copyOf(syy, capacity);
      sxy = Arrays.copyOf(sxy, capacity);
    }
  }

  @Override
  void merge(int group, Accumulator source, int sourceGroup) {
    PairMoments other = (PairMoments) source;
    long n2 = other.counts[sourceGroup];
    if (n2 == 0) {
      return;
    }
    long n1 = counts[group];
    long n = n1 + n2;
    double dx = other.meanX[sourceGroup] - meanX[group];
    double dy = other.meanY[sourceGroup] - meanY[group];
    double weight = (double) n1 * n2 / n;
    sxx[group] += other.sxx[sourceGroup] + dx * dx * weight;
    syy[group] += other.syy[sourceGroup] + dy * dy * weight;
    sxy[group] += other.sxy[sourceGroup] + dx * dy * weight;
    meanX[group] += dx * n2 / n;
    meanY[group] += dy * n2 / n;
    counts[group] = n;
  }

  @Override
  void clear(int group) {
    counts[group] = 0;
    meanY[group] = 0;
    meanX[group] = 0;
    sxx[group] = 0;
    syy[group] = 0;
    sxy[group] = 0;
  }

  @Override
  void write(int group, FieldVector out, int row) {
    long n = counts[group];
    if (kind == AggregateKind.REGR_COUNT) {
      Vectors.setLong(out, row, n);
      return;
    }
    double value = switch (kind) {
      case REGR_SLOPE -> n == 0 || sxx[group] == 0 ? Double.NaN : sxy[group] / sxx[group];
      case REGR_INTERCEPT -> n == 0 || sxx[group] == 0 ? Double.NaN
          : meanY[group] - sxy[group] / sxx[group] * meanX[group];
      case REGR_R2 -> n == 0 || sxx[group] == 0 ? Double.NaN
          : syy[group] == 0 ? 1.0 : sxy[group] * sxy[group] / (sxx[group] * syy[group]);
      case CORR -> n == 0 || sxx[group] == 0 || syy[group] == 0 ? Double.NaN
          : sxy[group] / Math.sqrt(sxx[group] * syy[group]);
      case COVAR_POP -> n == 0 ? Double.NaN : sxy[group] / n;
      case COVAR_SAMP -> n < 2 ? Double.NaN : sxy[group] / (n - 1);
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
