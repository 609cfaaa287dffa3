package io.sluice.runtime.codegen;

import io.sluice.udf.builtin.FunctionException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The superclass of generated Calc classes, which turns function errors into
 * {@link ExpressionException}s once per batch rather than once per call site (a user
 * function's failure stays the cause, for the {@code 'udf.errors'} policy).
 */
public abstract class AbstractCompiledCalc implements CompiledCalc {
  /** Where a filtering loop writes each kept row's input index, or null; set only during one evaluation. */
  protected int[] selection;

  @Override
  public final int evaluate(VectorSchemaRoot input, VectorSchemaRoot output) {
    return evaluate(input, output, null);
  }

  @Override
  public final int evaluate(VectorSchemaRoot input, VectorSchemaRoot output, int[] selection) {
    this.selection = selection;
    try {
      return evaluateBatch(input, output);
    } catch (FunctionException | UserFunctionFailure e) {
      throw new ExpressionException(e.getMessage(), e);
    } finally {
      this.selection = null;
    }
  }

  /** The generated loop; see {@link CompiledCalc#evaluate}. */
  protected abstract int evaluateBatch(VectorSchemaRoot input, VectorSchemaRoot output);
}
