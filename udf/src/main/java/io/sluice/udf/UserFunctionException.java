package io.sluice.udf;

/** An error registering a user function, with a message naming the function and the fix. */
public final class UserFunctionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserFunctionException(String message) {
    super(message);
  }

  public UserFunctionException(String message, Throwable cause) {
    super(message, cause);
  }
}
