package io.sluice.jdbc;

import io.sluice.grammar.ScriptPart;
import io.sluice.parser.error.SourceText;
import io.sluice.parser.error.SqlSyntaxException;
import io.sluice.planner.PlanningException;

/**
 * A statement the session refused, with its position in the script and the offending source
 * line under a caret, in the same form as syntax errors.
 */
public final class StatementException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String shortMessage;
  private final int line;
  private final int column;

  public StatementException(String shortMessage, int line, int column, String sourceLine) {
    super(format(shortMessage, line, column, sourceLine));
    this.shortMessage = shortMessage;
    this.line = line;
    this.column = column;
  }

  static StatementException of(PlanningException e, ScriptPart part) {
    String sourceLine = e.hasPosition()
        ? SourceText.ofPart(part.text(), part.startLine(), part.startColumn()).line(e.line()) : null;
    StatementException wrapped = new StatementException(e.getMessage(), e.line(), e.column(), sourceLine);
    wrapped.initCause(e);
    return wrapped;
  }

  public String shortMessage() {
    return shortMessage;
  }

  /** 1-based line in the script, or 0 when the error has no position. */
  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  static String format(String message, int line, int column, String sourceLine) {
    return line <= 0 ? message : SqlSyntaxException.format(message, line, column, sourceLine);
  }
}
