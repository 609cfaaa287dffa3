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
}
