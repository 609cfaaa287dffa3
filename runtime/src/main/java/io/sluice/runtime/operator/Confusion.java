package io.sluice.runtime.operator;

import io.sluice.plan.AggregateKind;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.Arrays;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * The state of the classification metrics per group: the four cells of the binary confusion
 * matrix for ACCURACY/PRECISION/RECALL/F1_SCORE (ACCURACY counts equal pairs, so it also works
 * for several classes), or the summed log-loss and the count for LOG_LOSS.
 */
final class Confusion extends Accumulator {
  private static final double EPSILON = 1e-15;

  private final AggregateKind kind;
  private long[] truePositives = new long[16];
  private long[] falsePositives = new long[16];
  private long[] falseNegatives = new long[16];
  private long[] matches = new long[16];
  private long[] counts = new long[16];
  private double[] losses = new double[16];

  Confusion(AggregateKind kind) {
    this.kind = kind;
  }

  @Override
  void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
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
  boolean supportsCheckpoints() {
    return true;
  }

  @Override
  void snapshot(StateWriter state, int groups) {
    state.writeLongs(counts, groups);
    state.writeLongs(truePositives, groups);
    state.writeLongs(falsePositives, groups);
    state.writeLongs(falseNegatives, groups);
    state.writeLongs(matches, groups);
    state.writeDoubles(losses, groups);
  }

  @Override
  void restore(StateReader state, int groups) {
    counts = state.readLongs(counts.length);
    truePositives = state.readLongs(counts.length);
    falsePositives = state.readLongs(counts.length);
    falseNegatives = state.readLongs(counts.length);
    matches = state.readLongs(counts.length);
    losses = state.readDoubles(counts.length);
  }

  @Override
  void ensureGroups(int groups) {
    if (groups > counts.length) {
      int capacity = Math.max(groups, counts.length * 2);
      truePositives = Arrays.copyOf(truePositives, capacity);
      falsePositives = Arrays.copyOf(falsePositives, capacity);
      falseNegatives = Arrays.copyOf(falseNegatives, capacity);
      matches = Arrays.copyOf(matches, capacity);
      counts = Arrays.copyOf(counts, capacity);
      losses = Arrays.copyOf(losses, capacity);
    }
  }

  @Override
  void merge(int group, Accumulator source, int sourceGroup) {
    Confusion other = (Confusion) source;
    truePositives[group] += other.truePositives[sourceGroup];
    falsePositives[group] += other.falsePositives[sourceGroup];
    falseNegatives[group] += other.falseNegatives[sourceGroup];
    matches[group] += other.matches[sourceGroup];
    counts[group] += other.counts[sourceGroup];
    losses[group] += other.losses[sourceGroup];
  }

  @Override
  void clear(int group) {
    truePositives[group] = 0;
    falsePositives[group] = 0;
    falseNegatives[group] = 0;
    matches[group] = 0;
    counts[group] = 0;
    losses[group] = 0;
  }

  @Override
  void write(int group, FieldVector out, int row) {
    if (counts[group] == 0) {
      Vectors.setNull(out, row);
      return;
    }
    long tp = truePositives[group];
    long fp = falsePositives[group];
    long fn = falseNegatives[group];
    double value = switch (kind) {
      case ACCURACY_SCORE -> (double) matches[group] / counts[group];
      case PRECISION_SCORE -> tp + fp == 0 ? 0 : (double) tp / (tp + fp);
      case RECALL_SCORE -> tp + fn == 0 ? 0 : (double) tp / (tp + fn);
      case F1_SCORE -> 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
      case LOG_LOSS -> losses[group] / counts[group];
      default -> throw new IllegalStateException("Confusion cannot compute " + kind);
    };
    Vectors.setDouble(out, row, value);
  }
}
