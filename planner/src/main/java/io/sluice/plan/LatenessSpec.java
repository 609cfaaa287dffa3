package io.sluice.plan;

import static java.util.Objects.requireNonNull;

/**
 * How a windowed operator treats rows that arrive after their windows: windows stay open
 * {@code allowedLateness} milliseconds past their end (table option {@code 'allowed-lateness'}),
 * and rows later than that are dropped and counted under {@link #droppedCounter()}.
 *
 * @param table the source table whose event time the windows use, for the counter's name
 */
public record LatenessSpec(String table, long allowedLateness) {
  public LatenessSpec {
    requireNonNull(table, "table is null");
    if (allowedLateness < 0) {
      throw new IllegalArgumentException("allowed lateness is negative: " + allowedLateness);
    }
  }

  /** The job metrics counter of dropped late rows. */
  public String droppedCounter() {
    return table + ".late-rows-dropped";
  }
}
