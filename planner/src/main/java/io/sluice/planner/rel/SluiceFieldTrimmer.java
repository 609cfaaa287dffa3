package io.sluice.planner.rel;

import java.util.Collections;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexPermuteInputsShuttle;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.IntPair;
import org.apache.calcite.util.mapping.Mapping;
import org.apache.calcite.util.mapping.MappingType;
import org.apache.calcite.util.mapping.Mappings;

/**
 * A field trimmer that also trims below {@link TemporalJoinRel}s: each side keeps the columns
 * the join's consumers, its condition and its period read, and the right side its version
 * time column. (Calcite's trimmer finds this method by reflection, as it does its own.)
 */
public final class SluiceFieldTrimmer extends RelFieldTrimmer {
  public SluiceFieldTrimmer(SqlValidator validator, RelBuilder relBuilder) {
    super(validator, relBuilder);
  }

  /** Trims both inputs of {@code join} to the columns it needs and renumbers its expressions. */
  public TrimResult trimFields(TemporalJoinRel join, ImmutableBitSet fieldsUsed, Set<RelDataTypeField> extraFields) {
    RelNode left = join.getLeft();
    RelNode right = join.getRight();
    int leftCount = left.getRowType().getFieldCount();
    int fieldCount = join.getRowType().getFieldCount();
    ImmutableBitSet.Builder used = fieldsUsed.rebuild()
        .addAll(RelOptUtil.InputFinder.bits(join.condition()))
        .addAll(RelOptUtil.InputFinder.bits(join.period()));
    if (join.rightTime() >= 0) {
      used.set(leftCount + join.rightTime());
    }
    ImmutableBitSet all = used.build();
    ImmutableBitSet leftUsed = all.get(0, leftCount);
    ImmutableBitSet rightUsed = all.get(leftCount, fieldCount).shift(-leftCount);
    TrimResult leftTrimmed = trimChild(join, left, leftUsed, Collections.emptySet());
    TrimResult rightTrimmed = trimChild(join, right, rightUsed, Collections.emptySet());
    RelNode newLeft = leftTrimmed.left;
    RelNode newRight = rightTrimmed.left;
    int newLeftCount = newLeft.getRowType().getFieldCount();
    int newCount = newLeftCount + newRight.getRowType().getFieldCount();
    Mapping mapping = Mappings.create(MappingType.INVERSE_SURJECTION, fieldCount, newCount);
    for (IntPair pair : leftTrimmed.right) {
      mapping.set(pair.source, pair.target);
    }
    for (IntPair pair : rightTrimmed.right) {
      mapping.set(leftCount + pair.source, newLeftCount + pair.target);
    }
    RexPermuteInputsShuttle renumber = new RexPermuteInputsShuttle(mapping, newLeft, newRight);
    RexNode condition = join.condition().accept(renumber);
    RexNode period = join.period().accept(renumber);
    int rightTime = join.rightTime() < 0 ? -1 : rightTrimmed.right.getTarget(join.rightTime());
    TemporalJoinRel trimmed = new TemporalJoinRel(join.getCluster(), join.getTraitSet(), newLeft, newRight,
        join.joinType(), condition, period, rightTime);
    return result(trimmed, mapping);
  }
}
