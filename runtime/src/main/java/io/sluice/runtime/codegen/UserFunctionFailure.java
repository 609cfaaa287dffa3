package io.sluice.runtime.codegen;

/**
 * An exception thrown by a user scalar function inside generated code, with a message naming
 * the function and the row's arguments; the user's exception is the cause. Kept apart from
 * built-in function errors so an operator can apply the session's {@code 'udf.errors'} policy
 * and add the failing row's source position, which only it knows.
 */
public final class UserFunctionFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String function;
  private final String arguments;
  private final String call;
  private final int row;

  /**
   * A failure of {@code function}; {@code call} describes it (such as {@code failed on
   * arguments ('a', 3)}) and {@code row} is the input row, or -1 for a whole batch.
   */
  public UserFunctionFailure(String function, String arguments, String call, int row, Throwable cause) {
    super("Function '" + function + "' " + call + ": " + cause, cause);
    this.function = function;
    this.arguments = arguments;
    this.call = call;
    this.row = row;
  }

  /** The failing call's arguments as SQL-like text, such as {@code ('a', 3)}. */
  public String arguments() {
    return arguments;
  }

  /** The SQL name of the function that threw. */
  public String function() {
    return function;
  }

  /** The index of the failing row in the evaluated batch, or -1 when a batch method failed. */
  public int row() {
    return row;
  }

  /** The message with {@code at <position>} after the arguments, or the plain message when position is null. */
  public String messageAt(String position) {
    return position == null ? getMessage()
        : "Function '" + function + "' " + call + " at " + position + ": " + getCause();
  }
}
