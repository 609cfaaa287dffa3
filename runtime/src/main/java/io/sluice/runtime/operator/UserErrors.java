package io.sluice.runtime.operator;

import io.sluice.udf.builtin.FunctionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The session's policy for a row on which a user function throws, option
 * {@code 'udf.errors'}: {@code fail} (default) stops the query with the function's name, the
 * row's arguments and the exception; {@code skip} drops the row and counts it as
 * {@code <function>.udf-rows-skipped}, noting the first failure in the job's metrics.
 */
final class UserErrors {
  static final String OPTION = "udf.errors";

  private final String function;
  private final boolean skip;
  private final OperatorContext context;
  private final LongAdder skipped;

  UserErrors(String function, OperatorContext context) {
    this.function = function;
    this.context = context;
    String policy = context.options().getOrDefault(OPTION, "fail");
    if (!policy.equals("fail") && !policy.equals("skip")) {
      throw new IllegalArgumentException("Option '" + OPTION + "' must be 'fail' or 'skip', not '" + policy + "'");
    }
    this.skip = policy.equals("skip");
    this.skipped = context.metrics().counter(function + ".udf-rows-skipped");
  }

  /**
   * Applies the policy to a call that threw {@code cause}; returns normally when the row is dropped.
   *
   * @throws FunctionException under {@code fail}, naming the function and arguments
   */
  void failed(String call, Object[] arguments, int from, Throwable cause) {
    String message = "Function '" + function + "' failed in " + call + JavaValues.describe(arguments, from) + ": "
        + cause;
    if (!skip) {
      throw new FunctionException(message + ". Fix the function or its input, or SET '" + OPTION
          + "' = 'skip' to drop such rows", cause);
    }
    skipped(message);
  }

  /** Whether failing rows are dropped rather than failing the query. */
  boolean skips() {
    return skip;
  }

  /** Counts a dropped row; the first failure's message is kept in the job's notes. */
  void skipped(String message) {
    context.metrics().note(function + ".first-udf-failure", message);
    skipped.increment();
  }
}
