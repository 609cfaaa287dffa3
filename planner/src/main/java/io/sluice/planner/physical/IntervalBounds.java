package io.sluice.planner.physical;

import io.sluice.plan.ExprSpec;
import io.sluice.plan.PlanNode;
import io.sluice.plan.PlanNode.IntervalJoin.ColumnBound;
import io.sluice.plan.WatermarkSpec;
import io.sluice.planner.rel.SluiceTableScan;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The time bounds of an interval join found in a join condition: the right row's event time
 * minus the left row's lies within {@code [lower, upper]} milliseconds. Each event time is
 * read from a join input column ({@code leftTime}, {@code rightTime}) that holds a table's
 * event-time attribute (a column with a WATERMARK) plus a constant shift, since Calcite
 * pushes {@code ts - INTERVAL ...} of a join condition into a projection below the join.
 * Bounds are taken as inclusive even for {@code <} and {@code >}: they only decide when
 * state may be dropped, while the join condition itself still decides matches.
 */
record IntervalBounds(int leftTime, long leftShift, int rightTime, long rightShift, long lower, long upper,
    ColumnBound leftUntil, ColumnBound rightUntil) {

  /** Bounds that are both constants. */
  IntervalBounds(int leftTime, long leftShift, int rightTime, long rightShift, long lower, long upper) {
    this(leftTime, leftShift, rightTime, rightShift, lower, upper, null, null);
  }

  /**
   * The bounds the conjuncts imply for the join of {@code left} and {@code right}, or null.
   * Besides constant bounds on the difference of the event times, a conjunct may bound one
   * side's event time by a TIMESTAMP(3) column of the other side ({@code b.ts <= a.expires}):
   * then the other side's rows leave the state once the watermark passes that column.
   */
  static IntervalBounds find(List<RexNode> conjuncts, RelNode left, RelNode right) {
    int leftCount = left.getRowType().getFieldCount();
    Term leftTerm = null;
    Term rightTerm = null;
    Long lower = null;
    Long upper = null;
    ColumnBound leftUntil = null;
    ColumnBound rightUntil = null;
    for (RexNode conjunct : conjuncts) {
      if (!(conjunct instanceof RexCall call) || call.getOperands().size() != 2) {
        continue;
      }
      boolean greater;
      switch (call.getKind()) {
        case GREATER_THAN, GREATER_THAN_OR_EQUAL -> greater = true;
        case LESS_THAN, LESS_THAN_OR_EQUAL -> greater = false;
        default -> {
          continue;
        }
      }
      Term a = term(call.getOperands().get(0), left, right, leftCount);
      Term b = term(call.getOperands().get(1), left, right, leftCount);
      if (a == null || b == null) {
        // partner time <= column: a is the time when the call is <, b when it is >.
        Term time = greater ? b : a;
        RexNode other = call.getOperands().get(greater ? 0 : 1);
        long[] column = time == null ? null : shiftedColumn(other);
        if (column == null || (column[0] >= leftCount) == time.isRight || !isMillisTimestamp(other)) {
          continue;
        }
        Term known = time.isRight ? rightTerm : leftTerm;
        if (known != null && !known.base.equals(time.base)) {
          continue;
        }
        ColumnBound bound = new ColumnBound((int) (time.isRight ? column[0] : column[0] - leftCount),
            column[1] - time.offset);
        if (time.isRight && leftUntil == null) {
          leftUntil = bound;
          rightTerm = time;
        } else if (!time.isRight && rightUntil == null) {
          rightUntil = bound;
          leftTerm = time;
        }
        continue;
      }
      if (a.isRight == b.isRight) {
        continue;
      }
      Term l = a.isRight ? b : a;
      Term r = a.isRight ? a : b;
      if ((leftTerm != null && !leftTerm.base.equals(l.base)) || (rightTerm != null && !rightTerm.base.equals(r.base))) {
        continue;
      }
      leftTerm = leftTerm == null ? l : leftTerm;
      rightTerm = rightTerm == null ? r : rightTerm;
      // a OP b with a = ta + a.offset, b = tb + b.offset: ta - tb OP b.offset - a.offset.
      long bound = b.offset - a.offset;
      boolean isLower = greater;
      if (!a.isRight) {
        // tl - tr OP bound, i.e. tr - tl (reversed OP) -bound.
        bound = -bound;
        isLower = !greater;
      }
      if (isLower) {
        lower = lower == null ? bound : Math.max(lower, bound);
      } else {
        upper = upper == null ? bound : Math.min(upper, bound);
      }
    }
    // Each side's rows need a last time a partner can come: a constant bound or a column bound.
    if (leftTerm == null || rightTerm == null || (upper == null && leftUntil == null)
        || (lower == null && rightUntil == null) || (lower != null && upper != null && lower > upper)) {
      return null;
    }
    return new IntervalBounds(leftTerm.column, leftTerm.columnShift, rightTerm.column - leftCount,
        rightTerm.columnShift, lower == null ? Long.MIN_VALUE : lower, upper == null ? Long.MAX_VALUE : upper,
        leftUntil, rightUntil);
  }

  /** Whether {@code node} is a TIMESTAMP(3), the type event times are compared in. */
  private static boolean isMillisTimestamp(RexNode node) {
    return node.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP && node.getType().getPrecision() == 3;
  }

  /**
   * The bounds of a window join, or null: two windowed inputs (window aggregates or window
   * TVFs, without allowed lateness) whose keys include equal {@code window_end} columns. Each
   * window's rows arrive before the watermark passes its end, so the rows of a window may
   * leave the state once the watermark passes {@code window_end - 1} (the window time).
   */
  static IntervalBounds windowJoin(PlanNode left, PlanNode right, List<Integer> leftKeys, List<Integer> rightKeys) {
    for (int i = 0; i < leftKeys.size(); i++) {
      if (isWindowEnd(left, leftKeys.get(i)) && isWindowEnd(right, rightKeys.get(i))) {
        // window_end holds the window time + 1 ms; equal ends mean equal window times.
        return new IntervalBounds(leftKeys.get(i), 1, rightKeys.get(i), 1, 0, 0);
      }
    }
    return null;
  }

  /** Whether column {@code column} of {@code node} is, through projections, the window_end of a windowing node. */
  private static boolean isWindowEnd(PlanNode node, int column) {
    PlanNode current = node;
    int index = column;
    while (current instanceof PlanNode.Calc calc) {
      if (!(calc.projections().get(index) instanceof ExprSpec.InputRef ref)) {
        return false;
      }
      index = ref.index();
      current = calc.input();
    }
    if (current instanceof PlanNode.WindowAggregate aggregate) {
      return aggregate.lateness().allowedLateness() == 0 && index == aggregate.groupKeys().size() + 1;
    }
    if (current instanceof PlanNode.WindowAssign assign) {
      return assign.lateness().allowedLateness() == 0 && index == assign.input().schema().size() + 1;
    }
    return false;
  }

  /**
   * One side of a comparison: {@code event time + offset}, the event time being {@code base}
   * (a table column), read from join column {@code column} which holds {@code base + columnShift}.
   */
  private record Term(boolean isRight, int column, long columnShift, String base, long offset) {}

  private static Term term(RexNode operand, RelNode left, RelNode right, int leftCount) {
    long[] shifted = shiftedColumn(operand);
    if (shifted == null) {
      return null;
    }
    int column = (int) shifted[0];
    boolean isRight = column >= leftCount;
    Origin origin = eventTimeOrigin(isRight ? right : left, isRight ? column - leftCount : column);
    if (origin == null) {
      return null;
    }
    return new Term(isRight, column, origin.shift, origin.base, origin.shift + shifted[1]);
  }

  /** {@code [column, offset millis]} for {@code column}, {@code column + interval} or {@code column - interval}. */
  private static long[] shiftedColumn(RexNode node) {
    if (node instanceof RexInputRef ref) {
      return new long[] {ref.getIndex(), 0};
    }
    if (!(node instanceof RexCall call) || call.getOperands().size() != 2
        || (call.getKind() != SqlKind.PLUS && call.getKind() != SqlKind.MINUS)) {
      return null;
    }
    if (!(call.getOperands().get(0) instanceof RexInputRef ref)
        || !(call.getOperands().get(1) instanceof RexLiteral literal)
        || literal.getType().getSqlTypeName().getFamily() != SqlTypeFamily.INTERVAL_DAY_TIME
        || !(literal.getValue() instanceof BigDecimal millis)) {
      return null;
    }
    long offset = millis.longValueExact();
    return new long[] {ref.getIndex(), call.getKind() == SqlKind.PLUS ? offset : -offset};
  }

  /** A column's value as event-time column {@code base} (a table scan's column) plus {@code shift} milliseconds. */
  record Origin(String base, long shift) {}

  /**
   * The origin when column {@code column} of {@code input} is, through projections
   * and filters, a table's event-time column plus a constant; else null.
   */
  static Origin eventTimeOrigin(RelNode input, int column) {
    RelNode node = input;
    int index = column;
    long shift = 0;
    while (true) {
      if (node instanceof SluiceTableScan scan) {
        WatermarkSpec watermark = scan.spec().watermark();
        if (watermark == null || watermark.column() != scan.columns().get(index)) {
          return null;
        }
        return new Origin(scan.getId() + "." + index, shift);
      }
      RexNode expression;
      if (node instanceof Project project) {
        expression = project.getProjects().get(index);
      } else if (node instanceof Calc calc) {
        expression = calc.getProgram().expandLocalRef(calc.getProgram().getProjectList().get(index));
      } else if (node instanceof Filter) {
        expression = new RexInputRef(index, node.getRowType().getFieldList().get(index).getType());
      } else {
        return null;
      }
      long[] shifted = shiftedColumn(expression);
      if (shifted == null) {
        return null;
      }
      index = (int) shifted[0];
      shift += shifted[1];
      node = node.getInput(0);
    }
  }
}
