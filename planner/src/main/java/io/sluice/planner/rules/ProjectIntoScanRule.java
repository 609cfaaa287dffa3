package io.sluice.planner.rules;

import io.sluice.planner.rel.SluiceTableScan;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * Narrows the scan under a projection to the columns the projection reads, so the source
 * decodes nothing else; the projection disappears when it only renames nothing and reorders nothing.
 */
final class ProjectIntoScanRule extends RelRule<RuleConfig> {
  ProjectIntoScanRule(RuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalProject project = call.rel(0);
    SluiceTableScan scan = call.rel(1);
    ScanColumns narrowed = ScanColumns.narrow(scan, RelOptUtil.InputFinder.bits(project.getProjects(), null));
    if (!narrowed.narrows(scan)) {
      if (isTrivial(project.getProjects(), project, scan)) {
        call.transformTo(scan);
      }
      return;
    }
    SluiceTableScan newScan = scan.withPushdown(narrowed.tableColumns(), narrowed.remap(scan.filter()));
    List<RexNode> projects = project.getProjects().stream().map(narrowed::remap).toList();
    if (isTrivial(projects, project, newScan)) {
      call.transformTo(newScan);
    } else {
      call.transformTo(project.copy(project.getTraitSet(), newScan, projects, project.getRowType()));
    }
  }

  private static boolean isTrivial(List<RexNode> projects, LogicalProject project, SluiceTableScan scan) {
    return RexUtil.isIdentity(projects, scan.getRowType())
        && scan.getRowType().getFieldNames().equals(project.getRowType().getFieldNames());
  }
}
