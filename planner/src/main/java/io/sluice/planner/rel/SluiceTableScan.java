package io.sluice.planner.rel;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.TableSpec;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;

/**
 * A scan of a catalog table that decodes only {@code columns} (indexes into the table's
 * columns, in output order) and keeps only rows where {@code filter} (over the output
 * columns, or null) is TRUE: the form projection and filter pushdown leave a scan in.
 */
public final class SluiceTableScan extends TableScan {
  private final TableSpec spec;
  private final List<Integer> columns;
  private final RexNode filter;

  public SluiceTableScan(
      RelOptCluster cluster, RelTraitSet traits, RelOptTable table, TableSpec spec, List<Integer> columns,
      RexNode filter) {
    super(cluster, traits, List.of(), table);
    this.spec = requireNonNull(spec, "spec is null");
    this.columns = List.copyOf(columns);
    this.filter = filter;
  }

  public TableSpec spec() {
    return spec;
  }

  public List<Integer> columns() {
    return columns;
  }

  /** The pushed-down filter over the output columns, or null. */
  public RexNode filter() {
    return filter;
  }

  public SluiceTableScan withPushdown(List<Integer> newColumns, RexNode newFilter) {
    return new SluiceTableScan(getCluster(), getTraitSet(), getTable(), spec, newColumns, newFilter);
  }

  @Override
  public RelDataType deriveRowType() {
    List<RelDataTypeField> all = table.getRowType().getFieldList();
    RelDataTypeFactory.Builder builder = getCluster().getTypeFactory().builder();
    for (int column : columns) {
      builder.add(all.get(column));
    }
    return builder.build();
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new SluiceTableScan(getCluster(), traitSet, getTable(), spec, columns, filter);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    List<String> names = spec.schema().names();
    return super.explainTerms(pw)
        .item("columns", columns.stream().map(names::get).collect(Collectors.joining(", ", "[", "]")))
        .itemIf("filter", filter, filter != null);
  }
}
