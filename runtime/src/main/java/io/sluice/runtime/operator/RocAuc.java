package io.sluice.runtime.operator;

import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.Arrays;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * The state of ROC_AUC_SCORE(probability, actual) per group: every score, split by the actual
 * class, so the result is exact (memory grows with the group's rows: 8 bytes a row). The area
 * is the Mann-Whitney statistic: the fraction of (positive, negative) pairs the scores order
 * correctly, ties counting one half, as scikit-learn's roc_auc_score computes it.
 */
final class RocAuc extends Accumulator {
  private static final int POSITIVES = 0;
  private static final int NEGATIVES = 1;
  private static final int POSITIVE_COUNTS = 2;
  private static final int NEGATIVE_COUNTS = 3;

  RocAuc() {
    super(new GroupColumns().withObjects(double[].class).withObjects(double[].class).withInts().withInts());
  }

  @Override
  void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
    double[][] positives = columns.objects(POSITIVES);
    double[][] negatives = columns.objects(NEGATIVES);
    int[] positiveCounts = columns.ints(POSITIVE_COUNTS);
    int[] negativeCounts = columns.ints(NEGATIVE_COUNTS);
    FieldVector scoreVector = arguments[0];
    FieldVector actualVector = arguments[1];
    Moments.DoubleReader scores = Moments.doubleReader(scoreVector);
    Moments.DoubleReader actual = actualVector instanceof BitVector bits ? bits::get : Moments.doubleReader(actualVector);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (scoreVector.isNull(row) || actualVector.isNull(row)) {
        continue;
      }
      int group = groups[row];
      if (actual.get(row) == 1) {
        positives[group] = append(positives[group], positiveCounts[group]++, scores.get(row));
      } else {
        negatives[group] = append(negatives[group], negativeCounts[group]++, scores.get(row));
      }
    }
  }

  private static double[] append(double[] values, int size, double value) {
    if (values == null) {
      values = new double[16];
    } else if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size] = value;
    return values;
  }

  @Override
  void merge(int group, Accumulator source, int sourceGroup) {
    double[][] positives = columns.objects(POSITIVES);
    double[][] negatives = columns.objects(NEGATIVES);
    int[] positiveCounts = columns.ints(POSITIVE_COUNTS);
    int[] negativeCounts = columns.ints(NEGATIVE_COUNTS);
    GroupColumns from = source.columns;
    // Copy the source's counts first: a group may merge into itself.
    int otherPositives = from.ints(POSITIVE_COUNTS)[sourceGroup];
    int otherNegatives = from.ints(NEGATIVE_COUNTS)[sourceGroup];
    double[] fromPositives = from.<double[]>objects(POSITIVES)[sourceGroup];
    double[] fromNegatives = from.<double[]>objects(NEGATIVES)[sourceGroup];
    for (int i = 0; i < otherPositives; i++) {
      positives[group] = append(positives[group], positiveCounts[group]++, fromPositives[i]);
    }
    for (int i = 0; i < otherNegatives; i++) {
      negatives[group] = append(negatives[group], negativeCounts[group]++, fromNegatives[i]);
    }
  }

  /** Per group its positive and then its negative scores, as blocks in arrival order. */
  @Override
  void snapshot(StateWriter state, int groups) {
    for (int group = 0; group < groups; group++) {
      writeScores(state, columns.<double[]>objects(POSITIVES)[group], columns.ints(POSITIVE_COUNTS)[group]);
      writeScores(state, columns.<double[]>objects(NEGATIVES)[group], columns.ints(NEGATIVE_COUNTS)[group]);
    }
  }

  private static void writeScores(StateWriter state, double[] scores, int count) {
    state.writeDoubles(scores == null ? new double[0] : scores, count);
  }

  @Override
  void restore(StateReader state, int groups) {
    ensureGroups(groups);
    double[][] positives = columns.objects(POSITIVES);
    double[][] negatives = columns.objects(NEGATIVES);
    for (int group = 0; group < groups; group++) {
      double[] positive = state.readDoubles(0);
      double[] negative = state.readDoubles(0);
      positives[group] = positive.length == 0 ? null : positive;
      negatives[group] = negative.length == 0 ? null : negative;
      columns.ints(POSITIVE_COUNTS)[group] = positive.length;
      columns.ints(NEGATIVE_COUNTS)[group] = negative.length;
    }
  }

  @Override
  void write(int group, FieldVector out, int row) {
    int p = columns.ints(POSITIVE_COUNTS)[group];
    int n = columns.ints(NEGATIVE_COUNTS)[group];
    if (p == 0 || n == 0) {
      // scikit-learn raises here: the area is undefined with one class only.
      Vectors.setNull(out, row);
      return;
    }
    Vectors.setDouble(out, row, area(Arrays.copyOf(columns.<double[]>objects(POSITIVES)[group], p),
        Arrays.copyOf(columns.<double[]>objects(NEGATIVES)[group], n)));
  }

  /** The Mann-Whitney area: sorts both sides and walks them once. */
  static double area(double[] positive, double[] negative) {
    Arrays.sort(positive);
    Arrays.sort(negative);
    double pairs = 0;
    int below = 0;
    for (int i = 0; i < positive.length; ) {
      double score = positive[i];
      int run = i;
      while (run < positive.length && positive[run] == score) {
        run++;
      }
      while (below < negative.length && negative[below] < score) {
        below++;
      }
      int equal = below;
      while (equal < negative.length && negative[equal] == score) {
        equal++;
      }
      pairs += (run - i) * (below + (equal - below) / 2.0);
      i = run;
    }
    return pairs / ((double) positive.length * negative.length);
  }
}
