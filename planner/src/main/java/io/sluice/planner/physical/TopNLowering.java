package io.sluice.planner.physical;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.LatenessSpec;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.SortKey;
import io.sluice.plan.TypeKind;
import io.sluice.planner.PlanningException;
import io.sluice.planner.TypeConverter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * The lowering of window Top-N queries, {@code ROW_NUMBER() OVER (PARTITION BY window_start,
 * window_end, ... ORDER BY ...)} filtered by {@code rn <= N}, {@code rn < N} or {@code rn = 1}
 * over a window table function or window aggregate, to a {@link PlanNode.WindowTopN}.
 */
final class TopNLowering {
  private static final DataType RANK_TYPE = DataType.of(TypeKind.BIGINT).withNullable(false);

  private final Function<RelNode, PlanNode> lowerInput;
  private final RexToExpr rexToExpr;
  private final RexBuilder rexBuilder;

  TopNLowering(Function<RelNode, PlanNode> lowerInput, RexToExpr rexToExpr, RexBuilder rexBuilder) {
    this.lowerInput = lowerInput;
    this.rexToExpr = rexToExpr;
    this.rexBuilder = rexBuilder;
  }

  /** The window Top-N for a Filter (optionally under a Project) over a ROW_NUMBER window, else null. */
  PlanNode lower(RelNode rel, Schema schema) {
    Project project = rel instanceof Project p && p.getInput() instanceof Filter ? p : null;
    RelNode below = project != null ? project.getInput() : rel;
    if (!(below instanceof Filter filter) || !(filter.getInput() instanceof Window window) || !isRowNumber(window)) {
      return null;
    }
    int rank = window.getInput().getRowType().getFieldCount();
    long limit = -1;
    List<RexNode> rest = new ArrayList<>();
    // Calcite folds ranges such as rn BETWEEN 1 AND 3 into SEARCH; comparisons are easier to read.
    RexNode expanded = RexUtil.expandSearch(rexBuilder, null, filter.getCondition());
    for (RexNode conjunct : RelOptUtil.conjunctions(expanded)) {
      long bound = limit < 0 ? rankBound(conjunct, rank) : -1;
      if (bound == Long.MAX_VALUE) {
        continue;
      }
      if (bound > 0) {
        limit = bound;
      } else if (bound == 0) {
        throw new PlanningException("The ROW_NUMBER() condition " + conjunct + " keeps no rows; use rn <= N with N >= 1");
      } else if (references(conjunct, rank)) {
        throw new PlanningException("A window Top-N must filter its ROW_NUMBER() column as rn <= N, rn < N or rn = 1, "
            + "not " + conjunct);
      } else {
        rest.add(conjunct);
      }
    }
    if (limit < 0) {
      throw new PlanningException("ROW_NUMBER() runs only as a window Top-N: filter it with rn <= N, rn < N or "
          + "rn = 1 in an outer query");
    }
    PlanNode input = lowerInput.apply(window.getInput());
    Window.Group group = window.groups.get(0);
    List<Integer> partition = group.keys.asList();
    int[] windowColumns = windowColumns(input);
    if (windowColumns == null || !partition.contains(windowColumns[0]) || !partition.contains(windowColumns[1])) {
      throw new PlanningException("ROW_NUMBER() runs only as a window Top-N: PARTITION BY window_start, window_end "
          + "(and any keys) of a window table function or window aggregate");
    }
    LatenessSpec lateness = lateness(input);
    List<SortKey> sortKeys = new ArrayList<>();
    for (RelFieldCollation collation : group.orderKeys.getFieldCollations()) {
      sortKeys.add(PhysicalLowering.sortKey(collation));
    }
    // An outer projection that drops the rank lets the operator skip writing it.
    boolean keepRank = project == null || RelOptUtil.InputFinder.bits(project.getProjects(), null).get(rank);
    List<Field> fields = new ArrayList<>(input.schema().fields());
    if (keepRank) {
      fields.add(new Field(window.getRowType().getFieldNames().get(rank), RANK_TYPE));
    }
    PlanNode topN = new PlanNode.WindowTopN(input, partition, sortKeys, limit, keepRank, windowColumns[1], lateness,
        new Schema(fields));
    ExprSpec condition = rest.isEmpty() ? null : rexToExpr.convert(RexUtil.composeConjunction(rexBuilder, rest));
    if (project == null && condition == null) {
      return topN;
    }
    Schema filtered = project == null ? topN.schema() : TypeConverter.toSchema(filter.getRowType());
    List<ExprSpec> projections = project != null ? rexToExpr.convert(project.getProjects()) : identity(filtered);
    return CalcFusion.calc(topN, projections, condition, project != null ? schema : filtered);
  }

  static boolean isRowNumber(Window window) {
    return window.groups.size() == 1 && window.groups.get(0).aggCalls.size() == 1
        && window.groups.get(0).aggCalls.get(0).getOperator().getKind() == SqlKind.ROW_NUMBER;
  }

  private static boolean references(RexNode node, int column) {
    return RelOptUtil.InputFinder.bits(node).get(column);
  }

  /**
   * N for {@code rank <= N}, {@code rank < N + 1} or {@code rank = 1} (either side), 0 when
   * empty, {@link Long#MAX_VALUE} for a lower bound every rank meets ({@code rank >= 1}), else -1.
   */
  private static long rankBound(RexNode conjunct, int rank) {
    if (!(conjunct instanceof RexCall call) || call.getOperands().size() != 2) {
      return -1;
    }
    SqlKind kind = call.getKind();
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    if (isColumn(right, rank)) {
      RexNode swap = left;
      left = right;
      right = swap;
      kind = kind.reverse();
    }
    Long value = isColumn(left, rank) ? integer(right) : null;
    if (value == null) {
      return -1;
    }
    return switch (kind) {
      case LESS_THAN_OR_EQUAL -> Math.max(0, value);
      case LESS_THAN -> Math.max(0, value - 1);
      case EQUALS -> value == 1 ? 1 : -1;
      case GREATER_THAN_OR_EQUAL -> value <= 1 ? Long.MAX_VALUE : -1;
      case GREATER_THAN -> value <= 0 ? Long.MAX_VALUE : -1;
      default -> -1;
    };
  }

  private static boolean isColumn(RexNode node, int column) {
    RexNode stripped = RexUtil.removeCast(node);
    return stripped instanceof RexInputRef ref && ref.getIndex() == column;
  }

  private static Long integer(RexNode node) {
    if (RexUtil.removeCast(node) instanceof RexLiteral literal
        && literal.getType().getSqlTypeName().getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.NUMERIC) {
      BigDecimal value = literal.getValueAs(BigDecimal.class);
      if (value != null && value.scale() <= 0) {
        return value.longValueExact();
      }
    }
    return null;
  }

  /** The {@code [window_start, window_end]} columns of a windowed node's output, or null when it is not windowed. */
  private static int[] windowColumns(PlanNode node) {
    if (node instanceof PlanNode.WindowAssign assign) {
      int first = assign.input().schema().size();
      return new int[] {first, first + 1};
    }
    if (node instanceof PlanNode.WindowAggregate aggregate) {
      int first = aggregate.groupKeys().size();
      return new int[] {first, first + 1};
    }
    if (node instanceof PlanNode.Calc calc) {
      int[] inner = windowColumns(calc.input());
      if (inner == null) {
        return null;
      }
      int[] outer = {-1, -1};
      for (int i = 0; i < calc.projections().size(); i++) {
        if (calc.projections().get(i) instanceof ExprSpec.InputRef ref) {
          for (int w = 0; w < 2; w++) {
            if (ref.index() == inner[w] && outer[w] < 0) {
              outer[w] = i;
            }
          }
        }
      }
      return outer[0] < 0 || outer[1] < 0 ? null : outer;
    }
    return null;
  }

  /** The lateness of the window below {@code node}, found as {@link #windowColumns} found it. */
  private static LatenessSpec lateness(PlanNode node) {
    if (node instanceof PlanNode.WindowAssign assign) {
      return assign.lateness();
    }
    if (node instanceof PlanNode.WindowAggregate aggregate) {
      return aggregate.lateness();
    }
    return lateness(node.inputs().get(0));
  }

  private static List<ExprSpec> identity(Schema schema) {
    List<ExprSpec> refs = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      refs.add(new ExprSpec.InputRef(i, schema.type(i)));
    }
    return refs;
  }
}
