package io.sluice.plan;

import java.util.List;
import java.util.stream.Collectors;

/** Prints a physical plan as an indented tree, one operator per line, stable for golden tests. */
public final class PlanPrinter {
  private PlanPrinter() {}

  public static String print(PhysicalPlan plan) {
    StringBuilder out = new StringBuilder();
    if (plan.sink() instanceof SinkSpec.Table table) {
      out.append("TableSink(table=[").append(table.table().name()).append("], connector=[")
          .append(table.table().connector()).append("])\n");
      print(plan.root(), 1, out);
    } else {
      print(plan.root(), 0, out);
    }
    warnings(plan.root(), out);
    return out.toString();
  }

  /** Appends a warning line for every operator whose state can grow without bound. */
  private static void warnings(PlanNode node, StringBuilder out) {
    for (PlanNode input : node.inputs()) {
      warnings(input, out);
    }
    if (node instanceof PlanNode.Join join && !join.boundedInputs()) {
      out.append("Warning: unbounded state in ").append(describe(join))
          .append(": every row of both inputs is kept; set 'state.ttl' to expire rows not seen for that long\n");
    }
  }

  private static void print(PlanNode node, int depth, StringBuilder out) {
    out.append("  ".repeat(depth)).append(withChangelogMode(describe(node), node)).append('\n');
    for (PlanNode input : node.inputs()) {
      print(input, depth + 1, out);
    }
  }

  /**
   * Adds Flink's changelog mode: [I] for append-only output, [I,UB,UA,D] for a changelog,
   * [I,UB,UA] for an early-firing window aggregation (and Calcs over it), which never deletes.
   */
  private static String withChangelogMode(String description, PlanNode node) {
    String mode = "changelogMode=[" + changelogMode(node) + "])";
    String open = description.substring(0, description.length() - 1);
    return open + (open.endsWith("(") ? "" : ", ") + mode;
  }

  private static String changelogMode(PlanNode node) {
    if (!RowKind.isChangelog(node.schema())) {
      return "I";
    }
    if (node instanceof PlanNode.WindowAggregate agg && agg.earlyFiring()) {
      return "I,UB,UA";
    }
    return node instanceof PlanNode.Calc calc ? changelogMode(calc.input()) : "I,UB,UA,D";
  }

  private static String describe(PlanNode node) {
    if (node instanceof PlanNode.Values values) {
      return "Values(rows=[" + values.rows().size() + "], schema=" + values.schema() + ")";
    }
    if (node instanceof PlanNode.Scan scan) {
      List<String> names = scan.table().schema().names();
      String columns = scan.columns().stream().map(names::get).collect(Collectors.joining(", "));
      return "Scan(table=[" + scan.table().name() + "], connector=[" + scan.table().connector() + "], columns=["
          + columns + "]" + (scan.filter() == null ? "" : ", filter=[" + scan.filter() + "]") + ")";
    }
    if (node instanceof PlanNode.Calc calc) {
      StringBuilder s = new StringBuilder("Calc(");
      List<String> names = calc.schema().names();
      for (int i = 0; i < calc.projections().size(); i++) {
        s.append(i == 0 ? "" : ", ").append(names.get(i)).append("=[").append(calc.projections().get(i)).append(']');
      }
      if (calc.condition() != null) {
        s.append(", where=[").append(calc.condition()).append(']');
      }
      return s.append(')').toString();
    }
    if (node instanceof PlanNode.Aggregate agg) {
      return "HashAggregate(group=" + agg.groupKeys().stream().map(i -> "$" + i).collect(Collectors.toList())
          + ", calls=" + agg.calls() + ")";
    }
    if (node instanceof PlanNode.WindowAggregate agg) {
      return "WindowAggregate(window=" + agg.window() + ", group=" + agg.groupKeys().stream().map(i -> "$" + i)
          .collect(Collectors.toList()) + ", calls=" + agg.calls() + lateness(agg.lateness()) + ", emit=["
          + (!agg.earlyFiring() ? "final" : agg.earlyFireInterval() == 0 ? "early on watermark, final"
              : "early every " + agg.earlyFireInterval() + "ms, final") + "])";
    }
    if (node instanceof PlanNode.WindowAssign assign) {
      return "WindowAssign(window=" + assign.window() + lateness(assign.lateness()) + ")";
    }
    if (node instanceof PlanNode.OverAggregate over) {
      String frame = over.rowsFrame() ? "ROWS " + over.preceding() + " PRECEDING"
          : "RANGE " + over.preceding() + "ms PRECEDING";
      return "OverAggregate(partition=" + over.partitionKeys().stream().map(i -> "$" + i).collect(Collectors.toList())
          + ", order=[$" + over.timeColumn() + "], frame=[" + frame + " AND CURRENT ROW], calls=" + over.calls()
          + lateness(over.lateness()) + ")";
    }
    if (node instanceof PlanNode.Correlate correlate) {
      return "Correlate(function=" + correlate.function().name() + ", arguments=" + correlate.arguments()
          + (correlate.keepUnmatched() ? ", keepUnmatched" : "") + ")";
    }
    if (node instanceof PlanNode.WindowTopN topN) {
      return "WindowTopN(partition=" + topN.partitionKeys().stream().map(i -> "$" + i).collect(Collectors.toList())
          + ", order=" + topN.sortKeys() + ", limit=" + topN.limit() + ", rank=[" + (topN.keepRank() ? "kept" : "dropped")
          + "], end=[$" + topN.windowEnd() + "]" + lateness(topN.lateness()) + ", emit=[final])";
    }
    if (node instanceof PlanNode.GroupAggregate agg) {
      return "GroupAggregate(group=" + agg.groupKeys().stream().map(i -> "$" + i).collect(Collectors.toList())
          + ", calls=" + agg.calls() + ")";
    }
    if (node instanceof PlanNode.Sort sort) {
      return "Sort(keys=" + sort.keys() + limits(sort.offset(), sort.fetch()) + ")";
    }
    if (node instanceof PlanNode.Limit limit) {
      return "Limit(" + limits(limit.offset(), limit.fetch()).substring(2) + ")";
    }
    if (node instanceof PlanNode.Join join) {
      StringBuilder s = new StringBuilder("Join(kind=[").append(join.kind()).append("], keys=[");
      for (int i = 0; i < join.leftKeys().size(); i++) {
        s.append(i == 0 ? "" : ", ").append("left.$").append(join.leftKeys().get(i))
            .append(" = right.$").append(join.rightKeys().get(i));
      }
      s.append(']');
      if (join.residual() != null) {
        s.append(", where=[").append(join.residual()).append(']');
      }
      return s.append(join.changelog() ? ", changelog" : "").append(')').toString();
    }
    if (node instanceof PlanNode.IntervalJoin join) {
      StringBuilder s = new StringBuilder("IntervalJoin(kind=[").append(join.kind()).append("], keys=[");
      for (int i = 0; i < join.leftKeys().size(); i++) {
        s.append(i == 0 ? "" : ", ").append("left.$").append(join.leftKeys().get(i))
            .append(" = right.$").append(join.rightKeys().get(i));
      }
      s.append("], between=[").append(time("right", join.rightTime(), join.rightTimeShift())).append(" in ")
          .append(time("left", join.leftTime(), join.leftTimeShift())).append(" + [")
          .append(join.lowerMillis() == Long.MIN_VALUE ? "-inf" : join.lowerMillis() + "ms").append(", ")
          .append(join.upperMillis() == Long.MAX_VALUE ? "+inf" : join.upperMillis() + "ms").append("]]");
      if (join.leftUntil() != null) {
        s.append(", leftUntil=[$").append(join.leftUntil().column()).append(" + ")
            .append(join.leftUntil().offsetMillis()).append("ms]");
      }
      if (join.rightUntil() != null) {
        s.append(", rightUntil=[$").append(join.rightUntil().column()).append(" + ")
            .append(join.rightUntil().offsetMillis()).append("ms]");
      }
      if (join.residual() != null) {
        s.append(", where=[").append(join.residual()).append(']');
      }
      return s.append(')').toString();
    }
    if (node instanceof PlanNode.TemporalJoin join) {
      return "TemporalJoin(kind=[" + join.kind() + "], keys=[" + keys(join.leftKeys(), join.rightKeys())
          + "], version=[right.$" + join.rightTime() + " <= left.$" + join.leftTime() + "]"
          + (join.residual() == null ? "" : ", where=[" + join.residual() + "]") + ")";
    }
    if (node instanceof PlanNode.LookupJoin join) {
      List<String> names = join.table().schema().names();
      String columns = join.columns().stream().map(names::get).collect(Collectors.joining(", "));
      return "LookupJoin(table=[" + join.table().name() + "], columns=[" + columns + "], kind=[" + join.kind()
          + "], keys=[" + keys(join.leftKeys(), join.rightKeys()) + "]"
          + (join.residual() == null ? "" : ", where=[" + join.residual() + "]") + ")";
    }
    if (node instanceof PlanNode.Union) {
      return "UnionAll()";
    }
    throw new IllegalStateException("unknown plan node " + node.getClass());
  }

  private static String keys(List<Integer> left, List<Integer> right) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < left.size(); i++) {
      s.append(i == 0 ? "" : ", ").append("left.$").append(left.get(i)).append(" = right.$").append(right.get(i));
    }
    return s.toString();
  }

  /** An interval join's event time of one side: its column, less the column's shift. */
  private static String time(String side, int column, long shift) {
    String ref = side + ".$" + column;
    return shift == 0 ? ref : "(" + ref + (shift > 0 ? " - " + shift : " + " + -shift) + "ms)";
  }

  private static String lateness(LatenessSpec lateness) {
    return (lateness.allowedLateness() == 0 ? "" : ", allowed-lateness=" + lateness.allowedLateness() + "ms")
        + (lateness.lateRowsTable() == null ? "" : ", late-rows=[" + lateness.lateRowsTable() + "]");
  }

  private static String limits(long offset, long fetch) {
    return ", offset=" + offset + ", fetch=" + (fetch < 0 ? "all" : String.valueOf(fetch));
  }
}
