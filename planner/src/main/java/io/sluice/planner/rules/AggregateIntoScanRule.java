package io.sluice.planner.rules;

import io.sluice.planner.rel.SluiceTableScan;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.util.ImmutableBitSet;

/** Narrows the scan under an aggregate to the group keys, arguments and filters it reads. */
final class AggregateIntoScanRule extends RelRule<RuleConfig> {
  AggregateIntoScanRule(RuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    SluiceTableScan scan = call.rel(1);
    if (aggregate.getGroupSets().size() != 1) {
      return;
    }
    ImmutableBitSet.Builder used = aggregate.getGroupSet().rebuild();
    for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
      used.addAll(aggregateCall.getArgList());
      if (aggregateCall.filterArg >= 0) {
        used.set(aggregateCall.filterArg);
      }
    }
    ScanColumns narrowed = ScanColumns.narrow(scan, used.build());
    if (!narrowed.narrows(scan)) {
      return;
    }
    SluiceTableScan newScan = scan.withPushdown(narrowed.tableColumns(), narrowed.remap(scan.filter()));
    ImmutableBitSet groupSet = aggregate.getGroupSet().permute(narrowed.mapping());
    List<AggregateCall> calls = aggregate.getAggCallList().stream()
        .map(c -> c.transform(narrowed.mapping()))
        .toList();
    call.transformTo(aggregate.copy(aggregate.getTraitSet(), newScan, groupSet, null, calls));
  }
}
