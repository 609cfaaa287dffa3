package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Plan-time errors of PREDICT_* name the problem and point at the query text. */
class PredictErrorsTest {
  private static String error(String query) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE MODEL lr WITH ('type' = 'logistic_regression', 'features' = '[amount, risk]',"
          + " 'weights' = '[0.8, -0.1]', 'intercept' = '-4.2')");
      return assertThrows(SQLException.class, () -> statement.executeQuery(query)).getMessage();
    }
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
    }
  }

  @Test
  void unknownModel() throws SQLException {
    assertContains(error("SELECT PREDICT_LOGREG('nope', 1, 2)"), "Model 'nope' does not exist", "[lr]", "1:23");
  }

  @Test
  void wrongFeatureCount() throws SQLException {
    assertContains(error("SELECT PREDICT_LOGREG('lr', 1)"), "has 2 features [amount, risk]", "got 1");
  }

  @Test
  void nonNumericFeature() throws SQLException {
    assertContains(error("SELECT PREDICT_LOGREG('lr', 1, 'high')"), "Argument 3", "feature 'risk'", "numeric", "1:32");
  }

  @Test
  void modelOfAnotherType() throws SQLException {
    assertContains(error("SELECT PREDICT_SVM('lr', 1, 2)"), "needs a linear_svm model", "use PREDICT_LOGREG");
  }

  @Test
  void modelNameMustBeALiteral() throws SQLException {
    assertContains(error("SELECT PREDICT_LOGREG(42, 1, 2)"), "model name as a string literal", "or a model value");
  }

  @Test
  void aModelValueIsCheckedWhenTheQueryRuns() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:");
        Statement statement = connection.createStatement()) {
      try (var rs = statement.executeQuery("SELECT PREDICT_LOGREG(CAST(NULL AS VARCHAR), 1, 2)")) {
        rs.next();
        assertEquals(null, rs.getObject(1), "a NULL model value scores NULL");
      }
      SQLException error = assertThrows(SQLException.class, () -> {
        try (var rs = statement.executeQuery("SELECT PREDICT_LOGREG(m, 1, 2) FROM (SELECT"
            + " '{type: linear_regression, weights: [1.0, 2.0]}' AS m) AS t")) {
          while (rs.next()) {
            rs.getObject(1);
          }
        }
      });
      assertContains(causes(error), "PREDICT_LOGREG got a linear_regression model value");
    }
  }

  private static String causes(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      text.append(t.getMessage()).append('\n');
    }
    return text.toString();
  }
}
