package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.planner.Catalog;
import io.sluice.udf.ml.Model;
import io.sluice.udf.ml.ModelLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE MODEL ... AS SELECT: versions per closed window, the model file, DESCRIBE MODEL and plan-time errors. */
class ModelTrainingTest {
  @TempDir Path dir;

  /** Three one-minute windows of y = a x + b with a different line in each. */
  private SluiceSession sessionWithLines() throws IOException {
    StringBuilder csv = new StringBuilder("x,y,ts\n");
    double[][] lines = {{2, 1}, {3, -1}, {-1, 4}};
    for (int minute = 0; minute < 3; minute++) {
      for (int i = 0; i < 5; i++) {
        double x = i + 1;
        csv.append(x).append(',').append(lines[minute][0] * x + lines[minute][1])
            .append(",2026-01-01 10:0").append(minute).append(':').append(10 + i * 10).append('\n');
      }
    }
    Files.writeString(dir.resolve("lines.csv"), csv);
    SluiceSession session = new SluiceSession(dir);
    session.execute("CREATE TABLE points (x DOUBLE, y DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)"
        + " WITH ('connector' = 'file', 'format' = 'csv', 'csv.header' = 'true', 'path' = 'lines.csv')");
    return session;
  }

  @Test
  void eachClosedWindowPublishesAVersionAndWritesTheModelFile() throws IOException {
    try (SluiceSession session = sessionWithLines()) {
      Instant before = Instant.now();
      Outcome outcome = session.execute("CREATE MODEL line WITH ('path' = 'line.yaml', 'features' = '[x]') AS"
          + " SELECT window_end, TRAIN_LINREG(y, x) FROM TABLE(TUMBLE(TABLE points, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
          + " GROUP BY window_start, window_end");
      assertEquals("Model 'line' trained: version 3.", ((Outcome.Message) outcome).text());
      Catalog.Model model = session.catalog().model("line").orElseThrow();
      assertEquals(3, model.version());
      assertTrue(!model.updated().isBefore(before), "last updated is the publishing time");
      Model newest = ModelLoader.fromOptions(model.options());
      assertEquals(List.of("x"), newest.features());
      assertEquals(-1, newest.weights()[0], 1e-12, "the last window's line");
      assertEquals(4, newest.intercept(), 1e-12);
      Model written = ModelLoader.fromFile(dir.resolve("line.yaml"));
      assertArrayEquals(newest.weights(), written.weights(), 0);
      assertEquals(newest.intercept(), written.intercept(), 0);

      List<List<Object>> described = ((Outcome.Rows) session.execute("DESCRIBE MODEL line")).rows();
      assertTrue(described.contains(List.of("version", "3")), described.toString());
      // A query planned now inlines the newest version's coefficients.
      String plan = ((Outcome.Text) session.explainOrExecute(SluiceSession.split(
          "EXPLAIN SELECT PREDICT_LINREG('line', x) FROM points").get(0))).text();
      assertTrue(plan.contains("-1.0") && plan.contains("4.0"), plan);
    }
  }

  @Test
  void aSecondModelOfTheSameNameIsRejected() throws IOException {
    try (SluiceSession session = sessionWithLines()) {
      session.execute("CREATE MODEL line AS SELECT TRAIN_LINREG(y, x) FROM points");
      RuntimeException error = assertThrows(RuntimeException.class,
          () -> session.execute("CREATE MODEL line AS SELECT TRAIN_LINREG(y, x) FROM points"));
      assertTrue(error.getMessage().contains("Model 'line' already exists"), error.getMessage());
      assertEquals(1, session.catalog().model("line").orElseThrow().version());
    }
  }

  @Test
  void trainingArgumentsAreCheckedAtPlanTime() throws IOException {
    try (SluiceSession session = sessionWithLines()) {
      assertError(session, "SELECT TRAIN_KMEANS(CAST(x AS INT), x, y) FROM points", "number of clusters k");
      assertError(session, "SELECT TRAIN_LINREG(y, CAST(x AS VARCHAR)) FROM points", "features must be numeric");
      assertError(session, "SELECT TRAIN_SVM(y, x, 'l2=0') FROM points", "l2 must be a finite number > 0");
      assertError(session, "SELECT TRAIN_LOGREG(y, x, 'epochs=3') FROM points", "option 'epochs=3' is not understood");
      assertError(session, "SELECT TRAIN_LOGREG(y, 'l2=0.1') FROM points", "needs at least one feature");
      assertError(session, "CREATE MODEL m WITH ('type' = 'kmeans') AS SELECT TRAIN_LINREG(y, x) FROM points",
          "takes the options 'path'");
    }
  }

  private static void assertError(SluiceSession session, String sql, String expected) {
    RuntimeException error = assertThrows(RuntimeException.class, () -> session.execute(sql));
    assertTrue(error.getMessage().contains(expected), "expected '" + expected + "' in: " + error.getMessage());
  }
}
