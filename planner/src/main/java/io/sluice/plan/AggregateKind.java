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
  AVG
}
