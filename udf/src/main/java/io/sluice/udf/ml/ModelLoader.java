package io.sluice.udf.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads models from YAML model files or from the inline options of CREATE MODEL, rejecting
 * unknown keys, wrong lengths and non-finite numbers with the file (or option) and key named.
 */
public final class ModelLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> FILE_KEYS = Set.of("type", "features", "weights", "intercept", "scaler", "centroids");
  private static final Set<String> SCALER_KEYS = Set.of("mean", "scale");
  private static final Set<String> OPTION_KEYS =
      Set.of("type", "path", "features", "weights", "intercept", "centroids", "scaler.mean", "scaler.scale");

  private static final java.util.regex.Pattern TOP_LEVEL_KEY = java.util.regex.Pattern.compile("^([A-Za-z_]\\w*)\\s*:");

  private ModelLoader() {}

  /**
   * The model CREATE MODEL's options describe: either {@code 'path'} naming a YAML model file
   * (a {@code 'type'} option, if given, must agree with the file) or inline values, each a YAML
   * text: {@code 'weights' = '[0.8, -0.1]'}, {@code 'intercept' = '-4.2'}.
   */
  public static Model fromOptions(Map<String, String> options) {
    for (String key : options.keySet()) {
      if (!OPTION_KEYS.contains(key)) {
        throw new ModelException("Unknown model option '" + key + "'; use " + String.join(", ", new java.util.TreeSet<>(OPTION_KEYS)));
      }
    }
    String path = options.get("path");
    if (path != null) {
      if (options.size() > (options.containsKey("type") ? 2 : 1)) {
        throw new ModelException("Model option 'path' takes the whole model from the file; give only 'type' besides it");
      }
      Model model = fromFile(Path.of(path));
      String type = options.get("type");
      if (type != null && ModelType.fromName(type) != model.type()) {
        throw new ModelException("Model option 'type' is '" + type + "' but model file " + path + " has type '"
            + model.type().externalName() + "'");
      }
      return model;
    }
    Source source = new Source("model options", "option");
    String typeText = options.get("type");
    if (typeText == null) {
      throw new ModelException("Model option 'type' is missing; use one of " + ModelType.allNames());
    }
    JsonNode root = YAML.createObjectNode();
    var object = (com.fasterxml.jackson.databind.node.ObjectNode) root;
    object.put("type", typeText);
    for (String key : List.of("features", "weights", "intercept", "centroids")) {
      if (options.containsKey(key)) {
        object.set(key, source.parse(key, options.get(key)));
      }
    }
    if (options.containsKey("scaler.mean") || options.containsKey("scaler.scale")) {
      var scaler = object.putObject("scaler");
      scaler.set("mean", source.parse("scaler.mean", options.getOrDefault("scaler.mean", "null")));
      scaler.set("scale", source.parse("scaler.scale", options.getOrDefault("scaler.scale", "null")));
    }
    return build(root, source);
  }

  /** The model in the YAML model file at {@code path}. */
  public static Model fromFile(Path path) {
    Source source = new Source("model file " + path, "key");
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new ModelException("Cannot read model file " + path + ": " + e, e);
    }
    return fromText(text, source);
  }

  /**
   * The model in {@code text}, a model file's YAML (a TRAIN_* aggregate's result, for one);
   * {@code where} names the text in errors, e.g. {@code "model value"}.
   */
  public static Model fromText(String text, String where) {
    return fromText(text, new Source(where, "key"));
  }

  private static Model fromText(String text, Source source) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      // Jackson rejects YAML's .nan and .inf while parsing, before any key is seen.
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw source.error(keyAtLine(text, line), "at line " + line + " is not valid: " + e.getOriginalMessage()
          + " (model numbers must be finite)");
    }
    if (root == null || !root.isObject()) {
      throw new ModelException(Character.toUpperCase(source.description().charAt(0))
          + source.description().substring(1) + " must be a YAML mapping with keys " + String.join(", ", FILE_KEYS));
    }
    for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!FILE_KEYS.contains(key)) {
        throw source.error(key, "is not a model key; use type, features, weights, intercept, scaler, centroids");
      }
    }
    return build(root, source);
  }

  /** The top-level key whose value spans {@code line} (1-based), for parse errors. */
  private static String keyAtLine(String text, int line) {
    String key = "?";
    List<String> lines = text.lines().toList();
    for (int i = 0; i < Math.min(line, lines.size()); i++) {
      java.util.regex.Matcher m = TOP_LEVEL_KEY.matcher(lines.get(i));
      if (m.find()) {
        key = m.group(1);
      }
    }
    return key;
  }

  private static Model build(JsonNode root, Source source) {
    JsonNode typeNode = root.get("type");
    if (typeNode == null || !typeNode.isTextual()) {
      throw source.error("type", "is missing; use one of " + ModelType.allNames());
    }
    ModelType type = ModelType.fromName(typeNode.asText());
    if (type == null) {
      throw source.error("type", "is '" + typeNode.asText() + "'; use one of " + ModelType.allNames());
    }
    double[] weights = new double[0];
    double intercept = 0;
    double[][] centroids = new double[0][];
    int width;
    if (type == ModelType.KMEANS) {
      if (root.has("weights") || root.has("intercept")) {
        throw source.error(root.has("weights") ? "weights" : "intercept", "does not apply to kmeans; give centroids");
      }
      JsonNode rows = root.get("centroids");
      if (rows == null || !rows.isArray() || rows.isEmpty()) {
        throw source.error("centroids", "must be a non-empty list of lists of numbers");
      }
      centroids = new double[rows.size()][];
      for (int k = 0; k < rows.size(); k++) {
        centroids[k] = source.numbers("centroids[" + k + "]", rows.get(k));
        if (centroids[k].length != centroids[0].length) {
          throw source.error("centroids[" + k + "]", "has " + centroids[k].length + " numbers but centroids[0] has "
              + centroids[0].length);
        }
      }
      width = centroids[0].length;
    } else {
      if (root.has("centroids")) {
        throw source.error("centroids", "applies only to kmeans");
      }
      weights = source.numbers("weights", root.get("weights"));
      JsonNode interceptNode = root.get("intercept");
      intercept = interceptNode == null ? 0 : source.number("intercept", interceptNode);
      width = weights.length;
    }
    if (width == 0) {
      throw source.error(type == ModelType.KMEANS ? "centroids" : "weights", "must have at least one number");
    }
    List<String> features = new ArrayList<>();
    JsonNode featureNode = root.get("features");
    if (featureNode == null) {
      for (int i = 1; i <= width; i++) {
        features.add("x" + i);
      }
    } else {
      if (!featureNode.isArray()) {
        throw source.error("features", "must be a list of names");
      }
      featureNode.forEach(f -> features.add(f.asText()));
      if (features.size() != width) {
        throw source.error("features", "has " + features.size() + " names but the model has " + width + " coefficients");
      }
    }
    double[] mean = null;
    double[] scale = null;
    JsonNode scaler = root.get("scaler");
    if (scaler != null && !scaler.isNull()) {
      if (!scaler.isObject()) {
        throw source.error("scaler", "must be a mapping {mean: [...], scale: [...]}");
      }
      for (Iterator<String> keys = scaler.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!SCALER_KEYS.contains(key)) {
          throw source.error("scaler." + key, "is not a scaler key; use mean and scale");
        }
      }
      mean = source.numbers("scaler.mean", scaler.get("mean"));
      scale = source.numbers("scaler.scale", scaler.get("scale"));
      for (var entry : Map.of("scaler.mean", mean, "scaler.scale", scale).entrySet()) {
        if (entry.getValue().length != width) {
          throw source.error(entry.getKey(), "has " + entry.getValue().length + " numbers but the model has " + width
              + " features");
        }
      }
      for (int i = 0; i < width; i++) {
        if (scale[i] == 0) {
          throw source.error("scaler.scale", "has 0 at position " + (i + 1) + "; scales divide and must not be zero");
        }
      }
    }
    return new Model(type, features, weights, intercept, mean, scale, centroids);
  }

  /** Where values come from, for messages: "model file m.yaml, key weights: ...". */
  private record Source(String description, String keyWord) {
    ModelException error(String key, String problem) {
      return new ModelException("In " + description + ", " + keyWord + " '" + key + "' " + problem);
    }

    JsonNode parse(String key, String text) {
      try {
        return YAML.readTree(text);
      } catch (JsonProcessingException e) {
        throw error(key, "is not a YAML value: " + e.getOriginalMessage() + " (model numbers must be finite)");
      }
    }

    double[] numbers(String key, JsonNode node) {
      if (node == null || !node.isArray()) {
        throw error(key, "must be a list of numbers");
      }
      double[] values = new double[node.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = number(key + "[" + i + "]", node.get(i));
      }
      return values;
    }

    double number(String key, JsonNode node) {
      double value;
      if (node.isNumber()) {
        value = node.doubleValue();
      } else if (node.isTextual()) {
        // YAML spells NaN and infinities as .nan/.inf; Jackson hands them over as text.
        throw error(key, "is '" + node.asText() + "', not a finite number");
      } else {
        throw error(key, "must be a number");
      }
      if (!Double.isFinite(value)) {
        throw error(key, "is " + value + ", not a finite number");
      }
      return value;
    }
  }
}
