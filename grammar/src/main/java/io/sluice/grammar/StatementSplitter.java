package io.sluice.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * A scanner that cuts a SQL script into statements at top-level semicolons.
 *
 * <p>Semicolons inside string literals ({@code '...'} with {@code ''} escapes), quoted identifiers
 * ({@code "..."}, {@code `...`}) and comments ({@code --}, {@code /* *}{@code /}) do not end a statement.
 * Parts holding only whitespace and comments are dropped. The scanner never fails: malformed input is left
 * for the parser to report with a position.
 */
public final class StatementSplitter {
  /**
   * The statements of a script.
   *
   * @param parts the statements in script order, the last one possibly unterminated
   * @param incomplete true when the script ends inside a statement that has no terminating {@code ;} yet, or
   *     inside a string, quoted identifier or block comment; an interactive shell then asks for more input
   */
  public record Result(List<ScriptPart> parts, boolean incomplete) {
    public Result {
      parts = List.copyOf(parts);
    }
  }

  private StatementSplitter() {}

  /** Splits {@code script} into its statements. */
  public static List<ScriptPart> split(String script) {
    return scan(script).parts();
  }

  /** Splits {@code script} and tells whether it ends in an unfinished statement. */
  public static Result scan(String script) {
    List<ScriptPart> parts = new ArrayList<>();
    int length = script.length();
    int line = 1;
    int column = 1;
    // Start of the current statement's first significant character, or -1 while only whitespace/comments.
    int start = -1;
    int startLine = 0;
    int startColumn = 0;
    int lastSignificant = -1;
    boolean unclosed = false;
    int i = 0;
    while (i < length) {
      char c = script.charAt(i);
      int next;
      boolean significant = true;
      if (c == '-' && i + 1 < length && script.charAt(i + 1) == '-') {
        next = indexOrEnd(script, "\n", i + 2);
        significant = false;
      } else if (c == '/' && i + 1 < length && script.charAt(i + 1) == '*') {
        int close = script.indexOf("*/", i + 2);
        unclosed = close < 0;
        next = unclosed ? length : close + 2;
        significant = false;
      } else if (c == '\'' || c == '"' || c == '`') {
        next = endOfQuoted(script, i, c);
        unclosed = next < 0;
        next = unclosed ? length : next;
      } else if (c == ';') {
        if (start >= 0) {
          parts.add(new ScriptPart(script.substring(start, lastSignificant + 1), startLine, startColumn, start));
          start = -1;
        }
        next = i + 1;
        significant = false;
      } else {
        next = i + 1;
        significant = !Character.isWhitespace(c);
      }
      if (significant) {
        if (start < 0) {
          start = i;
          startLine = line;
          startColumn = column;
        }
        lastSignificant = next - 1;
      }
      for (int k = i; k < next; k++) {
        if (script.charAt(k) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      i = next;
    }
    boolean incomplete = unclosed || start >= 0;
    if (start >= 0) {
      parts.add(new ScriptPart(script.substring(start, lastSignificant + 1), startLine, startColumn, start));
    }
    return new Result(parts, incomplete);
  }

  private static int indexOrEnd(String script, String needle, int from) {
    int index = script.indexOf(needle, from);
    return index < 0 ? script.length() : index;
  }

  /** Returns the index just past the closing quote, or -1 when the quote is never closed. */
  private static int endOfQuoted(String script, int open, char quote) {
    int i = open + 1;
    while (i < script.length()) {
      if (script.charAt(i) == quote) {
        // A doubled quote is an escaped quote character, not the end.
        if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return -1;
  }
}
