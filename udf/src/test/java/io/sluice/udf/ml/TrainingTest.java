package io.sluice.udf.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TRAIN_* solvers on small cases whose answers are known, and the model text round trip. */
class TrainingTest {
  @Test
  void leastSquaresFromNormalEquationsAndSingularSystems() {
    // y = 6 x + 90 over x = 10, 15, 20, 25: X'X = [[sum x^2, sum x], [sum x, n]], X'y = [sum x y, sum y].
    Model model = Training.linearRegression(new double[] {1350, 70, 70, 4}, new double[] {14400, 780}, 1);
    assertEquals(6, model.weights()[0], 1e-12);
    assertEquals(90, model.intercept(), 1e-10);
    assertNull(Training.linearRegression(new double[] {4, 2, 2, 1}, new double[] {1, 1}, 1), "collinear: no model");
  }

  @Test
  void logisticRegressionStaysFiniteOnSeparableDataWithAPenalty() {
    double[] rows = {-2, 0, -1, 0, 1, 1, 2, 1};
    Model model = Training.logisticRegression(rows, 4, 1, 0.1);
    assertTrue(model.weights()[0] > 0 && Double.isFinite(model.weights()[0]), model.toString());
    assertEquals(0, model.intercept(), 1e-9, "symmetric data: no intercept");
  }

  @Test
  void kmeansDoesNotDependOnRowOrder() {
    double[] rows = {0, 0, 0, 1, 0, 0, 10, 10, 0, 11, 10, 0, 0, 1, 0, 10, 11, 0};
    double[] reversed = new double[rows.length];
    for (int r = 0; r < 6; r++) {
      System.arraycopy(rows, r * 3, reversed, (5 - r) * 3, 3);
    }
    Model forward = Training.kmeans(rows, 6, 2, 2);
    Model backward = Training.kmeans(reversed, 6, 2, 2);
    assertArrayEquals(forward.centroids()[0], backward.centroids()[0], 1e-12);
    assertArrayEquals(forward.centroids()[1], backward.centroids()[1], 1e-12);
    assertEquals(1, Training.kmeans(new double[] {1, 0, 1, 0}, 2, 1, 3).centroids().length, "one distinct row");
  }

  @Test
  void svmSeparatesAndModelTextRoundTrips() {
    double[] rows = {-2, 0, -1, 0, 1, 1, 2, 1};
    Model model = Training.linearSvm(rows, 4, 1, 0.01);
    assertTrue(model.weights()[0] > 0, model.toString());
    Model read = ModelLoader.fromText(ModelWriter.flow(model), "test");
    assertArrayEquals(model.weights(), read.weights(), 0);
    assertEquals(model.intercept(), read.intercept(), 0);
    Model fromOptions = ModelLoader.fromOptions(ModelWriter.options(model));
    assertEquals(model.type(), fromOptions.type());
  }

  @Test
  void optionsAreParsedAndChecked() {
    assertEquals(0, TrainingOptions.parse("TRAIN_LOGREG", null).l2());
    assertEquals(0.01, TrainingOptions.parse("TRAIN_SVM", "").l2());
    assertEquals(0.5, TrainingOptions.parse("TRAIN_LOGREG", " L2 = 0.5 ").l2());
    assertThrows(ModelException.class, () -> TrainingOptions.parse("TRAIN_LOGREG", "l2=abc"));
    assertThrows(ModelException.class, () -> TrainingOptions.parse("TRAIN_SVM", "l2=0"));
    assertEquals(Map.of("type", "kmeans", "features", "[x1]", "centroids", "[[1.0]]"),
        ModelWriter.options(new Model(ModelType.KMEANS, java.util.List.of("x1"), new double[0], 0, null, null,
            new double[][] {{1.0}})));
  }
}
