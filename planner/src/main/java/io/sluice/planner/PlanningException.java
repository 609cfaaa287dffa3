package io.sluice.planner;

/**
 * A query or statement the planner refuses, with the position it refers to when known
 * (1-based line and column; 0 when unknown). The message is for people.
 */
public class PlanningException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final int endLine;
  private final int endColumn;

  public PlanningException(String message) {
    this(message, 0, 0, 0, 0, null);
  }

  public PlanningException(String message, int line, int column, int endLine, int endColumn, Throwable cause) {
    super(message, cause);
    this.line = line;
    this.column = column;
    this.endLine = endLine;
    this.endColumn = endColumn;
  }

  public boolean hasPosition() {
    return line > 0;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public int endLine() {
    return endLine;
  }

  public int endColumn() {
    return endColumn;
  }
}
