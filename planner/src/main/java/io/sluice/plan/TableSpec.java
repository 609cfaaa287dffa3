package io.sluice.plan;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A catalog table as a connector needs it: name, all declared columns, the connector
 * options from its WITH clause, and its event-time attribute if it declares one.
 *
 * @param watermark the WATERMARK clause, or null
 * @param primaryKey column names of the declared PRIMARY KEY, empty if none
 * @param metadata the columns declared {@code METADATA}, in column order; empty if none
 * @param procTime the name of the computed column {@code name AS PROCTIME()}, or null: queries
 *     see it after the columns of {@code schema}; connectors never read or write it
 */
public record TableSpec(
    String name, Schema schema, Map<String, String> options, WatermarkSpec watermark, List<String> primaryKey,
    List<MetadataColumn> metadata, String procTime) {
  public TableSpec {
    requireNonNull(name, "name is null");
    requireNonNull(schema, "schema is null");
    options = Collections.unmodifiableMap(new TreeMap<>(options));
    primaryKey = List.copyOf(primaryKey);
    metadata = List.copyOf(metadata);
  }

  /** A table without a processing-time column. */
  public TableSpec(String name, Schema schema, Map<String, String> options, WatermarkSpec watermark,
      List<String> primaryKey, List<MetadataColumn> metadata) {
    this(name, schema, options, watermark, primaryKey, metadata, null);
  }

  /** A table without metadata columns. */
  public TableSpec(
      String name, Schema schema, Map<String, String> options, WatermarkSpec watermark, List<String> primaryKey) {
    this(name, schema, options, watermark, primaryKey, List.of());
  }

  /** The metadata declaration of table column {@code column}, or null for a physical column. */
  public MetadataColumn metadataOf(int column) {
    for (MetadataColumn candidate : metadata) {
      if (candidate.column() == column) {
        return candidate;
      }
    }
    return null;
  }

  public String connector() {
    return options.getOrDefault("connector", "");
  }

  public String option(String key, String defaultValue) {
    return options.getOrDefault(key, defaultValue);
  }
}
