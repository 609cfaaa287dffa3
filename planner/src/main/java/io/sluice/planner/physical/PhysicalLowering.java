package io.sluice.planner.physical;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.JoinKind;
import io.sluice.plan.PlanNode;
import io.sluice.plan.RowKind;
import io.sluice.plan.TypeKind;
import io.sluice.plan.Schema;
import io.sluice.plan.SortKey;
import io.sluice.plan.TypeKind;
import io.sluice.planner.Boundedness;
import io.sluice.planner.PlanningException;
import io.sluice.planner.TypeConverter;
import io.sluice.planner.rel.SluiceTableScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Lowers an optimised relational plan to the immutable plan specs the runtime executes,
 * refusing what the runtime cannot run with a message that says why.
 */
public final class PhysicalLowering {
  private static final DataType ROW_KIND_TYPE = DataType.of(TypeKind.TINYINT).withNullable(false);

  private final RexToExpr rexToExpr;
  private final WindowLowering windows;

  private final boolean streaming;

  public PhysicalLowering(RexToExpr rexToExpr, RexBuilder rexBuilder) {
    this(rexToExpr, rexBuilder, false);
  }

  /**
   * @param streaming whether every input is processed as a stream, finite or not: aggregations and
   *     outer joins then emit changelogs as rows arrive instead of final rows at the end
   */
  public PhysicalLowering(RexToExpr rexToExpr, RexBuilder rexBuilder, boolean streaming) {
    this(rexToExpr, rexBuilder, streaming, Map.of());
  }

  /**
   * @param sessionOptions the session options window lowering reads ({@code 'window.early-fire.interval'})
   */
  public PhysicalLowering(RexToExpr rexToExpr, RexBuilder rexBuilder, boolean streaming,
      Map<String, String> sessionOptions) {
    this.streaming = streaming;
    this.rexToExpr = rexToExpr;
    this.windows = new WindowLowering(this::lower, rexToExpr, rexBuilder,
        WindowLowering.earlyFireInterval(sessionOptions));
  }

  public PlanNode lower(RelNode rel) {
    PlanNode node = lowerNode(rel);
    if (node instanceof PlanNode.Calc calc && RowKind.isChangelog(calc.input().schema())
        && !RowKind.isChangelog(calc.schema())) {
      return carryRowKind(calc);
    }
    return node;
  }

  /** A Calc over a changelog keeps each row's kind: the row-kind column passes through as the last column. */
  private static PlanNode carryRowKind(PlanNode.Calc calc) {
    Schema input = calc.input().schema();
    int kindColumn = input.size() - 1;
    List<ExprSpec> projections = new ArrayList<>(calc.projections());
    projections.add(new ExprSpec.InputRef(kindColumn, input.type(kindColumn)));
    List<Field> fields = new ArrayList<>(calc.schema().fields());
    fields.add(input.field(kindColumn));
    return new PlanNode.Calc(calc.input(), projections, calc.condition(), new Schema(fields));
  }

  private PlanNode lowerNode(RelNode rel) {
    Schema schema = TypeConverter.toSchema(rel.getRowType());
    if (rel instanceof SluiceTableScan scan) {
      return new PlanNode.Scan(scan.spec(), scan.columns(), rexToExpr.convert(scan.filter()), schema);
    }
    if (rel instanceof Values values) {
      return values(values, schema);
    }
    if (rel instanceof Calc calc) {
      RexProgram program = calc.getProgram();
      List<RexNode> projects = program.expandList(program.getProjectList());
      RexNode condition = program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
      return calc(lower(calc.getInput()), rexToExpr.convert(projects), rexToExpr.convert(condition), schema);
    }
    if (rel instanceof TableFunctionScan scan && WindowLowering.function(scan) != null) {
      return windows.assign(scan, schema);
    }
    if (rel instanceof Project project) {
      PlanNode sessionEnd = windows.sessionEndProject(project, schema);
      if (sessionEnd != null) {
        return sessionEnd;
      }
      // A projection over a filter runs as one fused Calc.
      if (project.getInput() instanceof Filter filter) {
        return calc(lower(filter.getInput()), rexToExpr.convert(project.getProjects()),
            rexToExpr.convert(filter.getCondition()), schema);
      }
      return calc(lower(project.getInput()), rexToExpr.convert(project.getProjects()), null, schema);
    }
    if (rel instanceof Filter filter) {
      List<ExprSpec> identity = identity(TypeConverter.toSchema(filter.getInput().getRowType()));
      return calc(lower(filter.getInput()), identity, rexToExpr.convert(filter.getCondition()), schema);
    }
    if (rel instanceof Aggregate aggregate) {
      return aggregate(aggregate, schema);
    }
    if (rel instanceof Sort sort) {
      return sort(sort, schema);
    }
    if (rel instanceof Union union) {
      if (!union.all) {
        throw new IllegalStateException("UNION DISTINCT should have been rewritten to an aggregate");
      }
      List<PlanNode> inputs = new ArrayList<>();
      for (RelNode input : union.getInputs()) {
        inputs.add(lower(input));
      }
      if (inputs.stream().noneMatch(input -> RowKind.isChangelog(input.schema()))) {
        return new PlanNode.Union(inputs, schema);
      }
      // One changelog input makes the union a changelog: the append-only inputs become all-insert changelogs.
      List<PlanNode> changelogs = new ArrayList<>();
      for (PlanNode input : inputs) {
        if (RowKind.isChangelog(input.schema())) {
          changelogs.add(input);
        } else {
          List<ExprSpec> projections = new ArrayList<>(identity(input.schema()));
          projections.add(new ExprSpec.Literal(RowKind.INSERT.code(), ROW_KIND_TYPE));
          changelogs.add(new PlanNode.Calc(input, projections, null, withRowKind(input.schema())));
        }
      }
      return new PlanNode.Union(changelogs, withRowKind(schema));
    }
    if (rel instanceof Join join) {
      return join(join, schema);
    }
    if (rel instanceof Window window) {
      PlanNode input = lower(window.getInput());
      if (RowKind.isChangelog(input.schema())) {
        throw new PlanningException("OVER windows over an updating (changelog) input are not supported yet");
      }
      return OverLowering.lower(window, input, schema);
    }
    throw new PlanningException(unsupported(rel));
  }

  private static String unsupported(RelNode rel) {
    String kind = rel.getRelTypeName().replace("Logical", "");
    return switch (kind) {
      case "Correlate" -> "Correlated subqueries that cannot be decorrelated are not supported yet";
      case "TableFunctionScan" -> "Window table functions (TUMBLE, HOP, SESSION, CUMULATE) are not supported yet";
      default -> "Relational operator " + kind + " is not supported yet";
    };
  }

  /**
   * A Calc over {@code input}; over a changelog the row kind passes through as the last
   * column, so filters and projections apply to each change row.
   */
  private static PlanNode calc(PlanNode input, List<ExprSpec> projections, ExprSpec condition, Schema schema) {
    if (!RowKind.isChangelog(input.schema())) {
      return CalcFusion.calc(input, projections, condition, schema);
    }
    List<ExprSpec> withKind = new ArrayList<>(projections);
    withKind.add(new ExprSpec.InputRef(input.schema().size() - 1, ROW_KIND_TYPE));
    return CalcFusion.calc(input, withKind, condition, withRowKind(schema));
  }

  /** {@code schema} followed by the row-kind column. */
  static Schema withRowKind(Schema schema) {
    List<Field> fields = new ArrayList<>(schema.fields());
    fields.add(new Field(RowKind.COLUMN, ROW_KIND_TYPE));
    return new Schema(fields);
  }

  private static List<ExprSpec> identity(Schema schema) {
    List<ExprSpec> refs = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      refs.add(new ExprSpec.InputRef(i, schema.type(i)));
    }
    return refs;
  }

  private static PlanNode values(Values values, Schema schema) {
    List<List<Object>> rows = new ArrayList<>();
    List<RelDataTypeField> fields = values.getRowType().getFieldList();
    for (List<RexLiteral> tuple : values.getTuples()) {
      List<Object> row = new ArrayList<>(tuple.size());
      for (int i = 0; i < tuple.size(); i++) {
        DataType type = TypeConverter.toDataType(fields.get(i).getType());
        row.add(RexToExpr.literalValue(tuple.get(i), type));
      }
      rows.add(row);
    }
    return new PlanNode.Values(schema, rows);
  }

  /** Whether {@code rel}'s inputs all end and the query is not run in streaming mode: results can wait for the end. */
  private boolean finalAtEnd(RelNode rel) {
    return !streaming && Boundedness.unboundedTables(rel).isEmpty();
  }

  private PlanNode aggregate(Aggregate aggregate, Schema schema) {
    if (aggregate.getGroupSets().size() != 1) {
      throw new PlanningException("GROUPING SETS, ROLLUP and CUBE are not supported yet");
    }
    PlanNode windowed = windows.aggregate(aggregate, schema, false);
    if (windowed != null) {
      return windowed;
    }
    List<AggregateCall> calls = new ArrayList<>();
    int keyCount = aggregate.getGroupCount();
    for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
      org.apache.calcite.rel.core.AggregateCall call = aggregate.getAggCallList().get(i);
      calls.add(new AggregateCall(aggregateKind(call), call.getArgList(), call.isDistinct(), call.filterArg,
          schema.type(keyCount + i), schema.field(keyCount + i).name()));
    }
    PlanNode input = lower(aggregate.getInput());
    if (finalAtEnd(aggregate.getInput())) {
      return new PlanNode.Aggregate(input, aggregate.getGroupSet().asList(), calls, schema);
    }
    // Over unbounded input the result is never final: a continuous aggregation emits a changelog.
    return new PlanNode.GroupAggregate(input, aggregate.getGroupSet().asList(), calls, withRowKind(schema));
  }

  static AggregateKind aggregateKind(org.apache.calcite.rel.core.AggregateCall call) {
    return switch (call.getAggregation().getKind()) {
      case COUNT -> call.isApproximate() ? AggregateKind.APPROX_COUNT_DISTINCT : AggregateKind.COUNT;
      case SUM -> AggregateKind.SUM;
      case SUM0 -> AggregateKind.SUM0;
      case MIN -> AggregateKind.MIN;
      case MAX -> AggregateKind.MAX;
      case AVG -> AggregateKind.AVG;
      case STDDEV_POP -> AggregateKind.STDDEV_POP;
      case STDDEV_SAMP -> AggregateKind.STDDEV_SAMP;
      case VAR_POP -> AggregateKind.VAR_POP;
      case VAR_SAMP -> AggregateKind.VAR_SAMP;
      case REGR_COUNT -> AggregateKind.REGR_COUNT;
      case COVAR_POP -> AggregateKind.COVAR_POP;
      case COVAR_SAMP -> AggregateKind.COVAR_SAMP;
      case OTHER_FUNCTION -> {
        if (call.getAggregation() instanceof io.sluice.planner.ml.MlAggFunction ml) {
          yield ml.kind();
        }
        throw new PlanningException("Aggregate function " + call.getAggregation().getName() + " is not supported yet");
      }
      default -> throw new PlanningException("Aggregate function " + call.getAggregation().getName()
          + " is not supported yet");
    };
  }

  private PlanNode sort(Sort sort, Schema schema) {
    long offset = sort.offset == null ? 0 : RexLiteral.intValue(sort.offset);
    long fetch = sort.fetch == null ? -1 : RexLiteral.intValue(sort.fetch);
    PlanNode input = lower(sort.getInput());
    if (sort.getCollation().getFieldCollations().isEmpty()) {
      return new PlanNode.Limit(input, offset, fetch, schema);
    }
    List<String> unbounded = Boundedness.unboundedTables(sort.getInput());
    if (!unbounded.isEmpty()) {
      throw new PlanningException("ORDER BY over the unbounded table '" + unbounded.get(0)
          + "' cannot finish; sort within windows or drop the ORDER BY");
    }
    List<SortKey> keys = new ArrayList<>();
    for (RelFieldCollation collation : sort.getCollation().getFieldCollations()) {
      boolean descending = collation.getDirection().isDescending();
      boolean nullsFirst = switch (collation.nullDirection) {
        case FIRST -> true;
        case LAST -> false;
        // Flink's default: NULLs sort as the smallest value.
        case UNSPECIFIED -> !descending;
      };
      keys.add(new SortKey(collation.getFieldIndex(), descending, nullsFirst));
    }
    return new PlanNode.Sort(input, keys, offset, fetch, schema);
  }

  /**
   * A join: conjuncts {@code left.column = right.column} of one type become hash keys, the
   * rest a residual condition over the concatenated columns.
   */
  private PlanNode join(Join join, Schema schema) {
    JoinKind kind = switch (join.getJoinType()) {
      case INNER -> JoinKind.INNER;
      case LEFT -> JoinKind.LEFT;
      case RIGHT -> JoinKind.RIGHT;
      case FULL -> JoinKind.FULL;
      case SEMI -> JoinKind.SEMI;
      case ANTI -> JoinKind.ANTI;
      default -> throw new PlanningException("Join type " + join.getJoinType() + " is not supported yet");
    };
    PlanNode left = lower(join.getLeft());
    PlanNode right = lower(join.getRight());
    for (PlanNode input : List.of(left, right)) {
      if (RowKind.isChangelog(input.schema())) {
        throw new PlanningException("A join over an updating (changelog) input is not supported yet");
      }
    }
    int leftCount = join.getLeft().getRowType().getFieldCount();
    List<Integer> leftKeys = new ArrayList<>();
    List<Integer> rightKeys = new ArrayList<>();
    List<RexNode> residual = new ArrayList<>();
    for (RexNode conjunct : RelOptUtil.conjunctions(join.getCondition())) {
      if (conjunct.isAlwaysTrue()) {
        continue;
      }
      int[] pair = equiKey(conjunct, leftCount, left.schema(), right.schema());
      if (pair == null) {
        residual.add(conjunct);
      } else {
        leftKeys.add(pair[0]);
        rightKeys.add(pair[1]);
      }
    }
    ExprSpec condition = residual.isEmpty() ? null
        : rexToExpr.convert(RexUtil.composeConjunction(join.getCluster().getRexBuilder(), residual));
    IntervalBounds interval = !kind.emitsRight() ? null : IntervalBounds.find(residual, join.getLeft(), join.getRight());
    if (interval == null && kind.emitsRight()) {
      interval = IntervalBounds.windowJoin(left, right, leftKeys, rightKeys);
    }
    if (interval != null) {
      return new PlanNode.IntervalJoin(left, right, kind, leftKeys, rightKeys, interval.leftTime(),
          interval.leftShift(), interval.rightTime(), interval.rightShift(), interval.lower(), interval.upper(),
          interval.leftUntil(), interval.rightUntil(), condition, schema);
    }
    boolean bounded = finalAtEnd(join);
    boolean changelog = !bounded && (kind == JoinKind.ANTI || kind.keepsUnmatchedLeft() || kind.keepsUnmatchedRight());
    Schema output = schema;
    if (changelog) {
      List<Field> fields = new ArrayList<>(schema.fields());
      fields.add(new Field(RowKind.COLUMN, new DataType(TypeKind.TINYINT, -1, 0, false)));
      output = new Schema(fields);
    }
    return new PlanNode.Join(left, right, kind, leftKeys, rightKeys, condition, bounded, output);
  }

  /** The (left, right) columns of an equality between one column of each side of one type, else null. */
  private static int[] equiKey(RexNode conjunct, int leftCount, Schema left, Schema right) {
    if (!(conjunct instanceof RexCall call) || call.getKind() != SqlKind.EQUALS
        || !(call.getOperands().get(0) instanceof RexInputRef a) || !(call.getOperands().get(1) instanceof RexInputRef b)) {
      return null;
    }
    int first = a.getIndex();
    int second = b.getIndex();
    if (first >= leftCount && second < leftCount) {
      int swap = first;
      first = second;
      second = swap;
    }
    if (first >= leftCount || second < leftCount) {
      return null;
    }
    int rightColumn = second - leftCount;
    // Keys are compared as encoded bytes, so both sides must store them alike.
    DataType leftType = left.type(first).withNullable(true);
    DataType rightType = right.type(rightColumn).withNullable(true);
    boolean sameStorage = leftType.kind() == rightType.kind()
        && (leftType.kind() != TypeKind.DECIMAL || leftType.equals(rightType));
    return sameStorage ? new int[] {first, rightColumn} : null;
  }
}
