package io.sluice.runtime.operator;

import io.sluice.plan.AggregateKind;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.udf.ml.Model;
import io.sluice.udf.ml.ModelWriter;
import io.sluice.udf.ml.TrainingOptions;
import io.sluice.udf.ml.Training;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * The state of a TRAIN_* aggregate per group, and the model it makes at result time, written
 * as a one-line YAML model (VARCHAR). Rows with a NULL target, label or feature are skipped.
 *
 * <p>TRAIN_LINREG keeps the normal equations X'X and X'y (with a constant feature for the
 * intercept): (d + 1)(d + 2) doubles a group, summed on merge. TRAIN_LOGREG, TRAIN_SVM and
 * TRAIN_KMEANS keep the group's rows (8 (d + 1) bytes a row), concatenated on merge, and solve
 * over all of them when the result is written.
 */
final class ModelTrainer extends Accumulator {
  private final AggregateKind kind;
  /** Features per row: the arguments between the first (target, label or k) and the optional options text. */
  private final int features;
  private final boolean hasOptions;
  private TrainingOptions options;
  private int clusters = -1;
  private int[] counts = new int[16];
  /** TRAIN_LINREG: X'X (row-major) and X'y per group. */
  private double[][] grams;
  private double[][] moments;
  /** The other kinds: packed rows (features, then the label) per group. */
  private double[][] data;

  ModelTrainer(AggregateKind kind, int arguments, boolean hasOptions) {
    this.kind = kind;
    this.hasOptions = hasOptions;
    this.features = arguments - 1 - (hasOptions ? 1 : 0);
    if (kind == AggregateKind.TRAIN_LINREG) {
      grams = new double[16][];
      moments = new double[16][];
    } else {
      data = new double[16][];
    }
  }

  @Override
  void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
    if (count == 0) {
      return;
    }
    readConstants(arguments, rows[0]);
    FieldVector first = arguments[0];
    Moments.DoubleReader target = first instanceof BitVector bits ? bits::get : Moments.doubleReader(first);
    Moments.DoubleReader[] readers = new Moments.DoubleReader[features];
    for (int j = 0; j < features; j++) {
      readers[j] = Moments.doubleReader(arguments[j + 1]);
    }
    int p = features + 1;
    double[] x = new double[p];
    outer:
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      for (int j = 0; j <= features; j++) {
        if (arguments[j].isNull(row)) {
          continue outer;
        }
      }
      int group = groups[row];
      for (int j = 0; j < features; j++) {
        x[j] = readers[j].get(row);
      }
      if (kind == AggregateKind.TRAIN_LINREG) {
        x[features] = 1;
        double y = target.get(row);
        double[] gram = grams[group];
        if (gram == null) {
          gram = grams[group] = new double[p * p];
          moments[group] = new double[p];
        }
        double[] moment = moments[group];
        for (int a = 0; a < p; a++) {
          moment[a] += x[a] * y;
          for (int b = 0; b < p; b++) {
            gram[a * p + b] += x[a] * x[b];
          }
        }
        counts[group]++;
      } else {
        x[features] = kind == AggregateKind.TRAIN_KMEANS ? 0 : target.get(row);
        appendRow(group, x, 0);
      }
    }
  }

  /** The options text and k are constants of the call: read them from the first row seen. */
  private void readConstants(FieldVector[] arguments, int row) {
    if (options == null) {
      String text = null;
      if (hasOptions) {
        VarCharVector optionVector = (VarCharVector) arguments[arguments.length - 1];
        text = optionVector.isNull(row) ? null : new String(optionVector.get(row), StandardCharsets.UTF_8);
      }
      options = TrainingOptions.parse(kind.name(), text);
    }
    if (kind == AggregateKind.TRAIN_KMEANS && clusters < 0 && !arguments[0].isNull(row)) {
      clusters = (int) Accumulator.longReader(arguments[0]).get(row);
    }
  }

  private void appendRow(int group, double[] values, int offset) {
    int stride = features + 1;
    double[] rowsOfGroup = data[group];
    int used = counts[group] * stride;
    if (rowsOfGroup == null) {
      rowsOfGroup = data[group] = new double[16 * stride];
    } else if (used + stride > rowsOfGroup.length) {
      rowsOfGroup = data[group] = Arrays.copyOf(rowsOfGroup, rowsOfGroup.length * 2);
    }
    System.arraycopy(values, offset, rowsOfGroup, used, stride);
    counts[group]++;
  }

  @Override
  void ensureGroups(int groups) {
    if (groups > counts.length) {
      int capacity = Math.max(groups, counts.length * 2);
      counts = Arrays.copyOf(counts, capacity);
      if (grams != null) {
        grams = Arrays.copyOf(grams, capacity);
        moments = Arrays.copyOf(moments, capacity);
      } else {
        data = Arrays.copyOf(data, capacity);
      }
    }
  }

  @Override
  void merge(int group, Accumulator source, int sourceGroup) {
    ModelTrainer other = (ModelTrainer) source;
    if (options == null) {
      options = other.options;
      clusters = other.clusters;
    }
    int rows = other.counts[sourceGroup];
    if (rows == 0) {
      return;
    }
    if (grams != null) {
      double[] gram = other.grams[sourceGroup];
      double[] moment = other.moments[sourceGroup];
      if (grams[group] == null) {
        grams[group] = new double[gram.length];
        moments[group] = new double[moment.length];
      }
      for (int i = 0; i < gram.length; i++) {
        grams[group][i] += gram[i];
      }
      for (int i = 0; i < moment.length; i++) {
        moments[group][i] += moment[i];
      }
      counts[group] += rows;
      return;
    }
    // Copy out first: a group may merge into itself.
    double[] from = Arrays.copyOf(other.data[sourceGroup], rows * (features + 1));
    for (int r = 0; r < rows; r++) {
      appendRow(group, from, r * (features + 1));
    }
  }

  @Override
  void clear(int group) {
    counts[group] = 0;
    if (grams != null) {
      grams[group] = null;
      moments[group] = null;
    } else {
      data[group] = null;
    }
  }

  @Override
  boolean supportsCheckpoints() {
    return true;
  }

  /**
   * The call's constants (the parsed options' L2 weight, k), then per group its row count and
   * either its normal equations (TRAIN_LINREG) or its packed rows.
   */
  @Override
  void snapshot(StateWriter state, int groups) {
    state.writeBoolean(options != null);
    state.writeDouble(options == null ? 0 : options.l2());
    state.writeInt(clusters);
    state.writeInts(counts, groups);
    double[] none = new double[0];
    for (int group = 0; group < groups; group++) {
      if (grams != null) {
        state.writeDoubles(grams[group] == null ? none : grams[group], grams[group] == null ? 0 : grams[group].length);
        state.writeDoubles(moments[group] == null ? none : moments[group],
            moments[group] == null ? 0 : moments[group].length);
      } else {
        state.writeDoubles(data[group] == null ? none : data[group], counts[group] * (features + 1));
      }
    }
  }

  @Override
  void restore(StateReader state, int groups) {
    ensureGroups(groups);
    boolean hasConstants = state.readBoolean();
    double l2 = state.readDouble();
    options = hasConstants ? new TrainingOptions(l2) : null;
    clusters = state.readInt();
    System.arraycopy(state.readInts(0), 0, counts, 0, groups);
    for (int group = 0; group < groups; group++) {
      if (grams != null) {
        double[] gram = state.readDoubles(0);
        double[] moment = state.readDoubles(0);
        grams[group] = gram.length == 0 ? null : gram;
        moments[group] = moment.length == 0 ? null : moment;
      } else {
        double[] rows = state.readDoubles(0);
        data[group] = rows.length == 0 ? null : rows;
      }
    }
  }

  @Override
  void write(int group, FieldVector out, int row) {
    int n = counts[group];
    Model model = n == 0 ? null : switch (kind) {
      case TRAIN_LINREG -> Training.linearRegression(grams[group], moments[group], features);
      case TRAIN_LOGREG -> Training.logisticRegression(data[group], n, features, options.l2());
      case TRAIN_SVM -> Training.linearSvm(data[group], n, features, options.l2());
      case TRAIN_KMEANS -> Training.kmeans(data[group], n, features, clusters);
      default -> throw new IllegalStateException("ModelTrainer cannot compute " + kind);
    };
    if (model == null) {
      Vectors.setNull(out, row);
    } else {
      ((VarCharVector) out).setSafe(row, ModelWriter.flow(model).getBytes(StandardCharsets.UTF_8));
    }
  }
}
