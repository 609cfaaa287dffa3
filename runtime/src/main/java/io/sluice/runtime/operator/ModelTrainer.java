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
  private static final int COUNTS = 0;
  /** TRAIN_LINREG: X'X (row-major) and X'y per group. */
  private static final int GRAMS = 1;
  private static final int MOMENTS = 2;
  /** The other kinds: packed rows (features, then the label) per group. */
  private static final int DATA = 1;

  private final AggregateKind kind;
  /** Features per row: the arguments between the first (target, label or k) and the optional options text. */
  private final int features;
  private final boolean hasOptions;
  private TrainingOptions options;
  private int clusters = -1;

  ModelTrainer(AggregateKind kind, int arguments, boolean hasOptions) {
    super(kind == AggregateKind.TRAIN_LINREG
        ? new GroupColumns().withInts().withObjects(double[].class).withObjects(double[].class)
        : new GroupColumns().withInts().withObjects(double[].class));
    this.kind = kind;
    this.hasOptions = hasOptions;
    this.features = arguments - 1 - (hasOptions ? 1 : 0);
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
    int[] counts = columns.ints(COUNTS);
    boolean linear = kind == AggregateKind.TRAIN_LINREG;
    double[][] grams = linear ? columns.objects(GRAMS) : null;
    double[][] moments = linear ? columns.objects(MOMENTS) : null;
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
      if (linear) {
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
    int[] counts = columns.ints(COUNTS);
    double[][] data = columns.objects(DATA);
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
  void merge(int group, Accumulator source, int sourceGroup) {
    ModelTrainer other = (ModelTrainer) source;
    if (options == null) {
      options = other.options;
      clusters = other.clusters;
    }
    int rows = other.columns.ints(COUNTS)[sourceGroup];
    if (rows == 0) {
      return;
    }
    if (kind == AggregateKind.TRAIN_LINREG) {
      double[] gram = other.columns.<double[]>objects(GRAMS)[sourceGroup];
      double[] moment = other.columns.<double[]>objects(MOMENTS)[sourceGroup];
      double[][] grams = columns.objects(GRAMS);
      double[][] moments = columns.objects(MOMENTS);
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
      columns.ints(COUNTS)[group] += rows;
      return;
    }
    // Copy out first: a group may merge into itself.
    double[] from = Arrays.copyOf(other.columns.<double[]>objects(DATA)[sourceGroup], rows * (features + 1));
    for (int r = 0; r < rows; r++) {
      appendRow(group, from, r * (features + 1));
    }
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
    columns.snapshot(state, groups);
    for (int group = 0; group < groups; group++) {
      if (kind == AggregateKind.TRAIN_LINREG) {
        writeValues(state, columns.<double[]>objects(GRAMS)[group]);
        writeValues(state, columns.<double[]>objects(MOMENTS)[group]);
      } else {
        double[] rows = columns.<double[]>objects(DATA)[group];
        state.writeDoubles(rows == null ? new double[0] : rows, columns.ints(COUNTS)[group] * (features + 1));
      }
    }
  }

  private static void writeValues(StateWriter state, double[] values) {
    state.writeDoubles(values == null ? new double[0] : values, values == null ? 0 : values.length);
  }

  @Override
  void restore(StateReader state, int groups) {
    boolean hasConstants = state.readBoolean();
    double l2 = state.readDouble();
    options = hasConstants ? new TrainingOptions(l2) : null;
    clusters = state.readInt();
    columns.restore(state, groups);
    for (int group = 0; group < groups; group++) {
      if (kind == AggregateKind.TRAIN_LINREG) {
        columns.<double[]>objects(GRAMS)[group] = nullIfEmpty(state.readDoubles(0));
        columns.<double[]>objects(MOMENTS)[group] = nullIfEmpty(state.readDoubles(0));
      } else {
        columns.<double[]>objects(DATA)[group] = nullIfEmpty(state.readDoubles(0));
      }
    }
  }

  private static double[] nullIfEmpty(double[] values) {
    return values.length == 0 ? null : values;
  }

  @Override
  void write(int group, FieldVector out, int row) {
    int n = columns.ints(COUNTS)[group];
    Model model = n == 0 ? null : switch (kind) {
      case TRAIN_LINREG -> Training.linearRegression(columns.<double[]>objects(GRAMS)[group],
          columns.<double[]>objects(MOMENTS)[group], features);
      case TRAIN_LOGREG -> Training.logisticRegression(columns.<double[]>objects(DATA)[group], n, features, options.l2());
      case TRAIN_SVM -> Training.linearSvm(columns.<double[]>objects(DATA)[group], n, features, options.l2());
      case TRAIN_KMEANS -> Training.kmeans(columns.<double[]>objects(DATA)[group], n, features, clusters);
      default -> throw new IllegalStateException("ModelTrainer cannot compute " + kind);
    };
    if (model == null) {
      Vectors.setNull(out, row);
    } else {
      ((VarCharVector) out).setSafe(row, ModelWriter.flow(model).getBytes(StandardCharsets.UTF_8));
    }
  }
}
