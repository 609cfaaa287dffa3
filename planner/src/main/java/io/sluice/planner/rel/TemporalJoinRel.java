package io.sluice.planner.rel;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.BiRel;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.validate.SqlValidatorUtil;

/**
 * A join of each left row with the right table {@code FOR SYSTEM_TIME AS OF period}: the
 * version of the right table valid at the row's time (a temporal join on event time), or its
 * current content (a lookup join on processing time). {@code condition} is over the left
 * columns followed by the right ones; {@code period} over the left columns; {@code rightTime}
 * is the right column that dates each version (its watermark column) for a temporal join on
 * event time, or -1. Naming that column here keeps field trimming from dropping it, since no
 * expression of the query reads it.
 */
public final class TemporalJoinRel extends BiRel {
  private final JoinRelType joinType;
  private final RexNode condition;
  private final RexNode period;
  private final int rightTime;

  public TemporalJoinRel(RelOptCluster cluster, RelTraitSet traits, RelNode left, RelNode right,
      JoinRelType joinType, RexNode condition, RexNode period, int rightTime) {
    super(cluster, traits, left, right);
    this.joinType = requireNonNull(joinType, "joinType is null");
    this.condition = requireNonNull(condition, "condition is null");
    this.period = requireNonNull(period, "period is null");
    if (rightTime < -1 || rightTime >= right.getRowType().getFieldCount()) {
      throw new IllegalArgumentException("rightTime " + rightTime + " is not a column of the right input");
    }
    this.rightTime = rightTime;
  }

  public JoinRelType joinType() {
    return joinType;
  }

  public RexNode condition() {
    return condition;
  }

  public RexNode period() {
    return period;
  }

  /** The right column dating each version, or -1 for a lookup join (or a table without a watermark). */
  public int rightTime() {
    return rightTime;
  }

  @Override
  protected RelDataType deriveRowType() {
    return SqlValidatorUtil.deriveJoinRowType(left.getRowType(), right.getRowType(), joinType,
        getCluster().getTypeFactory(), null, List.of());
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new TemporalJoinRel(getCluster(), traitSet, inputs.get(0), inputs.get(1), joinType, condition, period,
        rightTime);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    // rightTime follows from the right input and the period, so the digest needs no term for it.
    return super.explainTerms(pw)
        .item("condition", condition)
        .item("joinType", joinType.lowerName)
        .item("period", period);
  }
}
