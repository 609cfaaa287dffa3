package io.sluice.parser.error;

import static java.util.Objects.requireNonNull;

/**
 * A syntax error, or an error found while turning the parse tree into SQL nodes, at a 1-based line and column
 * of the whole script.
 *
 * <p>{@link #getMessage()} is three lines: {@code line L:C: <short message>}, the offending source line, and a
 * single caret under the offending column. Without a source line only the first line is given.
 */
public final class SqlSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String shortMessage;
  private final String sourceLine;

  public SqlSyntaxException(String shortMessage, int line, int column, String sourceLine) {
    super(format(shortMessage, line, column, sourceLine));
    this.shortMessage = requireNonNull(shortMessage, "shortMessage is null");
    this.line = line;
    this.column = column;
    this.sourceLine = sourceLine;
  }

  /** The 1-based line in the script. */
  public int line() {
    return line;
  }

  /** The 1-based column in the line. */
  public int column() {
    return column;
  }

  /** The message without position and source excerpt. */
  public String shortMessage() {
    return shortMessage;
  }

  /** The script line the error is on, or null when unknown. */
  public String sourceLine() {
    return sourceLine;
  }

  /**
   * The one format of every positioned error (syntax, validation, planning): {@code line L:C: message}, then the
   * source line and a caret under column C when the line is known.
   */
  public static String format(String message, int line, int column, String sourceLine) {
    String header = "line " + line + ":" + column + ": " + message;
    if (sourceLine == null) {
      return header;
    }
    StringBuilder caret = new StringBuilder();
    for (int i = 0; i < column - 1; i++) {
      // Keep tabs so the caret lines up however the terminal renders them.
      caret.append(i < sourceLine.length() && sourceLine.charAt(i) == '\t' ? '\t' : ' ');
    }
    return header + "\n" + sourceLine + "\n" + caret + "^";
  }
}
