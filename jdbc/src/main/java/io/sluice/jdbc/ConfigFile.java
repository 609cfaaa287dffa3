package io.sluice.jdbc;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A YAML file of session options, as {@code jdbc:sluice:?config=FILE} reads it: a mapping
 * whose scalar values become options; nested mappings join their keys with dots, so
 * {@code catalog: {dir: x}} and {@code catalog.dir: x} mean the same.
 */
final class ConfigFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigFile() {}

  static Map<String, String> read(Path file) throws SQLException {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new SQLException("Config file " + file.toAbsolutePath() + " does not exist", "08001", e);
    } catch (JacksonException e) {
      var location = e.getLocation();
      String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      throw new SQLException("Config file " + file + " is not valid YAML" + where + ": " + e.getOriginalMessage(),
          "08001", e);
    } catch (IOException e) {
      throw new SQLException("Cannot read config file " + file + ": " + e.getMessage(), "08001", e);
    }
    Map<String, String> options = new TreeMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return options;
    }
    if (!root.isObject()) {
      throw new SQLException("Config file " + file + " must be a mapping of option names to values", "08001");
    }
    flatten("", root, options, file);
    return options;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> options, Path file)
      throws SQLException {
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = prefix + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        flatten(key + ".", value, options, file);
      } else if (value.isValueNode()) {
        options.put(key, value.isNull() ? "" : value.asText());
      } else {
        throw new SQLException("Config file " + file + ": option '" + key + "' must be a single value, not a list",
            "08001");
      }
    }
  }
}
