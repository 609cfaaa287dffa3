package io.sluice.planner.rules;

import io.sluice.planner.rel.SluiceTableScan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexPermuteInputsShuttle;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mappings;

/** A narrowing of a scan to the output columns in use, and the mapping from old to new positions. */
record ScanColumns(List<Integer> tableColumns, Mappings.TargetMapping mapping) {

  /**
   * The scan's columns restricted to {@code used} (positions in the scan's output), plus the
   * columns its own filter reads; at least one column stays so rows can still be counted.
   */
  static ScanColumns narrow(SluiceTableScan scan, ImmutableBitSet used) {
    ImmutableBitSet keep = used;
    if (scan.filter() != null) {
      keep = keep.union(org.apache.calcite.plan.RelOptUtil.InputFinder.bits(scan.filter()));
    }
    if (keep.isEmpty()) {
      keep = ImmutableBitSet.of(0);
    }
    List<Integer> tableColumns = new ArrayList<>();
    for (int position : keep) {
      tableColumns.add(scan.columns().get(position));
    }
    int width = scan.columns().size();
    Mappings.TargetMapping mapping = Mappings.target(keep.toList(), width);
    return new ScanColumns(tableColumns, mapping);
  }

  boolean narrows(SluiceTableScan scan) {
    return tableColumns.size() < scan.columns().size();
  }

  RexNode remap(RexNode node) {
    return node == null ? null : node.accept(new RexPermuteInputsShuttle(mapping));
  }
}
