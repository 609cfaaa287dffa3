package io.sluice.runtime.connector;

import io.sluice.plan.PlanNode;
import io.sluice.plan.TableSpec;
import io.sluice.runtime.format.Formats;
import io.sluice.runtime.operator.CalcProvider;
import io.sluice.runtime.operator.StreamOperator;

/**
 * The {@code file} connector: files, folders or globs of CSV, JSON lines or raw lines as a
 * source — bounded CSV through the fast {@link CsvReader}, everything else (and monitored
 * folders) through {@link LineFileReader} — and a sink ({@link CsvFileSink}).
 */
public final class FileConnector implements ConnectorFactory {
  private final CalcProvider calcs;
  private final Connectors connectors;

  public FileConnector(CalcProvider calcs, Connectors connectors) {
    this.calcs = calcs;
    this.connectors = connectors;
  }

  @Override
  public String name() {
    return "file";
  }

  @Override
  public SourceReader createReader(PlanNode.Scan scan) {
    TableSpec table = scan.table();
    checkFormat(table);
    if (!table.metadata().isEmpty()) {
      throw new IllegalArgumentException("Table '" + table.name() + "': the file connector has no METADATA columns");
    }
    if (readsWithCsvReader(table)) {
      return new CsvReader(new ScanOutput(scan, calcs));
    }
    return new LineFileReader(new ScanOutput(scan, calcs), new BadRecords(table, connectors));
  }

  /**
   * Whether the byte-level CSV reader serves the table: bounded CSV whose bad rows fail or are
   * skipped. JSON, raw, monitored files and dead-letter tables go through the line reader.
   */
  private static boolean readsWithCsvReader(TableSpec table) {
    return table.option("format", "csv").equals("csv") && table.option("source.monitor-interval", "").isEmpty()
        && !table.option("errors", "fail").equals("dead-letter");
  }

  /**
   * A folder of CSV files splits by file: split K of N reads files K, K + N, ... in name order.
   * The line reader (JSON, raw, monitored or dead-letter tables) reads as one split.
   */
  @Override
  public boolean supportsSplits(TableSpec table) {
    return readsWithCsvReader(table);
  }

  @Override
  public SourceReader createReader(PlanNode.Scan scan, int split, int splits) {
    checkFormat(scan.table());
    return new CsvReader(new ScanOutput(scan, calcs), split, splits);
  }

  @Override
  public StreamOperator createSink(TableSpec table) {
    checkFormat(table);
    return new CsvFileSink(table);
  }

  private static void checkFormat(TableSpec table) {
    String format = table.option("format", "csv");
    if (!Formats.NAMES.contains(format)) {
      throw new IllegalArgumentException("Table '" + table.name() + "': the file connector supports 'format' = "
          + String.join(", ", Formats.NAMES) + ", not '" + format + "'");
    }
    if (table.option("path", "").isEmpty()) {
      throw new IllegalArgumentException("Table '" + table.name() + "': the file connector needs a 'path' option");
    }
    if (!format.equals("json")) {
      java.util.List<io.sluice.runtime.format.FormatColumn> columns = new java.util.ArrayList<>();
      for (int c = 0; c < table.schema().size(); c++) {
        columns.add(new io.sluice.runtime.format.FormatColumn(table.schema().field(c).name(), table.schema().type(c), c));
      }
      Formats.requireFlatColumns(format, table, columns);
    }
  }

  /** A byte size option such as {@code '128 MB'} (units B, KB, MB, GB, powers of 1024; bytes without a unit). */
  static long sizeOption(TableSpec table, String key, long defaultBytes) {
    String value = table.option(key, "").trim();
    if (value.isEmpty()) {
      return defaultBytes;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(b|kb|mb|gb)?",
        java.util.regex.Pattern.CASE_INSENSITIVE).matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException("Table '" + table.name() + "': option '" + key
          + "' must be a size such as '512 KB' or '128 MB', not '" + value + "'");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(java.util.Locale.ROOT);
    return switch (unit) {
      case "kb" -> amount << 10;
      case "mb" -> amount << 20;
      case "gb" -> amount << 30;
      default -> amount;
    };
  }

  /** The single-byte value of a one-character option such as the delimiter. */
  static byte charOption(TableSpec table, String key, char defaultValue) {
    return Formats.charOption(table, key, defaultValue);
  }

  /**
   * What identifies the current content of a file table: each file's path, size and
   * modification time, so a lookup join sees when to read the table again.
   */
  public static String contentVersion(TableSpec table) {
    StringBuilder version = new StringBuilder();
    for (java.nio.file.Path file : FileSet.list(table, true)) {
      try {
        version.append(file).append(':').append(java.nio.file.Files.size(file)).append(':')
            .append(java.nio.file.Files.getLastModifiedTime(file).toMillis()).append(';');
      } catch (java.io.IOException e) {
        // A file replaced while listing: the next check sees the new one.
        version.append(file).append(":gone;");
      }
    }
    return version.toString();
  }
}
