package io.sluice.runtime.testing;

import io.sluice.plan.ExprSpec;
import io.sluice.plan.Schema;
import io.sluice.runtime.batch.Rows;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.codegen.CompiledCalc;
import io.sluice.runtime.operator.CalcProvider;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A hand-written stand-in for the generated-code compiler, interpreting the few operators
 * runtime tests use (input refs, literals, MINUS and comparisons on integers/timestamps).
 * It boxes per row, which is fine for tests; it is replaced by the real CalcCompiler at merge.
 */
public final class TestCalcs implements CalcProvider {
  @Override
  public CompiledCalc compile(Schema input, List<ExprSpec> projections, ExprSpec condition) {
    return (in, out) -> {
      int written = 0;
      for (int row = 0; row < in.getRowCount(); row++) {
        if (condition != null && !Boolean.TRUE.equals(eval(condition, in, row, input))) {
          continue;
        }
        for (int p = 0; p < projections.size(); p++) {
          ExprSpec projection = projections.get(p);
          Vectors.setObject(out.getVector(p), written, eval(projection, in, row, input), projection.type());
        }
        written++;
      }
      out.setRowCount(written);
      return written;
    };
  }

  private static Object eval(ExprSpec expr, VectorSchemaRoot in, int row, Schema input) {
    if (expr instanceof ExprSpec.InputRef ref) {
      return Rows.get(in.getVector(ref.index()), row, input.type(ref.index()));
    }
    if (expr instanceof ExprSpec.Literal literal) {
      return literal.value();
    }
    ExprSpec.Call call = (ExprSpec.Call) expr;
    Object left = eval(call.operand(0), in, row, input);
    Object right = eval(call.operand(1), in, row, input);
    if (left == null || right == null) {
      return null;
    }
    long a = ((Number) left).longValue();
    long b = ((Number) right).longValue();
    return switch (call.op()) {
      case MINUS -> a - b;
      case GREATER_THAN -> a > b;
      case LESS_THAN -> a < b;
      case EQUALS -> a == b;
      default -> throw new UnsupportedOperationException("TestCalcs does not interpret " + call.op());
    };
  }
}
