package io.sluice.planner.physical;

import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuses a Calc into the Calc below it, so the runtime makes one pass (and one copy) instead of
 * two: the outer expressions are rewritten over the inner Calc's input. A Calc over a scan
 * narrows the scan to the columns it reads, so connectors decode nothing that is dropped.
 */
final class CalcFusion {
  private CalcFusion() {}

  /**
   * The Calc computing {@code projections} where {@code condition} holds over {@code input}, fused
   * with {@code input} when it is a Calc and fusing neither drops a condition nor computes a
   * non-trivial inner expression more than once.
   */
  static PlanNode calc(PlanNode input, List<ExprSpec> projections, ExprSpec condition, Schema schema) {
    if (input instanceof PlanNode.Scan scan) {
      return overScan(scan, projections, condition, schema);
    }
    if (!(input instanceof PlanNode.Calc inner) || inner.condition() != null && condition != null) {
      return new PlanNode.Calc(input, projections, condition, schema);
    }
    int[] uses = new int[inner.projections().size()];
    projections.forEach(p -> countUses(p, uses));
    if (condition != null) {
      countUses(condition, uses);
    }
    for (int i = 0; i < uses.length; i++) {
      if (uses[i] > 1 && !isTrivial(inner.projections().get(i))) {
        return new PlanNode.Calc(input, projections, condition, schema);
      }
    }
    List<ExprSpec> fused = new ArrayList<>(projections.size());
    for (ExprSpec projection : projections) {
      fused.add(substitute(projection, inner.projections()));
    }
    ExprSpec fusedCondition = condition != null ? substitute(condition, inner.projections()) : inner.condition();
    return calc(inner.input(), fused, fusedCondition, schema);
  }

  /**
   * The Calc over {@code scan} narrowed to the scan columns the Calc (and the scan's own
   * filter) reads. Calcite's trimming stops at window table functions, whose lowering puts
   * such a Calc straight over the scan; at least one column stays so rows can be counted.
   */
  private static PlanNode overScan(PlanNode.Scan scan, List<ExprSpec> projections, ExprSpec condition,
      Schema schema) {
    int width = scan.columns().size();
    int[] uses = new int[width];
    projections.forEach(p -> countUses(p, uses));
    if (condition != null) {
      countUses(condition, uses);
    }
    if (scan.filter() != null) {
      countUses(scan.filter(), uses);
    }
    List<Integer> columns = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    List<ExprSpec> positions = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      positions.add(null);
      if (uses[i] > 0) {
        positions.set(i, new ExprSpec.InputRef(columns.size(), scan.schema().type(i)));
        columns.add(scan.columns().get(i));
        fields.add(scan.schema().fields().get(i));
      }
    }
    if (columns.isEmpty()) {
      columns.add(scan.columns().get(0));
      fields.add(scan.schema().fields().get(0));
    }
    if (columns.size() == width) {
      return new PlanNode.Calc(scan, projections, condition, schema);
    }
    PlanNode.Scan narrowed = new PlanNode.Scan(scan.table(), columns,
        scan.filter() == null ? null : substitute(scan.filter(), positions), new Schema(fields));
    return new PlanNode.Calc(narrowed, substituteAll(projections, positions),
        condition == null ? null : substitute(condition, positions), schema);
  }

  private static boolean isTrivial(ExprSpec expr) {
    return expr instanceof ExprSpec.InputRef || expr instanceof ExprSpec.Literal;
  }

  private static void countUses(ExprSpec expr, int[] uses) {
    if (expr instanceof ExprSpec.InputRef ref) {
      uses[ref.index()]++;
    } else if (expr instanceof ExprSpec.Call call) {
      call.operands().forEach(operand -> countUses(operand, uses));
    } else if (expr instanceof ExprSpec.UserCall call) {
      call.operands().forEach(operand -> countUses(operand, uses));
    }
  }

  /** {@code expr} with every input reference replaced by the inner expression it names. */
  private static ExprSpec substitute(ExprSpec expr, List<ExprSpec> inner) {
    if (expr instanceof ExprSpec.InputRef ref) {
      return inner.get(ref.index());
    }
    if (expr instanceof ExprSpec.Call call) {
      return new ExprSpec.Call(call.op(), substituteAll(call.operands(), inner), call.type());
    }
    if (expr instanceof ExprSpec.UserCall call) {
      return new ExprSpec.UserCall(call.function(), call.method(), substituteAll(call.operands(), inner), call.type());
    }
    return expr;
  }

  private static List<ExprSpec> substituteAll(List<ExprSpec> exprs, List<ExprSpec> inner) {
    List<ExprSpec> result = new ArrayList<>(exprs.size());
    for (ExprSpec expr : exprs) {
      result.add(substitute(expr, inner));
    }
    return result;
  }
}
