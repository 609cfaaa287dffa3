package io.sluice.jdbc;

import io.sluice.grammar.ScriptPart;
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
    String sourceLine = e.hasPosition() ? lineOf(part, e.line()) : null;
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

  /** {@code line L:C: message}, then the source line and a caret under column C. */
  static String format(String message, int line, int column, String sourceLine) {
    if (line <= 0) {
      return message;
    }
    StringBuilder out = new StringBuilder("line ").append(line).append(':').append(column).append(": ").append(message);
    if (sourceLine != null) {
      out.append('\n').append(sourceLine).append('\n').append(" ".repeat(Math.max(0, column - 1))).append('^');
    }
    return out.toString();
  }

  private static String lineOf(ScriptPart part, int line) {
    String[] lines = part.text().split("\n", -1);
    int index = line - part.startLine();
    if (index < 0 || index >= lines.length) {
      return null;
    }
    // The statement's first line starts mid-line in the script; pad so the caret lines up.
    String text = lines[index];
    return index == 0 ? " ".repeat(part.startColumn() - 1) + text : text;
  }
}
