package io.sluice.planner.physical;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.LatenessSpec;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.planner.PlanningException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;

/**
 * The lowering of Calcite's {@link Window} (OVER aggregates) to an {@link PlanNode.OverAggregate}:
 * one window per query, ordered by the event-time column, with a bounded PRECEDING frame
 * ending at the current row.
 */
final class OverLowering {
  private OverLowering() {}

  static PlanNode lower(Window window, PlanNode input, Schema schema) {
    if (window.groups.size() != 1) {
      throw new PlanningException("All OVER aggregates of a query must use the same window (PARTITION BY, "
          + "ORDER BY and frame); split the query into one subquery per window");
    }
    Window.Group group = window.groups.get(0);
    List<RelFieldCollation> order = group.orderKeys.getFieldCollations();
    if (order.size() != 1 || order.get(0).getDirection().isDescending()) {
      throw new PlanningException("An OVER window must ORDER BY the event-time column (the table's WATERMARK FOR "
          + "column) ascending, and by nothing else");
    }
    int timeColumn = order.get(0).getFieldIndex();
    LatenessSpec lateness = WindowLowering.lateness(window.getInput(), timeColumn, "an OVER window's ORDER BY");
    if (WindowLowering.processingTime(window.getInput(), timeColumn)) {
      throw new PlanningException("An OVER window must be ordered by an event-time attribute (WATERMARK FOR), "
          + "not by PROCTIME()");
    }
    if (lateness.lateRowsTable() != null) {
      throw new PlanningException("Table '" + lateness.table() + "' routes late rows to '" + lateness.lateRowsTable()
          + "', which OVER windows do not support yet (window aggregations and window table functions do); "
          + "remove option '" + LatenessSpec.LATE_ROWS_TABLE_OPTION + "' to count late rows only");
    }
    if (!group.upperBound.isCurrentRow()) {
      throw new PlanningException("An OVER window's frame must end at CURRENT ROW, as in ROWS BETWEEN 10 PRECEDING "
          + "AND CURRENT ROW or RANGE BETWEEN INTERVAL '10' MINUTE PRECEDING AND CURRENT ROW");
    }
    long preceding = preceding(window, group.lowerBound, group.isRows);
    int inputCount = window.getInput().getRowType().getFieldCount();
    List<AggregateCall> calls = new ArrayList<>();
    for (int i = 0; i < group.aggCalls.size(); i++) {
      Window.RexWinAggCall call = group.aggCalls.get(i);
      if (call.distinct) {
        throw new PlanningException("DISTINCT aggregates are not supported in OVER windows yet");
      }
      List<Integer> arguments = new ArrayList<>();
      for (RexNode operand : call.getOperands()) {
        if (!(operand instanceof RexInputRef ref) || ref.getIndex() >= inputCount) {
          throw new PlanningException("The arguments of " + call.getOperator().getName()
              + " in an OVER window must be columns");
        }
        arguments.add(ref.getIndex());
      }
      int column = inputCount + i;
      calls.add(new AggregateCall(kind(call), arguments, false, -1, schema.type(column), schema.field(column).name()));
    }
    return new PlanNode.OverAggregate(input, group.keys.asList(), timeColumn, group.isRows, preceding, calls,
        lateness, schema);
  }

  private static AggregateKind kind(Window.RexWinAggCall call) {
    return switch (call.getOperator().getKind()) {
      case COUNT -> AggregateKind.COUNT;
      case SUM -> AggregateKind.SUM;
      case SUM0 -> AggregateKind.SUM0;
      case MIN -> AggregateKind.MIN;
      case MAX -> AggregateKind.MAX;
      case AVG -> AggregateKind.AVG;
      case STDDEV_POP -> AggregateKind.STDDEV_POP;
      case STDDEV_SAMP -> AggregateKind.STDDEV_SAMP;
      case VAR_POP -> AggregateKind.VAR_POP;
      case VAR_SAMP -> AggregateKind.VAR_SAMP;
      default -> throw new PlanningException(call.getOperator().getName()
          + " is not supported in OVER windows yet; use COUNT, SUM, MIN, MAX, AVG, STDDEV or VAR");
    };
  }

  /** The frame's reach back: milliseconds for RANGE, rows for ROWS. */
  private static long preceding(Window window, RexWindowBound bound, boolean rows) {
    if (bound.isCurrentRow()) {
      return 0;
    }
    if (bound.isUnbounded() || !bound.isPreceding()) {
      throw new PlanningException("An OVER window's frame must start a bounded distance back, as in ROWS BETWEEN 10 "
          + "PRECEDING AND CURRENT ROW or RANGE BETWEEN INTERVAL '10' MINUTE PRECEDING AND CURRENT ROW; "
          + "UNBOUNDED PRECEDING (also the default frame) keeps every row and is not supported");
    }
    RexNode offset = bound.getOffset();
    int inputCount = window.getInput().getRowType().getFieldCount();
    if (offset instanceof RexInputRef ref && ref.getIndex() >= inputCount) {
      offset = window.constants.get(ref.getIndex() - inputCount);
    }
    if (!(offset instanceof RexLiteral literal) || literal.getValueAs(BigDecimal.class) == null) {
      throw new PlanningException("An OVER window's PRECEDING offset must be a literal");
    }
    long value = literal.getValueAs(BigDecimal.class).longValueExact();
    if (value < 0) {
      throw new PlanningException("An OVER window's PRECEDING offset must not be negative, not " + value);
    }
    if (!rows && literal.getType().getSqlTypeName().getFamily() != org.apache.calcite.sql.type.SqlTypeFamily.INTERVAL_DAY_TIME) {
      throw new PlanningException("A RANGE frame over event time needs an interval offset, as in RANGE BETWEEN "
          + "INTERVAL '10' MINUTE PRECEDING AND CURRENT ROW");
    }
    return value;
  }
}
