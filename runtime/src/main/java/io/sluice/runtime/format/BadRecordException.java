package io.sluice.runtime.format;

/**
 * A record that a format cannot decode: which column (null when the record as a whole is
 * malformed) and why. Thrown per bad record, so it carries no stack trace.
 */
public final class BadRecordException extends RuntimeException {
  private final String column;

  public BadRecordException(String column, String reason) {
    super(reason, null, false, false);
    this.column = column;
  }

  /** The column that could not be decoded, or null. */
  public String column() {
    return column;
  }

  /** "column 'c': reason", or just the reason. */
  public String describe() {
    return column == null ? getMessage() : "column '" + column + "': " + getMessage();
  }
}
