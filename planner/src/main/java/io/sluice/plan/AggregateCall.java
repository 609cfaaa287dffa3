package io.sluice.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One aggregate function applied to input columns of an {@link PlanNode.Aggregate}.
 *
 * @param arguments input column indexes; empty for COUNT(*)
 * @param distinct whether duplicate argument values count once
 * @param filterColumn index of a BOOLEAN input column (FILTER (WHERE ...)), or -1
 * @param type the result type
 * @param name the output column name
 * @param parameter a literal argument of the function (the fraction of APPROX_PERCENTILE), or NaN
 */
public record AggregateCall(
    AggregateKind kind, List<Integer> arguments, boolean distinct, int filterColumn, DataType type, String name,
    double parameter) {
  public AggregateCall {
    requireNonNull(kind, "kind is null");
    arguments = List.copyOf(arguments);
    requireNonNull(type, "type is null");
    requireNonNull(name, "name is null");
  }

  /** A call without a literal parameter. */
  public AggregateCall(
      AggregateKind kind, List<Integer> arguments, boolean distinct, int filterColumn, DataType type, String name) {
    this(kind, arguments, distinct, filterColumn, type, name, Double.NaN);
  }

  @Override
  public String toString() {
    String args = arguments.isEmpty() ? "*" : arguments.stream().map(i -> "$" + i).reduce((a, b) -> a + ", " + b).orElse("");
    String literal = Double.isNaN(parameter) ? "" : ", " + parameter;
    return kind + "(" + (distinct ? "DISTINCT " : "") + args + literal + ")" + (filterColumn >= 0 ? " FILTER $" + filterColumn : "");
  }
}
