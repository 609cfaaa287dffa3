package io.sluice.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.udf.ml.Model;
import io.sluice.udf.ml.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice run examples/online_training.sql}: the model is published once per closed
 * minute and written back to its model file, and the prequential accuracy improves as the
 * model sees more labels.
 */
class OnlineTrainingExampleTest {
  @TempDir Path dir;

  @Test
  void accuracyImprovesAsTheModelIsRetrained() throws Exception {
    Path script = dir.resolve("online_training.sql");
    Files.copy(Path.of("..", "examples", "online_training.sql"), script);
    for (String parallelism : List.of("1", "3")) {
      String output = GoldenSqlTest.run(script, parallelism);
      assertTrue(output.contains("Model 'online' trained: version 12."), output);
      List<Double> accuracies = new ArrayList<>();
      for (String line : output.lines().toList()) {
        // minute,trained_on,scored,accuracy,log_loss
        String[] cells = line.split(",");
        if (cells.length == 5 && line.startsWith("2026-01-01")) {
          accuracies.add(Double.parseDouble(cells[3]));
        }
      }
      assertEquals(11, accuracies.size(), output);
      double firstTwo = (accuracies.get(0) + accuracies.get(1)) / 2;
      double lastTwo = (accuracies.get(9) + accuracies.get(10)) / 2;
      assertTrue(lastTwo > firstTwo + 0.1, "accuracy should improve window by window: " + accuracies);
      assertTrue(lastTwo > 0.9, accuracies.toString());
      Model written = ModelLoader.fromFile(dir.resolve("online_model.yaml"));
      assertEquals(List.of("f1", "f2", "f3", "f4"), written.features());
      assertTrue(written.weights()[0] > 0 && written.weights()[1] < 0, "the learnt signs: " + written);
    }
  }
}
