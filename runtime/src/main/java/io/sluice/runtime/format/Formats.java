package io.sluice.runtime.format;

import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * The record formats shared by the connectors — {@code json}, {@code csv} and {@code raw} —
 * with their options read from a table under a prefix ({@code ''} for values, {@code 'key.'}
 * for Kafka keys): {@code json.ignore-parse-errors}, {@code json.timestamp-format.standard},
 * {@code csv.field-delimiter}, {@code csv.quote-character}, {@code csv.null-literal}.
 */
public final class Formats {
  /** The format names, for error messages. */
  public static final List<String> NAMES = List.of("csv", "json", "raw");

  private Formats() {}

  /**
   * A decoder of records in {@code format} into {@code vectors}; each column's {@code index}
   * is its vector's position, or -1 for a column the record has but nobody reads.
   */
  public static RecordDecoder decoder(
      String format, TableSpec table, String prefix, List<FormatColumn> columns, FieldVector[] vectors) {
    return switch (check(format, table, prefix, columns)) {
      case "json" -> new JsonDecoder(columns, vectors,
          booleanOption(table, prefix + "json.ignore-parse-errors"), isoTimestamps(table, prefix));
      case "csv" -> new CsvRecordDecoder(columns, vectors, charOption(table, prefix + "csv.field-delimiter", ','),
          charOption(table, prefix + "csv.quote-character", '"'), table.options().get(prefix + "csv.null-literal"));
      default -> new RawDecoder(columns.get(0), columns.get(0).index() < 0 ? null : vectors[columns.get(0).index()]);
    };
  }

  /** An encoder of rows in {@code format}; each column's {@code index} is its batch column. */
  public static RecordEncoder encoder(String format, TableSpec table, String prefix, List<FormatColumn> columns) {
    return switch (check(format, table, prefix, columns)) {
      case "json" -> new JsonEncoder(columns, isoTimestamps(table, prefix));
      case "csv" -> new CsvEncoder(columns, (char) charOption(table, prefix + "csv.field-delimiter", ','),
          (char) charOption(table, prefix + "csv.quote-character", '"'), table.option(prefix + "csv.null-literal", ""));
      default -> new RawEncoder(columns.get(0));
    };
  }

  private static String check(String format, TableSpec table, String prefix, List<FormatColumn> columns) {
    if (!NAMES.contains(format)) {
      throw new IllegalArgumentException("Table '" + table.name() + "': option '" + prefix + "format' must be one of "
          + String.join(", ", NAMES) + ", not '" + format + "'");
    }
    if (!format.equals("json")) {
      requireFlatColumns(format, table, columns);
    }
    if (format.equals("raw")) {
      TypeKind kind = columns.size() == 1 ? columns.get(0).type().kind() : null;
      if (kind != TypeKind.VARCHAR && kind != TypeKind.VARBINARY) {
        throw new IllegalArgumentException("Table '" + table.name() + "': the raw format needs exactly one "
            + "VARCHAR or BYTES column, not " + columns.stream().map(FormatColumn::name).toList());
      }
    }
    return format;
  }

  /** Refuses ROW and ARRAY columns in a text format that has no representation for them. */
  public static void requireFlatColumns(String format, TableSpec table, List<FormatColumn> columns) {
    for (FormatColumn column : columns) {
      if (column.type().kind().isStructured()) {
        throw new IllegalArgumentException("Table '" + table.name() + "': column '" + column.name() + "' of type "
            + column.type().sql() + " needs the json format; " + format + " has no ROW or ARRAY values");
      }
    }
  }

  private static boolean isoTimestamps(TableSpec table, String prefix) {
    String key = prefix + "json.timestamp-format.standard";
    String standard = table.option(key, "SQL");
    if (!standard.equals("SQL") && !standard.equals("ISO-8601")) {
      throw new IllegalArgumentException(
          "Table '" + table.name() + "': option '" + key + "' must be 'SQL' or 'ISO-8601', not '" + standard + "'");
    }
    return standard.equals("ISO-8601");
  }

  private static boolean booleanOption(TableSpec table, String key) {
    String value = table.option(key, "false");
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(
          "Table '" + table.name() + "': option '" + key + "' must be 'true' or 'false', not '" + value + "'");
    }
    return value.equals("true");
  }

  /** The single-byte value of a one-character option such as the delimiter ({@code \t} for a tab). */
  public static byte charOption(TableSpec table, String key, char defaultValue) {
    String value = table.option(key, String.valueOf(defaultValue));
    if (value.equals("\\t")) {
      return '\t';
    }
    if (value.length() != 1 || value.charAt(0) > 127) {
      throw new IllegalArgumentException(
          "Table '" + table.name() + "': option '" + key + "' must be one ASCII character, not '" + value + "'");
    }
    return (byte) value.charAt(0);
  }
}
