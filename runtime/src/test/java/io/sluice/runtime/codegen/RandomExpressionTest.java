package io.sluice.runtime.codegen;

import static io.sluice.runtime.codegen.CalcFixture.call;
import static io.sluice.runtime.codegen.CalcFixture.lit;
import static io.sluice.runtime.codegen.CalcFixture.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.ScalarOp;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * A property test: random BIGINT arithmetic, comparison and logic over random rows with NULLs,
 * compiled and checked against a plain boxed-value evaluator written here.
 */
class RandomExpressionTest {
  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  private static final DataType BOOL = DataType.of(TypeKind.BOOLEAN);
  private static final Schema SCHEMA = Schema.of(new Field("a", BIGINT), new Field("b", BIGINT),
      new Field("c", BIGINT.withNullable(false)));
  private static final ScalarOp[] ARITHMETIC = {ScalarOp.PLUS, ScalarOp.MINUS, ScalarOp.TIMES, ScalarOp.NEGATE};
  private static final ScalarOp[] COMPARISON = {ScalarOp.EQUALS, ScalarOp.NOT_EQUALS, ScalarOp.LESS_THAN,
      ScalarOp.LESS_THAN_OR_EQUAL, ScalarOp.GREATER_THAN, ScalarOp.GREATER_THAN_OR_EQUAL, ScalarOp.IS_DISTINCT_FROM};

  @Test
  void compiledMatchesReference() {
    Random random = new Random(20240131L);
    try (RootAllocator allocator = new RootAllocator()) {
      for (int round = 0; round < 40; round++) {
        List<Object[]> rows = new ArrayList<>();
        for (int r = 0; r < 64; r++) {
          rows.add(new Object[] {maybeNull(random), maybeNull(random), (long) random.nextInt(21) - 10});
        }
        List<ExprSpec> projections = List.of(number(random, 3), number(random, 3), bool(random, 3));
        ExprSpec condition = random.nextBoolean() ? bool(random, 2) : null;
        List<List<Object>> expected = new ArrayList<>();
        for (Object[] row : rows) {
          if (condition == null || Boolean.TRUE.equals(eval(condition, row))) {
            List<Object> out = new ArrayList<>();
            for (ExprSpec projection : projections) {
              out.add(eval(projection, row));
            }
            expected.add(out);
          }
        }
        assertEquals(expected, CalcFixture.run(allocator, SCHEMA, rows, projections, condition),
            () -> projections + " WHERE " + condition);
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  private static Long maybeNull(Random random) {
    return random.nextInt(5) == 0 ? null : (long) random.nextInt(21) - 10;
  }

  private static ExprSpec number(Random random, int depth) {
    if (depth == 0 || random.nextInt(4) == 0) {
      int choice = random.nextInt(5);
      return choice < 3 ? ref(choice, SCHEMA.type(choice))
          : lit(choice == 3 ? null : (long) random.nextInt(7) - 3, BIGINT);
    }
    int kind = random.nextInt(8);
    if (kind < 5) {
      ScalarOp op = ARITHMETIC[random.nextInt(ARITHMETIC.length)];
      return op == ScalarOp.NEGATE ? call(op, BIGINT, number(random, depth - 1))
          : call(op, BIGINT, number(random, depth - 1), number(random, depth - 1));
    }
    if (kind < 7) {
      return call(ScalarOp.CASE, BIGINT, bool(random, depth - 1), number(random, depth - 1), number(random, depth - 1));
    }
    return call(ScalarOp.COALESCE, BIGINT, number(random, depth - 1), number(random, depth - 1));
  }

  private static ExprSpec bool(Random random, int depth) {
    int kind = depth == 0 ? 0 : random.nextInt(6);
    return switch (kind) {
      case 0, 1 -> call(COMPARISON[random.nextInt(COMPARISON.length)], BOOL,
          number(random, Math.max(0, depth - 1)), number(random, Math.max(0, depth - 1)));
      case 2 -> call(ScalarOp.AND, BOOL, bool(random, depth - 1), bool(random, depth - 1), bool(random, depth - 1));
      case 3 -> call(ScalarOp.OR, BOOL, bool(random, depth - 1), bool(random, depth - 1));
      case 4 -> call(ScalarOp.NOT, BOOL, bool(random, depth - 1));
      default -> call(ScalarOp.IS_NULL, BOOL, number(random, depth - 1));
    };
  }

  /** The reference semantics, one boxed value at a time. */
  private static Object eval(ExprSpec expression, Object[] row) {
    if (expression instanceof ExprSpec.InputRef ref) {
      return row[ref.index()];
    }
    if (expression instanceof ExprSpec.Literal literal) {
      return literal.value();
    }
    ExprSpec.Call call = (ExprSpec.Call) expression;
    List<Object> values = new ArrayList<>();
    switch (call.op()) {
      case AND, OR -> {
        boolean and = call.op() == ScalarOp.AND;
        boolean sawNull = false;
        for (ExprSpec operand : call.operands()) {
          Boolean value = (Boolean) eval(operand, row);
          if (value == null) {
            sawNull = true;
          } else if (value != and) {
            return value;
          }
        }
        return sawNull ? null : and;
      }
      case CASE -> {
        return Boolean.TRUE.equals(eval(call.operand(0), row)) ? eval(call.operand(1), row) : eval(call.operand(2), row);
      }
      case COALESCE -> {
        Object first = eval(call.operand(0), row);
        return first != null ? first : eval(call.operand(1), row);
      }
      case IS_NULL -> {
        return eval(call.operand(0), row) == null;
      }
      case IS_DISTINCT_FROM -> {
        Object x = eval(call.operand(0), row);
        Object y = eval(call.operand(1), row);
        return x == null ? y != null : !x.equals(y);
      }
      default -> {
        for (ExprSpec operand : call.operands()) {
          Object value = eval(operand, row);
          if (value == null) {
            return null;
          }
          values.add(value);
        }
      }
    }
    if (call.op() == ScalarOp.NOT) {
      return !(Boolean) values.get(0);
    }
    long x = (Long) values.get(0);
    if (call.op() == ScalarOp.NEGATE) {
      return -x;
    }
    long y = (Long) values.get(1);
    return switch (call.op()) {
      case PLUS -> x + y;
      case MINUS -> x - y;
      case TIMES -> x * y;
      case EQUALS -> x == y;
      case NOT_EQUALS -> x != y;
      case LESS_THAN -> x < y;
      case LESS_THAN_OR_EQUAL -> x <= y;
      case GREATER_THAN -> x > y;
      case GREATER_THAN_OR_EQUAL -> x >= y;
      default -> throw new IllegalArgumentException(call.op().name());
    };
  }
}
