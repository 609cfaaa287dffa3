package io.sluice.planner;

import io.sluice.plan.TableSpec;
import io.sluice.planner.rel.SluiceTableScan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.TemporalTable;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/** The session {@link Catalog} seen through Calcite's schema interfaces, read afresh on every lookup. */
final class CatalogSchema extends AbstractSchema {
  private final Catalog catalog;

  CatalogSchema(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    Map<String, Table> map = new HashMap<>();
    for (TableSpec table : catalog.tables()) {
      map.put(table.name(), new CatalogTable(table));
    }
    for (Catalog.View view : catalog.views()) {
      map.put(view.name(), new CatalogView(view));
    }
    return map;
  }

  /**
   * A declared table; scanning it yields a {@link SluiceTableScan} of all its columns, under a
   * projection appending {@code PROCTIME()} when the table declares a processing-time column.
   * Every table accepts {@code FOR SYSTEM_TIME AS OF} here; lowering checks that the table can
   * serve a temporal join (primary key and watermark) or a lookup join (file connector).
   */
  private static final class CatalogTable extends AbstractTable implements TranslatableTable, TemporalTable {
    private final TableSpec spec;

    CatalogTable(TableSpec spec) {
      this.spec = spec;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      RelDataType physical = TypeConverter.toRowType(typeFactory, spec.schema());
      if (spec.procTime() == null) {
        return physical;
      }
      return typeFactory.builder().addAll(physical.getFieldList())
          .add(spec.procTime(), typeFactory.createSqlType(SqlTypeName.TIMESTAMP, 3)).build();
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
      List<Integer> all = IntStream.range(0, spec.schema().size()).boxed().toList();
      RelNode scan = new SluiceTableScan(context.getCluster(), context.getCluster().traitSet(), relOptTable, spec, all,
          null);
      if (spec.procTime() == null) {
        return scan;
      }
      RexBuilder rexBuilder = context.getCluster().getRexBuilder();
      List<RexNode> projects = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        projects.add(rexBuilder.makeInputRef(scan, i));
      }
      projects.add(rexBuilder.makeCall(ProcTimeFunction.INSTANCE));
      return LogicalProject.create(scan, List.of(), projects, relOptTable.getRowType());
    }

    // Versions are rows of the table itself, not system-period columns, so these name none.
    @Override
    public String getSysStartFieldName() {
      return "";
    }

    @Override
    public String getSysEndFieldName() {
      return "";
    }
  }

  /** A declared view; scanning it expands its query in place. */
  private static final class CatalogView extends AbstractTable implements TranslatableTable {
    private final Catalog.View view;

    CatalogView(Catalog.View view) {
      this.view = view;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      return TypeConverter.toRowType(typeFactory, view.schema());
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
      RelDataType rowType = relOptTable.getRowType();
      return context.expandView(rowType, view.sql(), List.of(), List.of(view.name())).rel;
    }
  }
}
