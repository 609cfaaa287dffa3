package io.sluice.runtime.codegen;

/**
 * An exception thrown by a user scalar function inside generated code, with a message naming
 * the function and the row's arguments; the user's exception is the cause. Kept apart from
 * built-in function errors so an operator can apply the session's {@code 'udf.errors'} policy.
 */
public final class UserFunctionFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String function;
  private final String arguments;

  public UserFunctionFailure(String function, String arguments, String message, Throwable cause) {
    super(message, cause);
    this.function = function;
    this.arguments = arguments;
  }

  /** The failing call's arguments as SQL-like text, such as {@code ('a', 3)}. */
  public String arguments() {
    return arguments;
  }

  /** The SQL name of the function that threw. */
  public String function() {
    return function;
  }
}
