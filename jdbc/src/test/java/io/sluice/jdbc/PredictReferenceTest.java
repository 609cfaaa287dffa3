package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compares PREDICT_* and the regression statistics over testdata/ml with numpy's results (make_fixtures.py). */
class PredictReferenceTest {
  private static final Path FIXTURES = Path.of("../testdata/ml").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void predictionsEqualTheNumpyReference() throws IOException, SQLException {
    Path svmModel = dir.resolve("svm.yaml");
    Files.writeString(svmModel, Files.readString(FIXTURES.resolve("score_model.yaml"))
        .replace("type: logistic_regression", "type: linear_svm"));
    Map<Integer, String[]> expected = new HashMap<>();
    List<String> lines = Files.readAllLines(FIXTURES.resolve("score_expected.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] parts = line.split(",", -1);
      expected.put(Integer.parseInt(parts[0]), parts);
    }
    String features = "f1, f2, f3, f4, f5, f6, f7, f8, f9, f10";
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE input (id INT, f1 DOUBLE, f2 DOUBLE, f3 DOUBLE, f4 DOUBLE, f5 DOUBLE, f6 DOUBLE,"
          + " f7 DOUBLE, f8 DOUBLE, f9 DOUBLE, f10 DOUBLE) WITH ('connector' = 'file', 'format' = 'csv',"
          + " 'csv.header' = 'true', 'path' = '" + FIXTURES.resolve("score_input.csv") + "')");
      statement.execute("CREATE MODEL lr WITH ('path' = '" + FIXTURES.resolve("score_model.yaml") + "')");
      statement.execute("CREATE MODEL km WITH ('path' = '" + FIXTURES.resolve("score_kmeans.yaml") + "')");
      statement.execute("CREATE MODEL svm WITH ('path' = '" + svmModel + "')");
      int rows = 0;
      try (ResultSet rs = statement.executeQuery("SELECT id, PREDICT_LOGREG('lr', " + features + "), PREDICT_SVM('svm', "
          + features + "), PREDICT_KMEANS('km', " + features + ") FROM input")) {
        while (rs.next()) {
          String[] want = expected.get(rs.getInt(1));
          if (want[1].isEmpty()) {
            assertEquals(null, rs.getObject(2), "a NULL feature gives a NULL probability");
            assertEquals(null, rs.getObject(3));
            assertEquals(null, rs.getObject(4));
          } else {
            assertClose(Double.parseDouble(want[1]), rs.getDouble(2), "logreg row " + want[0]);
            assertClose(Double.parseDouble(want[2]), rs.getDouble(3), "svm row " + want[0]);
            assertEquals(Integer.parseInt(want[3]), rs.getInt(4), "kmeans row " + want[0]);
          }
          rows++;
        }
      }
      assertEquals(expected.size(), rows);
    }
  }

  @Test
  void regressionStatisticsEqualTheNumpyReference() throws IOException, SQLException {
    List<String> lines = Files.readAllLines(FIXTURES.resolve("regr_expected.csv"));
    String[] want = lines.get(1).split(",");
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE pairs (x DOUBLE, y DOUBLE) WITH ('connector' = 'file', 'format' = 'csv',"
          + " 'csv.header' = 'true', 'path' = '" + FIXTURES.resolve("regr.csv") + "')");
      try (ResultSet rs = statement.executeQuery("SELECT REGR_SLOPE(y, x), REGR_INTERCEPT(y, x), REGR_R2(y, x), CORR(y, x),"
          + " COVAR_POP(y, x), COVAR_SAMP(y, x), REGR_COUNT(y, x) FROM pairs")) {
        assertTrue(rs.next());
        String[] names = {"slope", "intercept", "r2", "corr", "covar_pop", "covar_samp"};
        for (int i = 0; i < names.length; i++) {
          assertRelative(Double.parseDouble(want[i]), rs.getDouble(i + 1), 1e-9, names[i]);
        }
        assertEquals(500, rs.getLong(7));
      }
    }
  }

  private static void assertClose(double expected, double actual, String what) {
    assertRelative(expected, actual, 1e-12, what);
  }

  private static void assertRelative(double expected, double actual, double bound, String what) {
    double error = Math.abs(expected - actual) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
    assertTrue(error <= bound, what + ": expected " + expected + " but was " + actual + " (relative error " + error + ")");
  }
}
