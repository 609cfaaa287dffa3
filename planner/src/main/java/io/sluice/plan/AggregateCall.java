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
 */
public record AggregateCall(
    AggregateKind kind, List<Integer> arguments, boolean distinct, int filterColumn, DataType type, String name) {
  public AggregateCall {
    requireNonNull(kind, "kind is null");
    arguments = List.copyOf(arguments);
    requireNonNull(type, "type is null");
    requireNonNull(name, "name is null");
  }

  @Override
  public String toString() {
    String args = arguments.isEmpty() ? "*" : arguments.stream().map(i -> "$" + i).reduce((a, b) -> a + ", " + b).orElse("");
    return kind + "(" + (distinct ? "DISTINCT " : "") + args + ")" + (filterColumn >= 0 ? " FILTER $" + filterColumn : "");
  }
}
