package io.sluice.parser.error;

import java.util.List;

/**
 * The script text errors are reported against, addressed by the 1-based line numbers of the whole script.
 */
public final class SourceText {
  private final List<String> lines;
  private final int firstLine;

  private SourceText(List<String> lines, int firstLine) {
    this.lines = lines;
    this.firstLine = firstLine;
  }

  /** A whole script. */
  public static SourceText ofScript(String script) {
    return new SourceText(List.of(script.split("\r?\n", -1)), 1);
  }

  /**
   * A statement cut out of a script it no longer has: its first line is padded with spaces so columns match the
   * script's.
   */
  public static SourceText ofPart(String text, int startLine, int startColumn) {
    return new SourceText(List.of((" ".repeat(startColumn - 1) + text).split("\r?\n", -1)), startLine);
  }

  /** The text of script line {@code line}, or null when it is not part of this source. */
  public String line(int line) {
    int index = line - firstLine;
    return index >= 0 && index < lines.size() ? lines.get(index) : null;
  }

  /** A syntax error at {@code line:column} quoting the line. */
  public SqlSyntaxException error(String message, int line, int column) {
    return new SqlSyntaxException(message, line, column, line(line));
  }
}
