package io.sluice.planner.rules;

import io.sluice.planner.rel.SluiceTableScan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.rex.RexUtil;

/** Moves a filter into the scan below it, so the source drops rows as it decodes them. */
final class FilterIntoScanRule extends RelRule<RuleConfig> {
  FilterIntoScanRule(RuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalFilter filter = call.rel(0);
    SluiceTableScan scan = call.rel(1);
    List<RexNode> conditions = new ArrayList<>();
    if (scan.filter() != null) {
      conditions.add(scan.filter());
    }
    // Conditions calling user functions stay in a Calc above the scan, where the session's
    // 'udf.errors' policy can drop just the rows a function fails on.
    List<RexNode> kept = new ArrayList<>();
    for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
      (callsUserFunction(conjunct) ? kept : conditions).add(conjunct);
    }
    if (kept.size() == RelOptUtil.conjunctions(filter.getCondition()).size()) {
      return;
    }
    RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
    RelNode pushed = scan.withPushdown(scan.columns(), RexUtil.composeConjunction(rexBuilder, conditions));
    call.transformTo(kept.isEmpty() ? pushed
        : filter.copy(filter.getTraitSet(), pushed, RexUtil.composeConjunction(rexBuilder, kept)));
  }

  private static boolean callsUserFunction(RexNode node) {
    return node.accept(new RexVisitorImpl<Boolean>(true) {
      @Override
      public Boolean visitCall(RexCall call) {
        if (call.getOperator() instanceof io.sluice.planner.UserSqlFunction) {
          return true;
        }
        for (RexNode operand : call.getOperands()) {
          if (Boolean.TRUE.equals(operand.accept(this))) {
            return true;
          }
        }
        return false;
      }

      @Override
      public Boolean visitInputRef(org.apache.calcite.rex.RexInputRef ref) {
        return false;
      }

      @Override
      public Boolean visitLiteral(org.apache.calcite.rex.RexLiteral literal) {
        return false;
      }
    }) == Boolean.TRUE;
  }
}
