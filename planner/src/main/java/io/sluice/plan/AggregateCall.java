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
 * @param function for {@link AggregateKind#USER}, the user aggregate function; else null
 * @param accumulate for {@link AggregateKind#USER}, the chosen {@code accumulate} overload; else null
 * @param parameter a literal argument of the function (the fraction of APPROX_PERCENTILE), or NaN
 */
public record AggregateCall(
    AggregateKind kind, List<Integer> arguments, boolean distinct, int filterColumn, DataType type, String name,
    io.sluice.udf.UserFunction function, java.lang.reflect.Method accumulate, double parameter) {
  public AggregateCall {
    requireNonNull(kind, "kind is null");
    arguments = List.copyOf(arguments);
    requireNonNull(type, "type is null");
    requireNonNull(name, "name is null");
    if ((kind == AggregateKind.USER) != (function != null && accumulate != null)) {
      throw new IllegalArgumentException("a USER aggregate, and only one, names its function and accumulate method");
    }
  }

  /** A call of a built-in aggregate without a literal parameter. */
  public AggregateCall(
      AggregateKind kind, List<Integer> arguments, boolean distinct, int filterColumn, DataType type, String name) {
    this(kind, arguments, distinct, filterColumn, type, name, null, null, Double.NaN);
  }

  /** A call of a built-in aggregate with a literal parameter. */
  public AggregateCall(AggregateKind kind, List<Integer> arguments, boolean distinct, int filterColumn, DataType type,
      String name, double parameter) {
    this(kind, arguments, distinct, filterColumn, type, name, null, null, parameter);
  }

  /** A call of a user aggregate function. */
  public AggregateCall(AggregateKind kind, List<Integer> arguments, boolean distinct, int filterColumn, DataType type,
      String name, io.sluice.udf.UserFunction function, java.lang.reflect.Method accumulate) {
    this(kind, arguments, distinct, filterColumn, type, name, function, accumulate, Double.NaN);
  }

  @Override
  public String toString() {
    String args = arguments.isEmpty() ? "*" : arguments.stream().map(i -> "$" + i).reduce((a, b) -> a + ", " + b).orElse("");
    String literal = Double.isNaN(parameter) ? "" : ", " + parameter;
    return (function != null ? function.name() : kind.toString()) + "(" + (distinct ? "DISTINCT " : "") + args + literal + ")" + (filterColumn >= 0 ? " FILTER $" + filterColumn : "");
  }
}
