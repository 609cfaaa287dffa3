package io.sluice.plan;

import static java.util.Objects.requireNonNull;

/**
 * The planner's output and the runtime's input: an immutable tree of operator specs and
 * its sink. Nothing in it refers to Calcite.
 */
public record PhysicalPlan(PlanNode root, SinkSpec sink) {
  public PhysicalPlan {
    requireNonNull(root, "root is null");
    requireNonNull(sink, "sink is null");
  }

  public Schema schema() {
    return root.schema();
  }
}
