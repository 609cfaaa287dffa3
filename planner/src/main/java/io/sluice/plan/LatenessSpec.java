package io.sluice.plan;

import static java.util.Objects.requireNonNull;

/**
 * How a windowed operator treats rows that arrive after their windows: windows stay open
 * {@code allowedLateness} milliseconds past their end (table option {@code 'allowed-lateness'}),
 * and rows later than that are dropped and counted under {@link #droppedCounter()} and, when
 * the table names one in {@code 'late-rows.table'}, written to that table.
 *
 * @param table the source table whose event time the windows use, for the counter's name
 * @param lateRowsTable the table late rows are written to, or null when they are only counted
 */
public record LatenessSpec(String table, long allowedLateness, String lateRowsTable) {
  /** The table option naming the table that receives late rows. */
  public static final String LATE_ROWS_TABLE_OPTION = "late-rows.table";

  public LatenessSpec {
    requireNonNull(table, "table is null");
    if (allowedLateness < 0) {
      throw new IllegalArgumentException("allowed lateness is negative: " + allowedLateness);
    }
  }

  /** Late rows counted only. */
  public LatenessSpec(String table, long allowedLateness) {
    this(table, allowedLateness, null);
  }

  /** The job metrics counter of dropped late rows. */
  public String droppedCounter() {
    return table + ".late-rows-dropped";
  }
}
