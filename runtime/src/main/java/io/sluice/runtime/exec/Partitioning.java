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
    // Joins: rows of both inputs with equal keys meet in one instance (NULL keys never match anywhere).
    if (node instanceof PlanNode.Join join && !join.leftKeys().isEmpty()) {
      return List.of(columns(join.leftKeys()), columns(join.rightKeys()));
    }
    if (node instanceof PlanNode.IntervalJoin join && !join.leftKeys().isEmpty()) {
      return List.of(columns(join.leftKeys()), columns(join.rightKeys()));
    }
    if (node instanceof PlanNode.TemporalJoin join) {
      return List.of(columns(join.leftKeys()), columns(join.rightKeys()));
    }
    return null;
  }

  private static int[] columns(List<Integer> keys) {
    return keys.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Whether the node keeps no state between rows, so each instance may process any subset of its input. */
  public static boolean isStateless(PlanNode node) {
    // A lookup join's only state is its copy of the dimension file, which every instance reads for itself.
    return node instanceof PlanNode.Calc || node instanceof PlanNode.Union || node instanceof PlanNode.Correlate
        || node instanceof PlanNode.LookupJoin;
  }
}
