package io.sluice.udf.builtin;

/**
 * An error a built-in function raises on a bad argument value, such as a division by zero
 * or an unparsable CAST; the message names the failure and the offending value.
 */
public final class FunctionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FunctionException(String message) {
    super(message);
  }

  public FunctionException(String message, Throwable cause) {
    super(message, cause);
  }
}
