package io.sluice.runtime.exec;

import io.sluice.plan.PlanNode;
import java.util.List;

/**
 * Which plan nodes can run as parallel instances, and how their inputs must be partitioned.
 * A keyed operator declares, per input, the columns whose equal values must meet in one
 * instance; the executor then hash-partitions each input on those columns. Stateless nodes
 * run wherever their input runs; every other node runs as a single instance.
 */
public final class Partitioning {
  private Partitioning() {}

  /**
   * The key columns of each input of a keyed node, or null when the node is not keyed
   * (stateless, or needing all rows in one place such as a global aggregate or a sort).
   * New keyed operators plug into parallel execution by answering here.
   */
  public static List<int[]> keysOf(PlanNode node) {
    if (node instanceof PlanNode.Aggregate aggregate && !aggregate.groupKeys().isEmpty()) {
      return List.of(aggregate.groupKeys().stream().mapToInt(Integer::intValue).toArray());
    }
    if (node instanceof PlanNode.OverAggregate over && !over.partitionKeys().isEmpty()) {
      return List.of(over.partitionKeys().stream().mapToInt(Integer::intValue).toArray());
    }
    if (node instanceof PlanNode.WindowTopN topN) {
      return List.of(topN.partitionKeys().stream().mapToInt(Integer::intValue).toArray());
    }
    return null;
  }

  /** Whether the node keeps no state between rows, so each instance may process any subset of its input. */
  public static boolean isStateless(PlanNode node) {
    return node instanceof PlanNode.Calc || node instanceof PlanNode.Union || node instanceof PlanNode.Correlate;
  }
}
