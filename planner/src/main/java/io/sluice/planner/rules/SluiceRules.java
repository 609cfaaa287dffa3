package io.sluice.planner.rules;

import io.sluice.planner.rel.SluiceTableScan;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;

/** The planner rules Sluice adds to Calcite's, one instance each. */
public final class SluiceRules {
  private SluiceRules() {}

  /** Moves a filter's condition into the scan below it. */
  public static final RelOptRule FILTER_INTO_SCAN = new RuleConfig(
      "FilterIntoScanRule",
      b0 -> b0.operand(LogicalFilter.class).oneInput(b1 -> b1.operand(SluiceTableScan.class).noInputs()),
      FilterIntoScanRule::new).toRule();

  /** Narrows a scan to the columns the projection above it reads. */
  public static final RelOptRule PROJECT_INTO_SCAN = new RuleConfig(
      "ProjectIntoScanRule",
      b0 -> b0.operand(LogicalProject.class).oneInput(b1 -> b1.operand(SluiceTableScan.class).noInputs()),
      ProjectIntoScanRule::new).toRule();

  /** Narrows a scan to the columns the aggregate above it reads. */
  public static final RelOptRule AGGREGATE_INTO_SCAN = new RuleConfig(
      "AggregateIntoScanRule",
      b0 -> b0.operand(LogicalAggregate.class).oneInput(b1 -> b1.operand(SluiceTableScan.class).noInputs()),
      AggregateIntoScanRule::new).toRule();
}
