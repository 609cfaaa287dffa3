package io.sluice.runtime.connector;

/** An error in data read from outside (a malformed row, an unreadable file), naming the table and position. */
public final class ExternalDataException extends RuntimeException {
  public ExternalDataException(String message) {
    super(message);
  }

  public ExternalDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
