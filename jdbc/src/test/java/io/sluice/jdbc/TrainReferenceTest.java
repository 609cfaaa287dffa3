package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.udf.ml.Model;
import io.sluice.udf.ml.ModelLoader;
import io.sluice.udf.ml.ModelType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares the TRAIN_* aggregates and ROC_AUC_SCORE over testdata/ml/train.csv with numpy's
 * closed-form least squares and scikit-learn's solvers (make_fixtures.py).
 */
class TrainReferenceTest {
  private static final Path FIXTURES = Path.of("../testdata/ml").toAbsolutePath().normalize();
  private static final Map<String, Double> EXPECTED = new HashMap<>();
  /** The rows of train.csv: f1..f4, y, label, score, cx, cy. */
  private static final List<double[]> ROWS = new ArrayList<>();

  @BeforeAll
  static void readFixtures() throws IOException {
    List<String> lines = Files.readAllLines(FIXTURES.resolve("train_expected.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] parts = line.split(",");
      EXPECTED.put(parts[0], Double.parseDouble(parts[1]));
    }
    lines = Files.readAllLines(FIXTURES.resolve("train.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] parts = line.split(",");
      double[] row = new double[parts.length];
      for (int i = 0; i < parts.length; i++) {
        row[i] = Double.parseDouble(parts[i]);
      }
      ROWS.add(row);
    }
  }

  @Test
  void linearRegressionEqualsTheClosedFormSolution() throws SQLException {
    Model model = train("TRAIN_LINREG(y, f1, f2, f3, f4)");
    assertEquals(ModelType.LINEAR_REGRESSION, model.type());
    for (int i = 0; i < 4; i++) {
      assertRelative(EXPECTED.get("linreg_w" + (i + 1)), model.weights()[i], 1e-9, "weight " + (i + 1));
    }
    assertRelative(EXPECTED.get("linreg_b"), model.intercept(), 1e-9, "intercept");
  }

  @Test
  void logisticRegressionReachesScikitLearnsOptimumLogLoss() throws SQLException {
    Model model = train("TRAIN_LOGREG(label, f1, f2, f3, f4)");
    double loss = logLoss(model);
    double optimum = EXPECTED.get("logreg_logloss");
    assertTrue(Math.abs(loss - optimum) <= 1e-3, "log-loss " + loss + " vs scikit-learn's optimum " + optimum);
    // Newton's method converges fully, so it matches far more tightly than the bound.
    assertTrue(Math.abs(loss - optimum) <= 1e-8, "log-loss " + loss + " vs " + optimum);
  }

  @Test
  void penalisedLogisticRegressionEqualsScikitLearnsCoefficients() throws SQLException {
    // scikit-learn's C = 1 is (1/2)|w|^2 + the summed loss: l2 = 1 / rows on the mean loss.
    Model model = train("TRAIN_LOGREG(label, f1, f2, f3, f4, 'l2=" + (1.0 / ROWS.size()) + "')");
    for (int i = 0; i < 4; i++) {
      assertRelative(EXPECTED.get("logreg_l2_w" + (i + 1)), model.weights()[i], 1e-5, "weight " + (i + 1));
    }
    assertRelative(EXPECTED.get("logreg_l2_b"), model.intercept(), 1e-5, "intercept");
  }

  @Test
  void svmReachesLiblinearsHingeObjective() throws SQLException {
    double l2 = EXPECTED.get("svm_l2");
    Model model = train("TRAIN_SVM(label, f1, f2, f3, f4, 'l2=" + l2 + "')");
    double hinge = 0;
    for (double[] row : ROWS) {
      double y = row[5] == 1 ? 1 : -1;
      hinge += Math.max(0, 1 - y * (dot(model.weights(), row) + model.intercept()));
    }
    double objective = l2 / 2 * (dot(model.weights(), model.weights()) + model.intercept() * model.intercept())
        + hinge / ROWS.size();
    double reference = EXPECTED.get("svm_objective");
    assertTrue(objective <= reference * (1 + 1e-3), "hinge objective " + objective + " vs liblinear's " + reference);
  }

  @Test
  void kmeansFindsScikitLearnsClusters() throws SQLException {
    Model model = train("TRAIN_KMEANS(3, cx, cy)");
    double inertia = 0;
    for (double[] row : ROWS) {
      double best = Double.POSITIVE_INFINITY;
      for (double[] centroid : model.centroids()) {
        double dx = row[7] - centroid[0];
        double dy = row[8] - centroid[1];
        best = Math.min(best, dx * dx + dy * dy);
      }
      inertia += best;
    }
    assertRelative(EXPECTED.get("kmeans_inertia"), inertia, 1e-9, "inertia");
  }

  @Test
  void rocAucEqualsScikitLearn() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT ROC_AUC_SCORE(score, label) FROM train")) {
      assertTrue(rs.next());
      assertRelative(EXPECTED.get("roc_auc"), rs.getDouble(1), 1e-12, "roc_auc");
    }
  }

  private static Model train(String aggregate) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT " + aggregate + " FROM train")) {
      assertTrue(rs.next());
      return ModelLoader.fromText(rs.getString(1), aggregate);
    }
  }

  private static Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sluice:");
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE train (f1 DOUBLE, f2 DOUBLE, f3 DOUBLE, f4 DOUBLE, y DOUBLE, label INT,"
          + " score DOUBLE, cx DOUBLE, cy DOUBLE) WITH ('connector' = 'file', 'format' = 'csv', 'csv.header' = 'true',"
          + " 'path' = '" + FIXTURES.resolve("train.csv") + "')");
    }
    return connection;
  }

  private static double logLoss(Model model) {
    double sum = 0;
    for (double[] row : ROWS) {
      double p = 1 / (1 + Math.exp(-(dot(model.weights(), row) + model.intercept())));
      sum -= row[5] == 1 ? Math.log(p) : Math.log(1 - p);
    }
    return sum / ROWS.size();
  }

  private static double dot(double[] weights, double[] row) {
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i] * row[i];
    }
    return sum;
  }

  private static void assertRelative(double expected, double actual, double bound, String what) {
    double error = Math.abs(expected - actual) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
    assertTrue(error <= bound, what + ": expected " + expected + " but was " + actual + " (relative error " + error + ")");
  }
}
