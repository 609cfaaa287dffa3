package io.sluice.runtime.operator;

import io.sluice.plan.PlanNode;
import io.sluice.runtime.batch.Batch;

/** The UNION ALL operator: forwards the batches of all its inputs, which share its schema. */
public final class UnionOperator implements StreamOperator {
  private final int inputs;

  public UnionOperator(PlanNode.Union spec) {
    this.inputs = spec.inputs().size();
  }

  @Override
  public void open(OperatorContext context) {}

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    if (input < 0 || input >= inputs) {
      throw new IllegalStateException("UNION has " + inputs + " inputs, got a batch on input " + input);
    }
    out.emit(batch);
  }
}
