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
import io.sluice.planner.UserSqlTableFunction;
import io.sluice.planner.rel.SluiceTableScan;
import io.sluice.planner.rel.TemporalJoinRel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Correlate;
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
  private final TopNLowering topN;

  private final boolean streaming;

  /** Every subtree lowered so far, by value: equal subtrees are shared. */
  private final Map<PlanNode, PlanNode> lowered;

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
    this.lowered = new java.util.HashMap<>();
    this.streaming = streaming;
    this.rexToExpr = rexToExpr;
    this.windows = new WindowLowering(this::lower, rexToExpr, rexBuilder,
        WindowLowering.earlyFireInterval(sessionOptions));
    this.topN = new TopNLowering(this::lower, rexToExpr, rexBuilder);
  }

  /**
   * The plan of {@code rel}. Equal subtrees come back as one instance, so a subplan the query
   * uses twice (a CTE, a self-join's scans) is one node the runtime can run once.
   */
  public PlanNode lower(RelNode rel) {
    PlanNode node = lowerNode(rel);
    if (node instanceof PlanNode.Calc calc && RowKind.isChangelog(calc.input().schema())
        && !RowKind.isChangelog(calc.schema())) {
      node = carryRowKind(calc);
    }
    PlanNode known = lowered.putIfAbsent(node, node);
    return known != null ? known : node;
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
    if (rel instanceof TableFunctionScan scan && scan.getInputs().isEmpty()
        && scan.getCall() instanceof RexCall call && call.getOperator() instanceof UserSqlTableFunction function) {
      // FROM TABLE(f(constants)): the function called once, over one row of no columns.
      PlanNode oneRow = new PlanNode.Values(new Schema(List.of()), List.of(List.of()));
      return tableFunction(oneRow, function, rexToExpr.convert(call.getOperands()), false, schema);
    }
    if (rel instanceof Project || rel instanceof Filter) {
      PlanNode windowTopN = topN.lower(rel, schema);
      if (windowTopN != null) {
        return windowTopN;
      }
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
    if (rel instanceof Correlate correlate) {
      return correlate(correlate, schema);
    }
    if (rel instanceof TemporalJoinRel join) {
      return new TemporalJoinLowering(this::lower, rexToExpr).lower(join, schema);
    }
    if (rel instanceof Window window) {
      PlanNode input = lower(window.getInput());
      if (RowKind.isChangelog(input.schema())) {
        throw new PlanningException("OVER windows over an updating (changelog) input are not supported yet");
      }
      if (TopNLowering.isRowNumber(window)) {
        throw new PlanningException("ROW_NUMBER() runs only as a window Top-N: filter it with rn <= N, rn < N or "
            + "rn = 1 in an outer query, and PARTITION BY window_start, window_end (and any keys)");
      }
      return OverLowering.lower(window, input, schema);
    }
    throw new PlanningException(unsupported(rel));
  }

  /**
   * {@code input, LATERAL TABLE(f(args))}: a user table function called per input row, its
   * arguments' references to the input row ({@code $cor.field}) rewritten to input columns.
   */
  private PlanNode correlate(Correlate correlate, Schema schema) {
    if (!(correlate.getRight() instanceof TableFunctionScan scan)
        || !(scan.getCall() instanceof RexCall call)
        || !(call.getOperator() instanceof UserSqlTableFunction function)) {
      throw new PlanningException(unsupported(correlate));
    }
    JoinKind kind = switch (correlate.getJoinType()) {
      case INNER -> JoinKind.INNER;
      case LEFT -> JoinKind.LEFT;
      default -> throw new PlanningException("LATERAL TABLE(" + function.getName() + "(...)) supports CROSS JOIN,"
          + " comma and LEFT JOIN ... ON TRUE, not " + correlate.getJoinType());
    };
    PlanNode input = lower(correlate.getLeft());
    if (RowKind.isChangelog(input.schema())) {
      throw new PlanningException("LATERAL TABLE(" + function.getName() + "(...)) over an updating (changelog) input"
          + " is not supported yet");
    }
    org.apache.calcite.rel.core.CorrelationId id = correlate.getCorrelationId();
    RexBuilder rexBuilder = correlate.getCluster().getRexBuilder();
    List<RexNode> operands = new ArrayList<>();
    for (RexNode operand : call.getOperands()) {
      operands.add(operand.accept(new org.apache.calcite.rex.RexShuttle() {
        @Override
        public RexNode visitFieldAccess(org.apache.calcite.rex.RexFieldAccess access) {
          if (access.getReferenceExpr() instanceof org.apache.calcite.rex.RexCorrelVariable variable
              && variable.id.equals(id)) {
            return rexBuilder.makeInputRef(access.getType(), access.getField().getIndex());
          }
          return super.visitFieldAccess(access);
        }
      }));
    }
    return tableFunction(input, function, rexToExpr.convert(operands), kind == JoinKind.LEFT, schema);
  }

  /** A Correlate calling {@code function} with {@code arguments} (over {@code input}'s columns) per input row. */
  private static PlanNode tableFunction(PlanNode input, UserSqlTableFunction function, List<ExprSpec> arguments,
      boolean keepUnmatched, Schema schema) {
    List<DataType> types = arguments.stream().map(ExprSpec::type).toList();
    io.sluice.planner.UserSqlFunction.Resolution resolution = io.sluice.planner.UserSqlFunction.resolve(
        function.function(), types, org.apache.calcite.sql.parser.SqlParserPos.ZERO);
    return new PlanNode.Correlate(input, function.function(), resolution.method(), arguments, keepUnmatched, schema);
  }

  private static String unsupported(RelNode rel) {
    String kind = rel.getRelTypeName().replace("Logical", "");
    return switch (kind) {
      case "Correlate" -> "Correlated subqueries that cannot be decorrelated are not supported yet";
      case "TableFunctionScan" -> "Table function " + ((TableFunctionScan) rel).getCall() + " is not supported here";
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
    Schema aggregateInput = TypeConverter.toSchema(aggregate.getInput().getRowType());
    for (int key : aggregate.getGroupSet()) {
      requireScalar(aggregateInput.field(key), "a GROUP BY key");
    }
    for (org.apache.calcite.rel.core.AggregateCall call : aggregate.getAggCallList()) {
      for (int argument : call.getArgList()) {
        requireScalar(aggregateInput.field(argument), "an argument of " + call.getAggregation().getName());
      }
    }
    PlanNode windowed = windows.aggregate(aggregate, schema, false);
    if (windowed != null) {
      return windowed;
    }
    List<AggregateCall> calls = new ArrayList<>();
    int keyCount = aggregate.getGroupCount();
    for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
      org.apache.calcite.rel.core.AggregateCall call = aggregate.getAggCallList().get(i);
      AggregateKind kind = aggregateKind(call);
      if (kind == AggregateKind.APPROX_PERCENTILE) {
        double fraction = percentileFraction(argumentExpression(aggregate.getInput(), call.getArgList().get(1)));
        calls.add(new AggregateCall(kind, call.getArgList().subList(0, 1), call.isDistinct(), call.filterArg,
            schema.type(keyCount + i), schema.field(keyCount + i).name(), fraction));
        continue;
      }
      calls.add(aggregateCall(call, aggregate.getInput(), call.getArgList(), call.filterArg,
          schema.field(keyCount + i)));
    }
    PlanNode input = lower(aggregate.getInput());
    PlanNode cascaded = windows.cascade(input, aggregate.getGroupSet().asList(), calls, schema);
    if (cascaded != null) {
      return cascaded;
    }
    if (finalAtEnd(aggregate.getInput())) {
      return new PlanNode.Aggregate(input, aggregate.getGroupSet().asList(), calls, schema);
    }
    if (RowKind.isChangelog(input.schema())) {
      for (AggregateCall call : calls) {
        if (call.function() != null && call.function().retractMethod(call.accumulate()) == null) {
          throw new PlanningException("Aggregate function '" + call.function().name() + "' cannot run over an updating"
              + " (changelog) input: its class " + call.function().type().getName() + " has no public method retract"
              + retractParameters(call.accumulate()) + "; add one that undoes accumulate");
        }
      }
    }
    // Over unbounded input the result is never final: a continuous aggregation emits a changelog.
    return new PlanNode.GroupAggregate(input, aggregate.getGroupSet().asList(), calls, withRowKind(schema));
  }

  private static String retractParameters(java.lang.reflect.Method accumulate) {
    List<String> names = new ArrayList<>();
    for (Class<?> parameter : accumulate.getParameterTypes()) {
      names.add(parameter.getSimpleName());
    }
    return "(" + String.join(", ", names) + ")";
  }

  /**
   * The plan spec of one aggregate call over {@code arguments} and {@code filter} (input
   * columns of the lowered input) whose output is {@code field}; a user aggregate also gets
   * its {@code accumulate} overload, chosen from the argument types of {@code input}.
   */
  static AggregateCall aggregateCall(org.apache.calcite.rel.core.AggregateCall call, RelNode input,
      List<Integer> arguments, int filter, Field field) {
    if (call.getAggregation() instanceof io.sluice.planner.UserSqlAggFunction user) {
      if (call.isDistinct()) {
        throw new PlanningException("DISTINCT is not supported for the user aggregate function '"
            + user.function().name() + "'; aggregate over a SELECT DISTINCT subquery instead");
      }
      List<DataType> types = new ArrayList<>();
      for (int argument : call.getArgList()) {
        types.add(TypeConverter.toDataType(input.getRowType().getFieldList().get(argument).getType()));
      }
      io.sluice.planner.UserSqlFunction.Resolution resolution =
          io.sluice.planner.UserSqlFunction.resolve(user.function(), types, org.apache.calcite.sql.parser.SqlParserPos.ZERO);
      return new AggregateCall(AggregateKind.USER, arguments, false, filter, field.type(), field.name(),
          user.function(), resolution.method());
    }
    return new AggregateCall(aggregateKind(call), arguments, call.isDistinct(), filter, field.type(), field.name());
  }

  /** The expression behind column {@code column} of {@code input}, looking through projections. */
  private static RexNode argumentExpression(RelNode input, int column) {
    if (input instanceof Project project) {
      return project.getProjects().get(column);
    }
    if (input instanceof Calc calc) {
      return calc.getProgram().expandLocalRef(calc.getProgram().getProjectList().get(column));
    }
    return null;
  }

  /** The literal fraction p of APPROX_PERCENTILE(x, p), checked to lie in [0, 1]. */
  static double percentileFraction(RexNode argument) {
    RexNode stripped = argument == null ? null : RexUtil.removeCast(argument);
    java.math.BigDecimal value = stripped instanceof RexLiteral literal
        && literal.getType().getSqlTypeName().getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.NUMERIC
        ? literal.getValueAs(java.math.BigDecimal.class) : null;
    if (value == null || value.signum() < 0 || value.compareTo(java.math.BigDecimal.ONE) > 0) {
      throw new PlanningException("The second argument of APPROX_PERCENTILE must be a literal fraction between 0 and 1, "
          + "as in APPROX_PERCENTILE(price, 0.95), not " + (value != null ? value.toPlainString() : "an expression"));
    }
    return value.doubleValue();
  }

  /** Refuses a ROW or ARRAY column where values must be hashed or ordered. */
  private static void requireScalar(Field column, String role) {
    if (column.type().kind().isStructured()) {
      throw new PlanningException("Column '" + column.name() + "' of type " + column.type().sql() + " cannot be "
          + role + ": ROW and ARRAY values are not supported for grouping, sorting or aggregating; use one of "
          + "its fields or elements (t.col.field, col[1], CARDINALITY(col)) instead");
    }
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
      case FIRST_VALUE -> AggregateKind.FIRST_VALUE;
      case LAST_VALUE -> AggregateKind.LAST_VALUE;
      case OTHER_FUNCTION -> {
        if (call.getAggregation() instanceof io.sluice.planner.ml.MlAggFunction ml) {
          yield ml.kind();
        }
        if (call.getAggregation() instanceof io.sluice.planner.ApproxPercentileFunction) {
          yield AggregateKind.APPROX_PERCENTILE;
        }
        if (call.getAggregation() instanceof io.sluice.planner.UserSqlAggFunction) {
          yield AggregateKind.USER;
        }
        if (call.getAggregation() instanceof io.sluice.planner.ml.TrainAggFunction train) {
          yield train.kind();
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
      requireScalar(input.schema().field(collation.getFieldIndex()), "an ORDER BY key");
      keys.add(sortKey(collation));
    }
    return new PlanNode.Sort(input, keys, offset, fetch, schema);
  }

  static SortKey sortKey(RelFieldCollation collation) {
    boolean descending = collation.getDirection().isDescending();
    boolean nullsFirst = switch (collation.nullDirection) {
      case FIRST -> true;
      case LAST -> false;
      // Flink's default: NULLs sort as the smallest value.
      case UNSPECIFIED -> !descending;
    };
    return new SortKey(collation.getFieldIndex(), descending, nullsFirst);
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
        requireScalar(left.schema().field(pair[0]), "a join key");
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
  static int[] equiKey(RexNode conjunct, int leftCount, Schema left, Schema right) {
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
