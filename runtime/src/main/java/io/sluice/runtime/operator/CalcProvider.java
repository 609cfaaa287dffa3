package io.sluice.runtime.operator;

import io.sluice.plan.ExprSpec;
import io.sluice.plan.Schema;
import io.sluice.runtime.codegen.CalcCompiler;
import io.sluice.runtime.codegen.CompiledCalc;
import java.util.List;

/**
 * A source of compiled filter/projection code, so that operators and sources do not
 * depend on how expressions are compiled; {@link #COMPILER} is the production one.
 */
@FunctionalInterface
public interface CalcProvider {
  /** The generated-code compiler. */
  CalcProvider COMPILER = CalcCompiler::compile;

  /** Same contract as {@link CalcCompiler#compile}. */
  CompiledCalc compile(Schema input, List<ExprSpec> projections, ExprSpec condition);
}
