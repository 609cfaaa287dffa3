package io.sluice.runtime.codegen;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A filter and projection compiled to one loop over Arrow vectors (see {@code CalcCompiler}).
 * Implementations are generated classes; instances are not thread-safe.
 */
public interface CompiledCalc {
  /**
   * Evaluates every row of {@code input}: rows whose condition is TRUE get every projection
   * written to {@code output}, from position 0; sets and returns the output row count.
   * Output vectors grow as needed; the caller allocates and owns them.
   */
  int evaluate(VectorSchemaRoot input, VectorSchemaRoot output);

  /**
   * Like {@link #evaluate(VectorSchemaRoot, VectorSchemaRoot)}, also writing the input index of
   * each output row to {@code selection} (at least as long as the input) when there is a
   * condition, so a caller can map output rows back to the input's positions.
   */
  int evaluate(VectorSchemaRoot input, VectorSchemaRoot output, int[] selection);
}
