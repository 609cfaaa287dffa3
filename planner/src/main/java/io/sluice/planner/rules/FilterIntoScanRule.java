package io.sluice.planner.rules;

import io.sluice.planner.rel.SluiceTableScan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexNode;
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
    conditions.add(filter.getCondition());
    RexNode condition = RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), conditions);
    call.transformTo(scan.withPushdown(scan.columns(), condition));
  }
}
