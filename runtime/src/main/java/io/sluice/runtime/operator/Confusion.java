package io.sluice.runtime.operator;

import io.sluice.plan.AggregateKind;
import io.sluice.runtime.batch.Vectors;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * The state of the classification metrics per group: the four cells of the binary confusion
 * matrix for ACCURACY/PRECISION/RECALL/F1_SCORE (ACCURACY counts equal pairs, so it also works
 * for several classes), or the summed log-loss and the count for LOG_LOSS.
 */
final class Confusion extends Accumulator {
  private static final double EPSILON = 1e-15;

  private static final int COUNTS = 0;
  private static final int TRUE_POSITIVES = 1;
  private static final int FALSE_POSITIVES = 2;
  private static final int FALSE_NEGATIVES = 3;
  private static final int MATCHES = 4;
  private static final int LOSSES = 5;

  private final AggregateKind kind;

  Confusion(AggregateKind kind) {
    super(new GroupColumns().withLongs().withLongs().withLongs().withLongs().withLongs().withDoubles());
    this.kind = kind;
  }

  @Override
  void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
    long[] counts = columns.longs(COUNTS);
    long[] truePositives = columns.longs(TRUE_POSITIVES);
    long[] falsePositives = columns.longs(FALSE_POSITIVES);
    long[] falseNegatives = columns.longs(FALSE_NEGATIVES);
    long[] matches = columns.longs(MATCHES);
    double[] losses = columns.doubles(LOSSES);
    FieldVector predictedVector = arguments[0];
    FieldVector actualVector = arguments[1];
    Moments.DoubleReader predicted = reader(predictedVector);
    Moments.DoubleReader actual = reader(actualVector);
    boolean logLoss = kind == AggregateKind.LOG_LOSS;
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (predictedVector.isNull(row) || actualVector.isNull(row)) {
        continue;
      }
      int group = groups[row];
      double p = predicted.get(row);
      double y = actual.get(row);
      counts[group]++;
      if (logLoss) {
        double clipped = Math.min(Math.max(p, EPSILON), 1 - EPSILON);
        losses[group] -= y == 1 ? Math.log(clipped) : Math.log(1 - clipped);
        continue;
      }
      boolean predictedPositive = p == 1;
      boolean actualPositive = y == 1;
      if (p == y) {
        matches[group]++;
      }
      if (predictedPositive && actualPositive) {
        truePositives[group]++;
      } else if (predictedPositive) {
        falsePositives[group]++;
      } else if (actualPositive) {
        falseNegatives[group]++;
      }
    }
  }

  private static Moments.DoubleReader reader(FieldVector vector) {
    if (vector instanceof BitVector bits) {
      return row -> bits.get(row);
    }
    return Moments.doubleReader(vector);
  }

  @Override
  void merge(int group, Accumulator source, int sourceGroup) {
    columns.addGroup(group, source.columns, sourceGroup);
  }

  @Override
  void write(int group, FieldVector out, int row) {
    long n = columns.longs(COUNTS)[group];
    if (n == 0) {
      Vectors.setNull(out, row);
      return;
    }
    long tp = columns.longs(TRUE_POSITIVES)[group];
    long fp = columns.longs(FALSE_POSITIVES)[group];
    long fn = columns.longs(FALSE_NEGATIVES)[group];
    double value = switch (kind) {
      case ACCURACY_SCORE -> (double) columns.longs(MATCHES)[group] / n;
      case PRECISION_SCORE -> tp + fp == 0 ? 0 : (double) tp / (tp + fp);
      case RECALL_SCORE -> tp + fn == 0 ? 0 : (double) tp / (tp + fn);
      case F1_SCORE -> 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
      case LOG_LOSS -> columns.doubles(LOSSES)[group] / n;
      default -> throw new IllegalStateException("Confusion cannot compute " + kind);
    };
    Vectors.setDouble(out, row, value);
  }
}
