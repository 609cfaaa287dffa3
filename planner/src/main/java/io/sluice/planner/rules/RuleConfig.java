package io.sluice.planner.rules;

import java.util.function.Function;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.tools.RelBuilderFactory;

/** A plain immutable {@link RelRule.Config}, so rules need no generated configuration classes. */
record RuleConfig(String description, RelRule.OperandTransform operandSupplier, Function<RuleConfig, RelOptRule> factory)
    implements RelRule.Config {

  @Override
  public RelOptRule toRule() {
    return factory.apply(this);
  }

  @Override
  public RelRule.Config withRelBuilderFactory(RelBuilderFactory relBuilderFactory) {
    throw new IllegalStateException("Sluice rules use the default logical RelBuilder");
  }

  @Override
  public RelRule.Config withDescription(String newDescription) {
    return new RuleConfig(newDescription, operandSupplier, factory);
  }

  @Override
  public RelRule.Config withOperandSupplier(RelRule.OperandTransform transform) {
    return new RuleConfig(description, transform, factory);
  }
}
