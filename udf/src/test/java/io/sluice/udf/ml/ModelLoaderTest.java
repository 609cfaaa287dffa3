package io.sluice.udf.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {
  @TempDir Path dir;

  private Path file(String yaml) throws IOException {
    Path path = dir.resolve("model.yaml");
    Files.writeString(path, yaml);
    return path;
  }

  private String fileError(String yaml) throws IOException {
    Path path = file(yaml);
    String message = assertThrows(ModelException.class, () -> ModelLoader.fromFile(path)).getMessage();
    assertTrue(message.contains(path.toString()), message);
    return message;
  }

  @Test
  void loadsTheDocumentedLogisticRegressionFile() throws IOException {
    Model model = ModelLoader.fromFile(file("""
        type: logistic_regression
        features: [amount, hour_of_day, merchant_risk]
        weights: [0.8, -0.1, 2.3]
        intercept: -4.2
        scaler: {mean: [50.0, 12.0, 0.1], scale: [20.0, 6.0, 0.05]}
        """));
    assertEquals(ModelType.LOGISTIC_REGRESSION, model.type());
    assertEquals(List.of("amount", "hour_of_day", "merchant_risk"), model.features());
    assertArrayEquals(new double[] {0.8, -0.1, 2.3}, model.weights());
    assertEquals(-4.2, model.intercept());
    assertArrayEquals(new double[] {50.0, 12.0, 0.1}, model.mean());
    assertArrayEquals(new double[] {20.0, 6.0, 0.05}, model.scale());
  }

  @Test
  void loadsKmeansCentroids() throws IOException {
    Model model = ModelLoader.fromFile(file("type: kmeans\ncentroids: [[0, 0], [10, 10.5]]\n"));
    assertEquals(2, model.centroids().length);
    assertArrayEquals(new double[] {10, 10.5}, model.centroids()[1]);
    assertEquals(List.of("x1", "x2"), model.features());
  }

  @Test
  void loadsInlineOptions() {
    Model model = ModelLoader.fromOptions(Map.of("type", "logistic_regression", "weights", "[0.8, -0.1]",
        "intercept", "-4.2"));
    assertArrayEquals(new double[] {0.8, -0.1}, model.weights());
    assertEquals(-4.2, model.intercept());
    assertNull(model.mean());
  }

  @Test
  void fileErrorsNameTheFileAndKey() throws IOException {
    assertTrue(fileError("type: logistic_regression\nweights: [1]\nbias: 2\n").contains("key 'bias'"));
    assertTrue(fileError("type: logistic_regression\nweights: [1, .nan]\n").contains("key 'weights'"));
    assertTrue(fileError("type: logistic_regression\nweights: [1, .inf]\n").contains("key 'weights'"));
    assertTrue(fileError("type: linear_svm\nfeatures: [a, b]\nweights: [1]\n").contains("key 'features' has 2 names"));
    assertTrue(fileError("type: kmeans\ncentroids: [[1, 2], [3]]\n").contains("key 'centroids[1]'"));
    assertTrue(fileError("type: tree\nweights: [1]\n").contains("key 'type' is 'tree'"));
    assertTrue(fileError("type: linear_regression\nweights: [1, 2]\nscaler: {mean: [0], scale: [1, 1]}\n")
        .contains("key 'scaler.mean' has 1 numbers"));
    assertTrue(fileError("type: linear_regression\nweights: [1]\nscaler: {mean: [0], scale: [0]}\n")
        .contains("key 'scaler.scale' has 0"));
    assertTrue(fileError("type: linear_regression\nweights: [1, x]\n").contains("key 'weights[1]'"));
  }

  @Test
  void optionErrorsNameTheOption() {
    String unknown = assertThrows(ModelException.class,
        () -> ModelLoader.fromOptions(Map.of("type", "kmeans", "color", "red"))).getMessage();
    assertTrue(unknown.contains("'color'"), unknown);
    String nan = assertThrows(ModelException.class,
        () -> ModelLoader.fromOptions(Map.of("type", "linear_svm", "weights", "[.nan]"))).getMessage();
    assertTrue(nan.contains("option 'weights'"), nan);
    String missing = assertThrows(ModelException.class,
        () -> ModelLoader.fromOptions(Map.of("weights", "[1]"))).getMessage();
    assertTrue(missing.contains("'type' is missing"), missing);
  }

  @Test
  void typeOptionMustAgreeWithTheFile() throws IOException {
    Path path = file("type: kmeans\ncentroids: [[0]]\n");
    String message = assertThrows(ModelException.class,
        () -> ModelLoader.fromOptions(Map.of("type", "linear_svm", "path", path.toString()))).getMessage();
    assertTrue(message.contains("has type 'kmeans'"), message);
  }
}
