package io.sluice.udf.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes models in the model file format: as one-line YAML flow mappings (the value of the
 * TRAIN_* aggregates), as a model file, or as CREATE MODEL options. Numbers are written with
 * Java's shortest round-trip form, so reading the text back gives the same doubles.
 */
public final class ModelWriter {
  private ModelWriter() {}

  /** {@code {type: ..., features: [...], weights: [...], intercept: ...}} on one line. */
  public static String flow(Model model) {
    return "{" + entries(model).entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", ")) + "}";
  }

  /** The text of a model file: one top-level key per line. */
  public static String file(Model model) {
    StringBuilder text = new StringBuilder();
    entries(model).forEach((key, value) -> text.append(key).append(": ").append(value).append('\n'));
    return text.toString();
  }

  /** The inline CREATE MODEL options describing {@code model} ({@code 'scaler.mean'} for the scaler). */
  public static Map<String, String> options(Model model) {
    Map<String, String> options = new java.util.LinkedHashMap<>();
    entries(model).forEach((key, value) -> {
      if (!key.equals("scaler")) {
        options.put(key, value);
      }
    });
    if (model.hasScaler()) {
      options.put("scaler.mean", numbers(model.mean()));
      options.put("scaler.scale", numbers(model.scale()));
    }
    return options;
  }

  private static Map<String, String> entries(Model model) {
    Map<String, String> entries = new java.util.LinkedHashMap<>();
    entries.put("type", model.type().externalName());
    entries.put("features", "[" + String.join(", ", model.features()) + "]");
    if (model.type() == ModelType.KMEANS) {
      List<String> rows = new ArrayList<>();
      for (double[] centroid : model.centroids()) {
        rows.add(numbers(centroid));
      }
      entries.put("centroids", "[" + String.join(", ", rows) + "]");
    } else {
      entries.put("weights", numbers(model.weights()));
      entries.put("intercept", Double.toString(model.intercept()));
    }
    if (model.hasScaler()) {
      entries.put("scaler", "{mean: " + numbers(model.mean()) + ", scale: " + numbers(model.scale()) + "}");
    }
    return entries;
  }

  private static String numbers(double[] values) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ", ").append(values[i]);
    }
    return text.append(']').toString();
  }
}
