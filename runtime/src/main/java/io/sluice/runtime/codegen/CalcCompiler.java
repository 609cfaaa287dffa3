package io.sluice.runtime.codegen;

import io.sluice.plan.ExprSpec;
import io.sluice.plan.Schema;
import java.util.List;

/** Compiles filter + projection specs into a {@link CompiledCalc} (generated Java, Janino). */
public final class CalcCompiler {
  private CalcCompiler() {}

  /**
   * Compiles {@code projections} (and {@code condition}, null for none) over rows of
   * {@code input}; output vectors must have the projections' types.
   */
  public static CompiledCalc compile(Schema input, List<ExprSpec> projections, ExprSpec condition) {
    throw new IllegalStateException("CalcCompiler is being written on the codegen branch");
  }
}
