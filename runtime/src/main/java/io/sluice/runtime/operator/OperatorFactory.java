package io.sluice.runtime.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.SinkSpec;
import io.sluice.runtime.connector.Connectors;
import io.sluice.runtime.connector.SourceReader;
import io.sluice.runtime.exec.ResultConsumer;

/** The factory of operators, source readers and sinks from plan specs; builds only, allocates nothing. */
public final class OperatorFactory {
  private final Connectors connectors;
  private final CalcProvider calcs;

  public OperatorFactory(Connectors connectors, CalcProvider calcs) {
    this.connectors = requireNonNull(connectors, "connectors is null");
    this.calcs = requireNonNull(calcs, "calcs is null");
  }

  /** The operator for an inner node (Calc, Aggregate, Sort, Limit, Union, Join, GroupAggregate). */
  public StreamOperator create(PlanNode node) {
    if (node instanceof PlanNode.Calc calc) {
      return new CalcOperator(calc, calcs);
    } else if (node instanceof PlanNode.Aggregate aggregate) {
      return new HashAggregateOperator(aggregate);
    } else if (node instanceof PlanNode.WindowAggregate windowed) {
      return windowed.window().kind() == io.sluice.plan.WindowKind.SESSION
          ? new SessionWindowOperator(windowed, connectors) : new WindowAggregateOperator(windowed, connectors);
    } else if (node instanceof PlanNode.WindowAssign assign) {
      return new WindowAssignOperator(assign, connectors);
    } else if (node instanceof PlanNode.OverAggregate over) {
      return new OverAggregateOperator(over);
    } else if (node instanceof PlanNode.WindowTopN topN) {
      return new WindowTopNOperator(topN);
    } else if (node instanceof PlanNode.GroupAggregate aggregate) {
      return new GroupAggregateOperator(aggregate);
    } else if (node instanceof PlanNode.Sort sort) {
      return new SortOperator(sort);
    } else if (node instanceof PlanNode.Limit limit) {
      return new LimitOperator(limit);
    } else if (node instanceof PlanNode.Union union) {
      return new UnionOperator(union);
    } else if (node instanceof PlanNode.Join join) {
      return new HashJoinOperator(join, calcs);
    } else if (node instanceof PlanNode.IntervalJoin join) {
      return new IntervalJoinOperator(join, calcs);
    } else if (node instanceof PlanNode.Correlate correlate) {
      return new CorrelateOperator(correlate, calcs);
    } else if (node instanceof PlanNode.TemporalJoin join) {
      return new TemporalJoinOperator(join, calcs);
    } else if (node instanceof PlanNode.LookupJoin join) {
      return new LookupJoinOperator(join, calcs, connectors);
    }
    throw new IllegalArgumentException("not an operator node: " + label(node));
  }

  /** The reader for a leaf node (Values, or Scan through its table's connector). */
  public SourceReader createReader(PlanNode node) {
    if (node instanceof PlanNode.Values values) {
      return new ValuesReader(values);
    } else if (node instanceof PlanNode.Scan scan) {
      return connectors.get(scan.table()).createReader(scan);
    }
    throw new IllegalArgumentException("not a source node: " + label(node));
  }

  /** Whether the leaf can be read by parallel readers, each taking one split of its rows. */
  public boolean splittable(PlanNode leaf) {
    return leaf instanceof PlanNode.Scan scan && connectors.get(scan.table()).supportsSplits(scan.table());
  }

  /** The reader of split {@code split} of {@code splits} of a {@linkplain #splittable splittable} leaf. */
  public SourceReader createReader(PlanNode leaf, int split, int splits) {
    PlanNode.Scan scan = (PlanNode.Scan) leaf;
    return connectors.get(scan.table()).createReader(scan, split, splits);
  }

  /** Whether one instance of the sink per parallel pipeline may write at the same time. */
  public boolean parallelSink(SinkSpec sink) {
    return sink instanceof SinkSpec.Table table && connectors.get(table.table()).supportsParallelSink(table.table());
  }

  /** The sink operator: the result consumer for a query, or the table's connector for INSERT INTO. */
  public StreamOperator createSink(SinkSpec sink, Schema schema, ResultConsumer consumer) {
    if (sink instanceof SinkSpec.Table table) {
      return connectors.get(table.table()).createSink(table.table());
    }
    return new ResultSinkOperator(schema, requireNonNull(consumer, "consumer is null"));
  }

  /** The catalog tables operators may divert rows to, through their connectors' sinks. */
  public TableSinks tableSinks() {
    return new TableSinks() {
      @Override
      public java.util.Optional<io.sluice.plan.TableSpec> table(String name) {
        return connectors.table(name);
      }

      @Override
      public StreamOperator createSink(io.sluice.plan.TableSpec table) {
        return connectors.get(table).createSink(table);
      }
    };
  }

  /** A short operator name for allocators, metrics and errors. */
  public static String label(PlanNode node) {
    if (node instanceof PlanNode.Scan scan) {
      return "Scan[" + scan.table().name() + "]";
    } else if (node instanceof PlanNode.Aggregate) {
      return "HashAggregate";
    } else if (node instanceof PlanNode.Join) {
      return "HashJoin";
    }
    return node.getClass().getSimpleName();
  }
}
