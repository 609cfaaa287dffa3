package io.sluice.planner.physical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.plan.ScalarOp;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fusing a Calc into the Calc below it, and the cases where it must not. */
class CalcFusionTest {
  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  private static final DataType BOOLEAN = DataType.of(TypeKind.BOOLEAN);
  private static final Schema TWO = Schema.of(new Field("a", BIGINT), new Field("b", BIGINT));
  private static final PlanNode.Values VALUES = new PlanNode.Values(TWO, List.of(List.of(1L, 2L)));

  private static ExprSpec ref(int i) {
    return new ExprSpec.InputRef(i, BIGINT);
  }

  private static ExprSpec call(ScalarOp op, ExprSpec... operands) {
    return new ExprSpec.Call(op, List.of(operands), op == ScalarOp.GREATER_THAN ? BOOLEAN : BIGINT);
  }

  @Test
  void outerExpressionsAreRewrittenOverTheInnerInput() {
    PlanNode.Calc inner = new PlanNode.Calc(VALUES, List.of(ref(1), call(ScalarOp.TIMES, ref(0), ref(1))),
        call(ScalarOp.GREATER_THAN, ref(0), ref(1)), TWO);
    PlanNode fused = CalcFusion.calc(inner, List.of(call(ScalarOp.PLUS, ref(1), ref(0))), null,
        Schema.of(new Field("s", BIGINT)));
    PlanNode.Calc calc = assertInstanceOf(PlanNode.Calc.class, fused);
    assertSame(VALUES, calc.input());
    assertEquals("PLUS(TIMES($0, $1), $1)", calc.projections().get(0).toString());
    assertEquals("GREATER_THAN($0, $1)", calc.condition().toString());
  }

  @Test
  void anInnerExpressionUsedTwiceIsNotComputedTwice() {
    PlanNode.Calc inner = new PlanNode.Calc(VALUES, List.of(call(ScalarOp.TIMES, ref(0), ref(1))), null,
        Schema.of(new Field("p", BIGINT)));
    PlanNode kept = CalcFusion.calc(inner, List.of(call(ScalarOp.PLUS, ref(0), ref(0))), null,
        Schema.of(new Field("s", BIGINT)));
    assertSame(inner, ((PlanNode.Calc) kept).input());
  }

  @Test
  void twoConditionsStayInTwoCalcs() {
    PlanNode.Calc inner = new PlanNode.Calc(VALUES, List.of(ref(0), ref(1)), call(ScalarOp.GREATER_THAN, ref(0), ref(1)),
        TWO);
    PlanNode kept = CalcFusion.calc(inner, List.of(ref(0)), call(ScalarOp.GREATER_THAN, ref(1), ref(0)),
        Schema.of(new Field("a", BIGINT)));
    assertSame(inner, ((PlanNode.Calc) kept).input());
  }
}
