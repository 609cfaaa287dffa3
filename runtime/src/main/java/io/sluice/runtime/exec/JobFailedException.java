package io.sluice.runtime.exec;

/** The failure of a job whose cause was a checked exception; unchecked causes are rethrown as they are. */
public final class JobFailedException extends RuntimeException {
  public JobFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
