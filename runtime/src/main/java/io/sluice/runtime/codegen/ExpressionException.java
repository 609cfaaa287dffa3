package io.sluice.runtime.codegen;

/**
 * A user error raised while evaluating an expression on a row, such as a division by zero
 * or a CAST of an unparsable string; the message names the failure and the offending
 * value, and callers add the table and row.
 */
public final class ExpressionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ExpressionException(String message, Throwable cause) {
    super(message, cause);
  }
}
