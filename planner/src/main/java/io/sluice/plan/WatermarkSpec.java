package io.sluice.plan;

import static java.util.Objects.requireNonNull;

/**
 * A {@code WATERMARK FOR column AS expression} clause: the event-time column and the
 * expression, over the table's columns, whose maximum so far is the watermark.
 *
 * @param column index of the event-time column in the table schema
 * @param expression a TIMESTAMP expression over the table's columns
 * @param sql the expression as the user wrote it, for DESCRIBE and EXPLAIN
 */
public record WatermarkSpec(int column, ExprSpec expression, String sql) {
  public WatermarkSpec {
    requireNonNull(expression, "expression is null");
    requireNonNull(sql, "sql is null");
  }
}
