package io.sluice.planner.rel;

import io.sluice.planner.PlanningException;
import io.sluice.planner.ProcTimeFunction;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Snapshot;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/**
 * The rewrite of {@code left JOIN t FOR SYSTEM_TIME AS OF left.x ON ...}, which Calcite converts
 * to a correlation of the left input with a filtered snapshot of {@code t}, into a
 * {@link TemporalJoinRel} whose condition refers to both inputs directly.
 */
public final class TemporalJoins {
  private TemporalJoins() {}

  /** {@code rel} with every temporal-table correlation replaced by a {@link TemporalJoinRel}. */
  public static RelNode rewrite(RelNode rel) {
    return rel.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        RelNode visited = super.visit(other);
        if (visited instanceof LogicalCorrelate correlate) {
          return temporalJoin(correlate);
        }
        // A period that mentions no left column, such as PROCTIME(), leaves a plain join.
        if (visited instanceof LogicalJoin join && join.getRight() instanceof Snapshot snapshot) {
          if (join.getJoinType() != JoinRelType.INNER && join.getJoinType() != JoinRelType.LEFT) {
            throw new PlanningException("A join with FOR SYSTEM_TIME AS OF is INNER or LEFT, not "
                + join.getJoinType().name());
          }
          return new TemporalJoinRel(join.getCluster(), join.getTraitSet(), join.getLeft(), snapshot.getInput(),
              join.getJoinType(), join.getCondition(), snapshot.getPeriod(),
              versionTime(snapshot.getInput(), snapshot.getPeriod(), join.getLeft()));
        }
        return visited;
      }
    });
  }

  private static RelNode temporalJoin(LogicalCorrelate correlate) {
    RelNode right = correlate.getRight();
    RexNode condition = null;
    if (right instanceof Filter filter) {
      condition = filter.getCondition();
      right = filter.getInput();
    }
    if (!(right instanceof Snapshot snapshot)) {
      return correlate;
    }
    if (correlate.getJoinType() != JoinRelType.INNER && correlate.getJoinType() != JoinRelType.LEFT) {
      throw new PlanningException("A join with FOR SYSTEM_TIME AS OF is INNER or LEFT, not "
          + correlate.getJoinType().name());
    }
    RexBuilder rexBuilder = correlate.getCluster().getRexBuilder();
    int leftCount = correlate.getLeft().getRowType().getFieldCount();
    CorrelationId id = correlate.getCorrelationId();
    // Right columns move behind the left ones; the correlation's fields become left columns.
    RexShuttle toJoinInputs = new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(ref.getIndex() + leftCount, ref.getType());
      }

      @Override
      public RexNode visitFieldAccess(RexFieldAccess access) {
        if (access.getReferenceExpr() instanceof RexCorrelVariable variable && variable.id.equals(id)) {
          return new RexInputRef(access.getField().getIndex(), access.getType());
        }
        return super.visitFieldAccess(access);
      }
    };
    RexNode joinCondition = condition == null ? rexBuilder.makeLiteral(true) : condition.accept(toJoinInputs);
    // The period mentions only the left row (or nothing, as PROCTIME() does).
    RexNode period = snapshot.getPeriod().accept(new RexShuttle() {
      @Override
      public RexNode visitFieldAccess(RexFieldAccess access) {
        if (access.getReferenceExpr() instanceof RexCorrelVariable variable && variable.id.equals(id)) {
          return new RexInputRef(access.getField().getIndex(), access.getType());
        }
        return super.visitFieldAccess(access);
      }
    });
    return new TemporalJoinRel(correlate.getCluster(), correlate.getTraitSet(), correlate.getLeft(),
        snapshot.getInput(), correlate.getJoinType(), joinCondition, period,
        versionTime(snapshot.getInput(), period, correlate.getLeft()));
  }

  /**
   * The column of {@code right} that dates its versions when it is joined on event time: a
   * table's watermark column; -1 for a lookup join on processing time, which reads no version
   * time, and for a right side that is no table with a watermark (lowering says what is wrong).
   */
  private static int versionTime(RelNode right, RexNode period, RelNode left) {
    if (isProcTime(period, left) || !(right instanceof SluiceTableScan scan) || scan.spec().watermark() == null) {
      return -1;
    }
    return scan.columns().indexOf(scan.spec().watermark().column());
  }

  /** Whether {@code period} (over {@code left}'s columns) is PROCTIME(), directly or through projections. */
  public static boolean isProcTime(RexNode period, RelNode left) {
    RexNode expression = period;
    RelNode node = left;
    while (true) {
      if (expression instanceof RexCall call) {
        return call.getOperator() == ProcTimeFunction.INSTANCE;
      }
      if (!(expression instanceof RexInputRef ref)) {
        return false;
      }
      int index = ref.getIndex();
      if (node instanceof Project project) {
        expression = project.getProjects().get(index);
      } else if (node instanceof Calc calc) {
        expression = calc.getProgram().expandLocalRef(calc.getProgram().getProjectList().get(index));
      } else if (node instanceof Filter) {
        expression = ref;
      } else {
        return false;
      }
      node = node.getInput(0);
    }
  }
}
