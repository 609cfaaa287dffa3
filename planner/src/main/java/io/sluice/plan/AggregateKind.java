package io.sluice.plan;

/** The aggregate functions the runtime computes; NULL arguments are ignored by all but COUNT(*). */
public enum AggregateKind {
  /** COUNT(*) with no arguments, else the number of rows whose arguments are all non-NULL. */
  COUNT,
  /** NULL over no (non-NULL) rows. */
  SUM,
  /** Like SUM but 0 over no rows (Calcite's $SUM0). */
  SUM0,
  MIN,
  MAX,
  /** SUM / COUNT computed in the result type (integer division for exact integer results). */
  AVG,
  /** Population standard deviation, sqrt(VAR_POP); NULL over no rows. */
  STDDEV_POP,
  /** Sample standard deviation, sqrt(VAR_SAMP); NULL over fewer than two rows. */
  STDDEV_SAMP,
  /** Population variance: the mean squared deviation from the mean. */
  VAR_POP,
  /** Sample variance: squared deviations / (count - 1); NULL over fewer than two rows. */
  VAR_SAMP,
  /**
   * The approximate number of distinct non-NULL values, by a HyperLogLog sketch of 2^14
   * registers: relative standard error 1.04 / sqrt(2^14), about 0.81%.
   */
  APPROX_COUNT_DISTINCT
}
