package io.sluice.runtime.connector;

import io.sluice.plan.PlanNode;
import io.sluice.plan.TableSpec;
import io.sluice.runtime.operator.CalcProvider;
import io.sluice.runtime.operator.StreamOperator;

/** The {@code file} connector: CSV files as a bounded source ({@link CsvReader}) and a sink ({@link CsvFileSink}). */
public final class FileConnector implements ConnectorFactory {
  private final CalcProvider calcs;

  public FileConnector(CalcProvider calcs) {
    this.calcs = calcs;
  }

  @Override
  public String name() {
    return "file";
  }

  @Override
  public SourceReader createReader(PlanNode.Scan scan) {
    checkFormat(scan.table());
    return new CsvReader(new ScanOutput(scan, calcs));
  }

  /** A folder of files splits by file: split K of N reads files K, K + N, ... in name order. */
  @Override
  public boolean supportsSplits(TableSpec table) {
    return true;
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
    if (!format.equals("csv")) {
      throw new IllegalArgumentException(
          "Table '" + table.name() + "': the file connector supports 'format' = 'csv', not '" + format + "'");
    }
    if (table.option("path", "").isEmpty()) {
      throw new IllegalArgumentException("Table '" + table.name() + "': the file connector needs a 'path' option");
    }
  }

  /** The single-byte value of a one-character option such as the delimiter. */
  static byte charOption(TableSpec table, String key, char defaultValue) {
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
