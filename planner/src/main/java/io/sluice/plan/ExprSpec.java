package io.sluice.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A scalar expression over the columns of one input row, as the runtime compiles it.
 *
 * <p>Every node carries its result type; the runtime never infers types. Literal values
 * use the Java representation of their {@link TypeKind}.
 */
public sealed interface ExprSpec {
  DataType type();

  /** A reference to input column {@code index}. */
  record InputRef(int index, DataType type) implements ExprSpec {
    public InputRef {
      requireNonNull(type, "type is null");
    }

    @Override
    public String toString() {
      return "$" + index;
    }
  }

  /** A constant; {@code value} is null for SQL NULL. */
  record Literal(Object value, DataType type) implements ExprSpec {
    public Literal {
      requireNonNull(type, "type is null");
    }

    @Override
    public String toString() {
      if (value == null) {
        return "null:" + type.kind();
      }
      return value instanceof String s ? "'" + s.replace("'", "''") + "'" : String.valueOf(value);
    }
  }

  /** An operator applied to operands; see {@link ScalarOp} for each operator's operands. */
  record Call(ScalarOp op, List<ExprSpec> operands, DataType type) implements ExprSpec {
    public Call {
      requireNonNull(op, "op is null");
      operands = List.copyOf(operands);
      requireNonNull(type, "type is null");
    }

    public ExprSpec operand(int index) {
      return operands.get(index);
    }

    @Override
    public String toString() {
      return op.name() + operands.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }
  }

  /**
   * A call of a user function's Java {@code method}; the planner has resolved the overload and
   * cast every operand to the type the method's parameter maps to.
   */
  record UserCall(io.sluice.udf.UserFunction function, java.lang.reflect.Method method, List<ExprSpec> operands,
      DataType type) implements ExprSpec {
    public UserCall {
      requireNonNull(function, "function is null");
      requireNonNull(method, "method is null");
      operands = List.copyOf(operands);
      requireNonNull(type, "type is null");
    }

    @Override
    public String toString() {
      return function.name() + operands.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }
  }
}
