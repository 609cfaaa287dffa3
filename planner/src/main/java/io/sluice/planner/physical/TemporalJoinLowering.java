package io.sluice.planner.physical;

import io.sluice.plan.ExprSpec;
import io.sluice.plan.JoinKind;
import io.sluice.plan.PlanNode;
import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.planner.PlanningException;
import io.sluice.planner.TypeConverter;
import io.sluice.planner.rel.SluiceTableScan;
import io.sluice.planner.rel.TemporalJoinRel;
import io.sluice.planner.rel.TemporalJoins;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * The lowering of {@code FOR SYSTEM_TIME AS OF} joins: on the left row's event-time attribute
 * to a {@link PlanNode.TemporalJoin} against a versioned table (primary key and watermark),
 * on a processing-time attribute ({@code PROCTIME()}) to a {@link PlanNode.LookupJoin}
 * against a file-backed table.
 */
final class TemporalJoinLowering {
  private final Function<RelNode, PlanNode> lower;
  private final RexToExpr rexToExpr;

  TemporalJoinLowering(Function<RelNode, PlanNode> lower, RexToExpr rexToExpr) {
    this.lower = lower;
    this.rexToExpr = rexToExpr;
  }

  PlanNode lower(TemporalJoinRel join, Schema schema) {
    JoinKind kind = switch (join.joinType()) {
      case INNER -> JoinKind.INNER;
      case LEFT -> JoinKind.LEFT;
      default -> throw new PlanningException("A join with FOR SYSTEM_TIME AS OF is INNER or LEFT, not "
          + join.joinType());
    };
    if (!(join.getRight() instanceof SluiceTableScan scan)) {
      throw new PlanningException("FOR SYSTEM_TIME AS OF applies to a declared table, not to a view or subquery");
    }
    TableSpec table = scan.spec();
    PlanNode left = lower.apply(join.getLeft());
    if (RowKind.isChangelog(left.schema())) {
      throw new PlanningException("A join with FOR SYSTEM_TIME AS OF over an updating (changelog) left input"
          + " is not supported yet");
    }
    Schema rightSchema = TypeConverter.toSchema(scan.getRowType());
    int leftCount = join.getLeft().getRowType().getFieldCount();
    List<Integer> leftKeys = new ArrayList<>();
    List<Integer> rightKeys = new ArrayList<>();
    List<RexNode> residual = new ArrayList<>();
    for (RexNode conjunct : RelOptUtil.conjunctions(join.condition())) {
      if (conjunct.isAlwaysTrue()) {
        continue;
      }
      int[] pair = PhysicalLowering.equiKey(conjunct, leftCount, left.schema(), rightSchema);
      if (pair == null) {
        residual.add(conjunct);
      } else {
        leftKeys.add(pair[0]);
        rightKeys.add(pair[1]);
      }
    }
    if (leftKeys.isEmpty()) {
      throw new PlanningException("The join with '" + table.name() + "' FOR SYSTEM_TIME AS OF needs an equality"
          + " between a column of each side in its ON clause, such as o.currency = " + table.name() + ".currency");
    }
    ExprSpec condition = residual.isEmpty() ? null
        : rexToExpr.convert(RexUtil.composeConjunction(join.getCluster().getRexBuilder(), residual));
    if (TemporalJoins.isProcTime(join.period(), join.getLeft())) {
      if (!table.connector().equals("file")) {
        throw new PlanningException("A lookup join (FOR SYSTEM_TIME AS OF a PROCTIME() attribute) reads its table"
            + " from a file, but table '" + table.name() + "' uses connector '" + table.connector()
            + "'; declare it with 'connector' = 'file'");
      }
      return new PlanNode.LookupJoin(left, table, scan.columns(), kind, leftKeys, rightKeys, condition, schema);
    }
    int leftTime = eventTimeColumn(join);
    if (table.primaryKey().isEmpty() || table.watermark() == null) {
      throw new PlanningException("Table '" + table.name() + "' is joined FOR SYSTEM_TIME AS OF an event time,"
          + " so it must be a versioned table: declare PRIMARY KEY (...) NOT ENFORCED and a WATERMARK FOR its"
          + " time column");
    }
    List<String> names = table.schema().names();
    for (String key : table.primaryKey()) {
      int column = scan.columns().indexOf(names.indexOf(key));
      if (!rightKeys.contains(column)) {
        throw new PlanningException("The join with versioned table '" + table.name() + "' must equate its"
            + " primary key column '" + key + "' with a column of the other side");
      }
    }
    int rightTime = join.rightTime();
    if (rightTime < 0) {
      throw new IllegalStateException("the temporal join with '" + table.name() + "' lost its version time column");
    }
    PlanNode right = lower.apply(scan);
    return new PlanNode.TemporalJoin(left, right, kind, leftKeys, rightKeys, leftTime, rightTime, condition, schema);
  }

  /** The left column the period names, which must be the left input's event-time attribute. */
  private static int eventTimeColumn(TemporalJoinRel join) {
    if (join.period() instanceof RexInputRef ref) {
      IntervalBounds.Origin origin = IntervalBounds.eventTimeOrigin(join.getLeft(), ref.getIndex());
      if (origin != null && origin.shift() == 0) {
        return ref.getIndex();
      }
    }
    throw new PlanningException("FOR SYSTEM_TIME AS OF needs the left row's event-time attribute (a column with a"
        + " WATERMARK) or a processing-time attribute (PROCTIME()), not " + join.period());
  }
}
