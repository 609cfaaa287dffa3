package io.sluice.planner.physical;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.LatenessSpec;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.plan.WatermarkSpec;
import io.sluice.plan.WindowKind;
import io.sluice.plan.WindowSpec;
import io.sluice.planner.PlanningException;
import io.sluice.planner.ProcTimeFunction;
import io.sluice.planner.TypeConverter;
import io.sluice.planner.rel.SluiceTableScan;
import io.sluice.planner.window.WindowRewriter;
import io.sluice.planner.window.WindowTableFunction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;

/**
 * Lowers window table functions and the aggregations over them (and Calcite's group-window
 * form, {@code GROUP BY TUMBLE(ts, size)}) to {@link PlanNode.WindowAssign} and
 * {@link PlanNode.WindowAggregate}, checking that windows run on a declared event time.
 */
final class WindowLowering {
  private static final DataType WINDOW_TIME_TYPE = new DataType(TypeKind.TIMESTAMP, 3, 0, false);
  private static final Pattern DURATION = Pattern.compile(
      "\\s*(\\d+)\\s*(ms|milli|millis|millisecond|milliseconds|s|sec|secs|second|seconds|min|mins|minute|minutes"
          + "|h|hour|hours|d|day|days)\\s*");

  /** What a column of the aggregation's input is: a window column, or an expression over the window's input. */
  private record Column(int window, RexNode expression) {
    static final int START = 0;
    static final int END = 1;
    static final int TIME = 2;

    boolean isWindow() {
      return window >= 0;
    }
  }

  /**
   * A window found under an aggregation: its input, its spec over that input, its lateness;
   * {@code time} is the time expression over the input when it is not the spec's time column
   * (a group window over {@code PROCTIME()} itself), else null.
   */
  private record Found(RelNode input, WindowSpec spec, LatenessSpec lateness, List<Column> columns, List<RexNode> filters,
      RexNode time) {
    Found(RelNode input, WindowSpec spec, LatenessSpec lateness, List<Column> columns, List<RexNode> filters) {
      this(input, spec, lateness, columns, filters, null);
    }
  }

  private final Function<RelNode, PlanNode> lowerInput;
  private final RexToExpr rexToExpr;
  private final RexBuilder rexBuilder;
  private final long earlyFireInterval;

  /** @param earlyFireInterval {@link PlanNode.WindowAggregate#FINAL_ONLY}, or how often open windows emit early */
  WindowLowering(Function<RelNode, PlanNode> lowerInput, RexToExpr rexToExpr, RexBuilder rexBuilder,
      long earlyFireInterval) {
    this.lowerInput = lowerInput;
    this.rexToExpr = rexToExpr;
    this.rexBuilder = rexBuilder;
    this.earlyFireInterval = earlyFireInterval;
  }

  static WindowTableFunction function(RelNode rel) {
    if (rel instanceof TableFunctionScan scan && scan.getCall() instanceof RexCall call
        && call.getOperator() instanceof WindowTableFunction function) {
      return function;
    }
    return null;
  }

  /** A window table function whose rows are not aggregated: rows repeated per window. */
  PlanNode assign(TableFunctionScan scan, Schema schema) {
    WindowTableFunction function = function(scan);
    if (function.kind() == WindowKind.SESSION) {
      throw new PlanningException("SESSION windows are supported in window aggregations only: "
          + "GROUP BY window_start, window_end[, key, ...] over the SESSION table function");
    }
    RelNode input = scan.getInputs().get(0);
    WindowSpec spec = spec(scan, input);
    if (spec.processingTime()) {
      throw new PlanningException("Processing-time windows are supported in window aggregations only: "
          + "GROUP BY window_start, window_end[, key, ...] over " + function.kind());
    }
    return new PlanNode.WindowAssign(lowerInput.apply(input), spec, lateness(input, spec.timeColumn(), function),
        schema);
  }

  /**
   * The window aggregation for {@code aggregate}, or null if it does not group by a window.
   * With {@code appendEnd}, the result has one more column: window_end (for SESSION_END).
   */
  PlanNode aggregate(Aggregate aggregate, Schema schema, boolean appendEnd) {
    Found found = find(aggregate);
    if (found == null) {
      return null;
    }
    List<Integer> groupSet = aggregate.getGroupSet().asList();
    boolean hasStart = false;
    boolean hasEnd = false;
    for (int column : groupSet) {
      Column c = found.columns().get(column);
      hasStart |= c.window() == Column.START;
      hasEnd |= c.window() == Column.END;
    }
    if (!isGroupWindow(aggregate.getInput())) {
      if (!hasStart && !hasEnd) {
        // Grouping the rows of a window table function without its windows: a plain aggregation.
        return null;
      }
      if (!(hasStart && hasEnd)) {
        throw new PlanningException("A window aggregation must GROUP BY both window_start and window_end");
      }
    }
    // The window operator's input: the non-window columns the aggregation reads, then the event time.
    java.util.Set<Integer> used = new java.util.HashSet<>(groupSet);
    for (org.apache.calcite.rel.core.AggregateCall call : aggregate.getAggCallList()) {
      used.addAll(call.getArgList());
      used.add(call.filterArg);
    }
    if (found.lateness().lateRowsTable() != null) {
      // Late rows are written with their columns, so the window operator's input keeps them all.
      for (int i = 0; i < found.columns().size(); i++) {
        used.add(i);
      }
    }
    List<RexNode> projections = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int[] inputOf = new int[found.columns().size()];
    for (int i = 0; i < found.columns().size(); i++) {
      Column c = found.columns().get(i);
      inputOf[i] = -1;
      if (!c.isWindow() && used.contains(i)) {
        inputOf[i] = projections.size();
        projections.add(c.expression());
        names.add(aggregate.getInput().getRowType().getFieldNames().get(i));
      }
    }
    int time = projections.size();
    projections.add(found.time() != null ? found.time()
        : rexBuilder.makeInputRef(found.input(), found.spec().timeColumn()));
    names.add("$time");
    List<Field> preFields = new ArrayList<>();
    for (int i = 0; i < projections.size(); i++) {
      preFields.add(new Field(names.get(i), TypeConverter.toDataType(projections.get(i).getType())));
    }
    RexNode condition = found.filters().isEmpty() ? null : RexUtil.composeConjunction(rexBuilder, found.filters());
    PlanNode pre = CalcFusion.calc(lowerInput.apply(found.input()), rexToExpr.convert(projections),
        rexToExpr.convert(condition), new Schema(preFields));
    WindowSpec spec = new WindowSpec(found.spec().kind(), time, found.spec().size(), found.spec().step(),
        found.spec().offset(), found.spec().processingTime());
    if (spec.processingTime() && spec.kind() == WindowKind.SESSION) {
      throw new PlanningException("SESSION windows need an event-time attribute (WATERMARK FOR), not PROCTIME()");
    }

    List<Integer> keys = new ArrayList<>();
    List<Field> outFields = new ArrayList<>();
    List<Integer> keyPosition = new ArrayList<>();
    for (int g = 0; g < groupSet.size(); g++) {
      int column = groupSet.get(g);
      if (!found.columns().get(column).isWindow()) {
        keyPosition.add(keys.size());
        keys.add(inputOf[column]);
        outFields.add(schema.field(g));
      } else {
        keyPosition.add(-1);
      }
    }
    int windowBase = keys.size();
    outFields.add(new Field(WindowTableFunction.WINDOW_START, WINDOW_TIME_TYPE));
    outFields.add(new Field(WindowTableFunction.WINDOW_END, WINDOW_TIME_TYPE));
    outFields.add(new Field(WindowTableFunction.WINDOW_TIME, WINDOW_TIME_TYPE));
    List<AggregateCall> calls = new ArrayList<>();
    for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
      org.apache.calcite.rel.core.AggregateCall call = aggregate.getAggCallList().get(i);
      AggregateKind kind = PhysicalLowering.aggregateKind(call);
      List<Integer> arguments = new ArrayList<>();
      double parameter = Double.NaN;
      for (int a = 0; a < call.getArgList().size(); a++) {
        int argument = call.getArgList().get(a);
        if (kind == AggregateKind.APPROX_PERCENTILE && a == 1) {
          parameter = PhysicalLowering.percentileFraction(found.columns().get(argument).expression());
        } else {
          arguments.add(nonWindow(found, inputOf, argument, "an aggregate argument"));
        }
      }
      int filter = call.filterArg < 0 ? -1 : nonWindow(found, inputOf, call.filterArg, "a FILTER condition");
      Field field = schema.field(groupSet.size() + i);
      AggregateCall user = kind == AggregateKind.USER
          ? PhysicalLowering.aggregateCall(call, aggregate.getInput(), arguments, filter, field) : null;
      if (call.isDistinct() && kind != AggregateKind.COUNT && kind != AggregateKind.APPROX_COUNT_DISTINCT) {
        throw new PlanningException("DISTINCT is supported in window aggregations for COUNT only, not "
            + call.getAggregation().getName());
      }
      if (kind == AggregateKind.FIRST_VALUE || kind == AggregateKind.LAST_VALUE) {
        // First and last are by event time, so slices and sessions merge by it.
        arguments.add(time);
      }
      calls.add(user != null ? user
          : new AggregateCall(kind, arguments, call.isDistinct(), filter, field.type(), field.name(), parameter));
      outFields.add(field);
    }
    if (earlyFireInterval != PlanNode.WindowAggregate.FINAL_ONLY && spec.kind() == WindowKind.SESSION) {
      throw new PlanningException("Early firing ('" + EARLY_FIRE_OPTION + "') is not supported for SESSION windows "
          + "yet; RESET '" + EARLY_FIRE_OPTION + "' to get final session results");
    }
    Schema windowedSchema = earlyFireInterval == PlanNode.WindowAggregate.FINAL_ONLY
        ? new Schema(outFields) : PhysicalLowering.withRowKind(new Schema(outFields));
    PlanNode.WindowAggregate windowed = new PlanNode.WindowAggregate(pre, spec, keys, calls, found.lateness(),
        windowedSchema, earlyFireInterval);

    // Back to the aggregation's own column order.
    List<ExprSpec> order = new ArrayList<>();
    List<Field> fields = new ArrayList<>(schema.fields());
    for (int g = 0; g < groupSet.size(); g++) {
      Column c = found.columns().get(groupSet.get(g));
      int position = c.isWindow() ? windowBase + c.window() : keyPosition.get(g);
      order.add(new ExprSpec.InputRef(position, windowed.schema().type(position)));
    }
    for (int i = 0; i < calls.size(); i++) {
      int position = windowBase + 3 + i;
      order.add(new ExprSpec.InputRef(position, windowed.schema().type(position)));
    }
    if (appendEnd) {
      order.add(new ExprSpec.InputRef(windowBase + 1, WINDOW_TIME_TYPE));
      fields.add(new Field(WindowTableFunction.WINDOW_END, WINDOW_TIME_TYPE));
    }
    boolean identity = order.size() == windowed.schema().size() && !windowed.earlyFiring();
    for (int i = 0; identity && i < order.size(); i++) {
      identity = ((ExprSpec.InputRef) order.get(i)).index() == i;
    }
    return identity ? windowed : new PlanNode.Calc(windowed, order, null, new Schema(fields));
  }

  /**
   * A cascaded window aggregation for a GROUP BY over {@code input} (lowered) whose keys
   * include both window_start and window_end of one windowing node below it (a window
   * aggregation or window table function, traced through projections), or null. Each input
   * window reaches it before the watermark passes the window's time ({@code window_end - 1 ms}),
   * so it groups by the other keys and window_start within tumbling windows of the input
   * windows' step that end at window_end: each fires when the watermark passes the input
   * window's end, and its output carries window_start/window_end again.
   *
   * @param calls the aggregate calls over {@code input}'s columns
   */
  PlanNode cascade(PlanNode input, List<Integer> groupSet, List<AggregateCall> calls, Schema schema) {
    PlanNode source = null;
    int startKey = -1;
    int endKey = -1;
    for (int g = 0; g < groupSet.size(); g++) {
      PlanNode[] node = new PlanNode[1];
      int window = traceWindowColumn(input, groupSet.get(g), node);
      if (window < 0 || (source != null && node[0] != source)) {
        continue;
      }
      source = node[0];
      if (window == Column.START && startKey < 0) {
        startKey = g;
      } else if (window == Column.END && endKey < 0) {
        endKey = g;
      }
    }
    if (startKey < 0 || endKey < 0) {
      return null;
    }
    WindowSpec inner = source instanceof PlanNode.WindowAggregate aggregate ? aggregate.window()
        : ((PlanNode.WindowAssign) source).window();
    LatenessSpec lateness = source instanceof PlanNode.WindowAggregate aggregate ? aggregate.lateness()
        : ((PlanNode.WindowAssign) source).lateness();
    if (inner.kind() == WindowKind.SESSION || inner.processingTime() || lateness.allowedLateness() != 0
        || (inner.kind() == WindowKind.CUMULATE && inner.size() % inner.step() != 0)
        || earlyFireInterval != PlanNode.WindowAggregate.FINAL_ONLY) {
      // Session windows do not end on a grid; late or early windows would reach the outer one late.
      return null;
    }
    for (AggregateCall call : calls) {
      if (call.distinct() && call.kind() != AggregateKind.COUNT && call.kind() != AggregateKind.APPROX_COUNT_DISTINCT) {
        return null;
      }
    }
    // The input plus the window time of each row's input window: window_end - 1 ms.
    List<ExprSpec> projections = new ArrayList<>();
    List<Field> preFields = new ArrayList<>(input.schema().fields());
    for (int i = 0; i < input.schema().size(); i++) {
      projections.add(new ExprSpec.InputRef(i, input.schema().type(i)));
    }
    int end = groupSet.get(endKey);
    DataType interval = new DataType(TypeKind.INTERVAL_DAY_TIME, -1, 0, false);
    projections.add(new ExprSpec.Call(io.sluice.plan.ScalarOp.MINUS,
        List.of(new ExprSpec.InputRef(end, input.schema().type(end)), new ExprSpec.Literal(1L, interval)),
        WINDOW_TIME_TYPE));
    int time = input.schema().size();
    preFields.add(new Field("$time", WINDOW_TIME_TYPE));
    PlanNode pre = new PlanNode.Calc(input, projections, null, new Schema(preFields));

    List<Integer> keys = new ArrayList<>();
    List<Field> outFields = new ArrayList<>();
    for (int g = 0; g < groupSet.size(); g++) {
      if (g != endKey) {
        keys.add(groupSet.get(g));
        outFields.add(schema.field(g));
      }
    }
    int windowBase = keys.size();
    outFields.add(new Field(WindowTableFunction.WINDOW_START, WINDOW_TIME_TYPE));
    outFields.add(new Field(WindowTableFunction.WINDOW_END, WINDOW_TIME_TYPE));
    outFields.add(new Field(WindowTableFunction.WINDOW_TIME, WINDOW_TIME_TYPE));
    List<AggregateCall> timed = new ArrayList<>();
    for (AggregateCall call : calls) {
      if (call.kind() == AggregateKind.FIRST_VALUE || call.kind() == AggregateKind.LAST_VALUE) {
        // First and last are by event time, as in every window aggregation.
        List<Integer> arguments = new ArrayList<>(call.arguments());
        arguments.add(time);
        call = new AggregateCall(call.kind(), arguments, call.distinct(), call.filterColumn(), call.type(), call.name(),
            call.function(), call.accumulate(), call.parameter());
      }
      timed.add(call);
      outFields.add(new Field(call.name(), call.type()));
    }
    // Input windows end on the grid of their step, so each lies in exactly one tumbling window ending with it.
    WindowSpec spec = WindowSpec.tumble(time, inner.step(), Math.floorMod(inner.offset(), inner.step()));
    PlanNode.WindowAggregate windowed = new PlanNode.WindowAggregate(pre, spec, keys, timed,
        new LatenessSpec(lateness.table(), 0), new Schema(outFields));

    // Back to the aggregation's column order: window_end from the window, window_start from its key.
    List<ExprSpec> order = new ArrayList<>();
    int key = 0;
    for (int g = 0; g < groupSet.size(); g++) {
      int position = g == endKey ? windowBase + 1 : key++;
      order.add(new ExprSpec.InputRef(position, windowed.schema().type(position)));
    }
    for (int i = 0; i < timed.size(); i++) {
      order.add(new ExprSpec.InputRef(windowBase + 3 + i, windowed.schema().type(windowBase + 3 + i)));
    }
    return new PlanNode.Calc(windowed, order, null, schema);
  }

  /**
   * Which window column ({@link Column#START}, {@link Column#END}, {@link Column#TIME}) column
   * {@code column} of {@code node} is, through projections, storing the windowing node in
   * {@code source[0]}; -1 if it is none.
   */
  private static int traceWindowColumn(PlanNode node, int column, PlanNode[] source) {
    PlanNode current = node;
    int index = column;
    while (current instanceof PlanNode.Calc calc) {
      if (!(calc.projections().get(index) instanceof ExprSpec.InputRef ref)) {
        return -1;
      }
      index = ref.index();
      current = calc.input();
    }
    int first;
    if (current instanceof PlanNode.WindowAggregate aggregate && !aggregate.earlyFiring()) {
      first = aggregate.groupKeys().size();
    } else if (current instanceof PlanNode.WindowAssign assign) {
      first = assign.input().schema().size();
    } else {
      return -1;
    }
    source[0] = current;
    return index >= first && index < first + 3 ? index - first : -1;
  }

  /**
   * A projection over a group-window aggregation that uses SESSION_END: lowered over the
   * aggregation with its window_end appended, or null for any other projection.
   */
  PlanNode sessionEndProject(Project project, Schema schema) {
    if (!(project.getInput() instanceof Aggregate aggregate) || !usesSessionEnd(project.getProjects())) {
      return null;
    }
    Schema aggregateSchema = TypeConverter.toSchema(aggregate.getRowType());
    PlanNode input = aggregate(aggregate, aggregateSchema, true);
    if (input == null) {
      throw new PlanningException("SESSION_END needs GROUP BY SESSION(time_column, gap)");
    }
    int end = aggregateSchema.size();
    RexShuttle toEnd = new RexShuttle() {
      @Override
      public RexNode visitCall(RexCall call) {
        if (call.getOperator() == WindowRewriter.SESSION_END_MARKER) {
          return new RexInputRef(end, call.getType());
        }
        return super.visitCall(call);
      }
    };
    List<RexNode> projections = new ArrayList<>();
    for (RexNode node : project.getProjects()) {
      projections.add(node.accept(toEnd));
    }
    return new PlanNode.Calc(input, rexToExpr.convert(projections), null, schema);
  }

  private static boolean usesSessionEnd(List<RexNode> nodes) {
    for (RexNode node : nodes) {
      boolean[] found = {false};
      node.accept(new RexShuttle() {
        @Override
        public RexNode visitCall(RexCall call) {
          found[0] |= call.getOperator() == WindowRewriter.SESSION_END_MARKER;
          return super.visitCall(call);
        }
      });
      if (found[0]) {
        return true;
      }
    }
    return false;
  }

  private static int nonWindow(Found found, int[] inputOf, int column, String what) {
    if (found.columns().get(column).isWindow()) {
      throw new PlanningException("window_start, window_end and window_time cannot be " + what
          + " of a window aggregation");
    }
    return inputOf[column];
  }

  private static boolean isGroupWindow(RelNode input) {
    if (input instanceof Project project) {
      for (RexNode node : project.getProjects()) {
        if (groupWindowKind(node) != null) {
          return true;
        }
      }
    }
    return false;
  }

  private static WindowKind groupWindowKind(RexNode node) {
    if (!(node instanceof RexCall call)) {
      return null;
    }
    return switch (call.getOperator().getName().toUpperCase(Locale.ROOT)) {
      case "$TUMBLE" -> WindowKind.TUMBLE;
      case "$HOP" -> WindowKind.HOP;
      case "$SESSION" -> WindowKind.SESSION;
      default -> null;
    };
  }

  /** The window under an aggregation: a window table function below projections and filters, or a group window. */
  private Found find(Aggregate aggregate) {
    if (aggregate.getInput() instanceof Project project && isGroupWindow(project)) {
      return groupWindow(project);
    }
    List<RelNode> chain = new ArrayList<>();
    RelNode node = aggregate.getInput();
    while (node instanceof Project || node instanceof Filter) {
      chain.add(node);
      node = node.getInput(0);
    }
    if (function(node) == null) {
      return null;
    }
    TableFunctionScan scan = (TableFunctionScan) node;
    RelNode input = scan.getInputs().get(0);
    int width = input.getRowType().getFieldCount();
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      columns.add(new Column(-1, rexBuilder.makeInputRef(input, i)));
    }
    columns.add(new Column(Column.START, null));
    columns.add(new Column(Column.END, null));
    columns.add(new Column(Column.TIME, null));
    List<RexNode> filters = new ArrayList<>();
    for (int i = chain.size() - 1; i >= 0; i--) {
      RelNode step = chain.get(i);
      if (step instanceof Filter filter) {
        filters.add(substitute(filter.getCondition(), columns, "a WHERE condition before the window aggregation"));
      } else {
        List<Column> next = new ArrayList<>();
        for (RexNode expression : ((Project) step).getProjects()) {
          if (expression instanceof RexInputRef ref && columns.get(ref.getIndex()).isWindow()) {
            next.add(columns.get(ref.getIndex()));
          } else {
            next.add(new Column(-1, substitute(expression, columns, "a computed column before the window aggregation")));
          }
        }
        columns = next;
      }
    }
    WindowSpec spec = spec(scan, input);
    return new Found(input, spec, lateness(input, spec.timeColumn(), function(scan)), columns, filters);
  }

  private Found groupWindow(Project project) {
    RelNode input = project.getInput();
    List<Column> columns = new ArrayList<>();
    WindowSpec spec = null;
    String name = null;
    RexNode procTime = null;
    for (RexNode expression : project.getProjects()) {
      WindowKind kind = groupWindowKind(expression);
      if (kind == null) {
        columns.add(new Column(-1, expression));
        continue;
      }
      if (spec != null) {
        throw new PlanningException("A GROUP BY can have only one group window (TUMBLE, HOP or SESSION)");
      }
      RexCall call = (RexCall) expression;
      RexNode first = call.getOperands().get(0);
      if (first instanceof RexCall timeCall && timeCall.getOperator() == ProcTimeFunction.INSTANCE) {
        procTime = first;  // a PROCTIME() column inlined into the group window
      } else if (!(first instanceof RexInputRef)) {
        throw new PlanningException("The first argument of " + kind + " in GROUP BY must be a time column");
      }
      List<Long> lengths = new ArrayList<>();
      for (int i = 1; i < call.getOperands().size(); i++) {
        lengths.add(millis(call.getOperands().get(i), kind));
      }
      int t = first instanceof RexInputRef time ? time.getIndex() : -1;
      spec = switch (kind) {
        case TUMBLE -> WindowSpec.tumble(t, lengths.get(0), lengths.size() > 1 ? lengths.get(1) : 0);
        case HOP -> hop(t, lengths.get(0), lengths.get(1), lengths.size() > 2 ? lengths.get(2) : 0);
        case SESSION -> WindowSpec.session(t, lengths.get(0));
        case CUMULATE -> throw new IllegalStateException("no CUMULATE group window");
      };
      name = kind.name();
      columns.add(new Column(Column.START, null));
    }
    if (procTime != null) {
      TableSpec table = scannedTable(input);
      return new Found(input, spec.inProcessingTime(), new LatenessSpec(table.name(), 0, lateRowsTable(table)),
          columns, List.of(), procTime);
    }
    if (processingTime(input, spec.timeColumn())) {
      spec = spec.inProcessingTime();
    }
    return new Found(input, spec, lateness(input, spec.timeColumn(), name), columns, List.of());
  }

  private static WindowSpec hop(int time, long slide, long size, long offset) {
    if (size % slide != 0) {
      throw new PlanningException("HOP size (" + size + " ms) must be a whole multiple of its slide (" + slide + " ms)");
    }
    return WindowSpec.hop(time, slide, size, offset);
  }

  private RexNode substitute(RexNode expression, List<Column> columns, String what) {
    return expression.accept(new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        Column column = columns.get(ref.getIndex());
        if (column.isWindow()) {
          throw new PlanningException("window_start, window_end and window_time cannot be used in " + what
              + "; filter or compute on the aggregation's result instead");
        }
        return column.expression();
      }
    });
  }

  /** The window spec of a window table function call, its time column indexing {@code input}. */
  private static WindowSpec spec(TableFunctionScan scan, RelNode input) {
    WindowTableFunction function = function(scan);
    RexCall call = (RexCall) scan.getCall();
    List<RexNode> operands = call.getOperands();
    int time = ((RexInputRef) ((RexCall) operands.get(0)).getOperands().get(0)).getIndex();
    List<Long> lengths = new ArrayList<>();
    for (RexNode operand : operands) {
      if (operand instanceof RexLiteral) {
        lengths.add(millis(operand, function.kind()));
      }
    }
    WindowSpec spec = switch (function.kind()) {
      case TUMBLE -> WindowSpec.tumble(time, lengths.get(0), lengths.size() > 1 ? lengths.get(1) : 0);
      case HOP -> hop(time, lengths.get(0), lengths.get(1), lengths.size() > 2 ? lengths.get(2) : 0);
      case CUMULATE -> WindowSpec.cumulate(time, lengths.get(0), lengths.get(1), lengths.size() > 2 ? lengths.get(2) : 0);
      case SESSION -> WindowSpec.session(time, lengths.get(0));
    };
    return processingTime(input, time) ? spec.inProcessingTime() : spec;
  }

  /** Whether column {@code column} of {@code input} is a table's {@code PROCTIME()} column, through projections and filters. */
  static boolean processingTime(RelNode input, int column) {
    RelNode node = input;
    int index = column;
    while (true) {
      RexNode expression;
      if (node instanceof Project project) {
        expression = project.getProjects().get(index);
      } else if (node instanceof Calc calc) {
        expression = calc.getProgram().expandLocalRef(calc.getProgram().getProjectList().get(index));
      } else if (node instanceof Filter) {
        expression = new RexInputRef(index, node.getRowType().getFieldList().get(index).getType());
      } else {
        return false;
      }
      if (expression instanceof RexCall call && call.getOperator() == ProcTimeFunction.INSTANCE) {
        return true;
      }
      if (!(expression instanceof RexInputRef ref)) {
        return false;
      }
      index = ref.getIndex();
      node = node.getInput(0);
    }
  }

  /** The table scanned at the bottom of a chain of single-input nodes. */
  private static TableSpec scannedTable(RelNode node) {
    RelNode current = node;
    while (!(current instanceof SluiceTableScan scan)) {
      if (current.getInputs().isEmpty()) {
        throw new PlanningException("A PROCTIME() window must be over a table that declares the PROCTIME() column");
      }
      current = current.getInput(0);
    }
    return scan.spec();
  }

  private static long millis(RexNode node, WindowKind kind) {
    if (!(node instanceof RexLiteral literal) || !(literal.getValue() instanceof BigDecimal value)) {
      throw new PlanningException("The lengths of " + kind + " must be interval literals such as INTERVAL '10' SECOND");
    }
    long millis = value.longValueExact();
    if (millis <= 0) {
      throw new PlanningException("The lengths of " + kind + " must be positive, not " + millis + " ms");
    }
    return millis;
  }

  private static LatenessSpec lateness(RelNode input, int column, WindowTableFunction function) {
    return lateness(input, column, function.kind().name());
  }

  /** Checks that column {@code column} of {@code input} is a table's event-time attribute; returns its lateness. */
  static LatenessSpec lateness(RelNode input, int column, String function) {
    String name = input.getRowType().getFieldNames().get(column);
    RelNode node = input;
    int index = column;
    while (true) {
      if (node instanceof SluiceTableScan scan) {
        TableSpec table = scan.spec();
        int tableColumn = scan.columns().get(index);
        WatermarkSpec watermark = table.watermark();
        if (watermark == null) {
          throw new PlanningException("Table '" + table.name() + "' declares no event time, so " + function
              + " cannot window it by '" + name + "'; add WATERMARK FOR " + name + " AS " + name
              + " - INTERVAL '5' SECOND to its CREATE TABLE");
        }
        if (watermark.column() != tableColumn) {
          throw new PlanningException("The time column '" + name + "' of " + function + " must be the event-time "
              + "attribute of table '" + table.name() + "', which is '"
              + table.schema().field(watermark.column()).name() + "' (WATERMARK FOR)");
        }
        return new LatenessSpec(table.name(), allowedLateness(table), lateRowsTable(table));
      }
      RexNode expression = null;
      if (node instanceof Project project) {
        expression = project.getProjects().get(index);
      } else if (node instanceof Calc calc) {
        expression = calc.getProgram().expandLocalRef(calc.getProgram().getProjectList().get(index));
      } else if (node instanceof Filter) {
        expression = new RexInputRef(index, node.getRowType().getFieldList().get(index).getType());
      }
      if (expression instanceof RexCall call && call.getOperator() == ProcTimeFunction.INSTANCE) {
        // Processing time: windows fire by the wall clock, so nothing is late but NULL times.
        TableSpec table = scannedTable(node);
        return new LatenessSpec(table.name(), 0, lateRowsTable(table));
      }
      if (!(expression instanceof RexInputRef ref)) {
        throw new PlanningException("The time column '" + name + "' of " + function + " must be a table's event-time "
            + "attribute (a column with WATERMARK FOR), not a computed value");
      }
      index = ref.getIndex();
      node = node.getInput(0);
    }
  }

  private static String lateRowsTable(TableSpec table) {
    String name = table.option(LatenessSpec.LATE_ROWS_TABLE_OPTION, "").trim();
    return name.isEmpty() ? null : name;
  }

  /** The session option whose duration makes window aggregations fire early (a changelog). */
  static final String EARLY_FIRE_OPTION = "window.early-fire.interval";

  private static long allowedLateness(TableSpec table) {
    String text = table.option("allowed-lateness", "").trim();
    if (text.isEmpty()) {
      return 0;
    }
    return durationMillis(text, "Option 'allowed-lateness' of table '" + table.name() + "'");
  }

  /**
   * The early-firing interval set by the session option {@value #EARLY_FIRE_OPTION}, or
   * {@link PlanNode.WindowAggregate#FINAL_ONLY} when it is unset or empty.
   */
  static long earlyFireInterval(java.util.Map<String, String> sessionOptions) {
    String text = sessionOptions.getOrDefault(EARLY_FIRE_OPTION, "").trim();
    return text.isEmpty() ? PlanNode.WindowAggregate.FINAL_ONLY
        : durationMillis(text, "Option '" + EARLY_FIRE_OPTION + "'");
  }

  /** Parses a duration such as '5 s'; {@code what} names the option in the error. */
  private static long durationMillis(String text, String what) {
    Matcher matcher = DURATION.matcher(text.toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new PlanningException(what + " must be a duration such as '5 s', '500 ms' or '2 min', not '" + text + "'");
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2);
    long scale = unit.startsWith("ms") || unit.startsWith("milli") ? 1
        : unit.startsWith("s") ? 1000
        : unit.startsWith("m") ? 60_000
        : unit.startsWith("h") ? 3_600_000
        : 86_400_000;
    return amount * scale;
  }
}
