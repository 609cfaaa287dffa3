package io.sluice.grammar;

import static java.util.Objects.requireNonNull;

/**
 * A statement's text cut from a script, with where it starts in that script.
 *
 * @param text the statement without its terminating {@code ;} and without leading or trailing whitespace and comments
 * @param startLine 1-based line of the statement's first character in the script
 * @param startColumn 1-based column of the statement's first character in the script
 * @param startOffset 0-based character offset of the statement's first character in the script
 */
public record ScriptPart(String text, int startLine, int startColumn, int startOffset) {
  public ScriptPart {
    requireNonNull(text, "text is null");
    if (startLine < 1 || startColumn < 1 || startOffset < 0) {
      throw new IllegalArgumentException("bad position " + startLine + ":" + startColumn + " @" + startOffset);
    }
  }

  /** A part that is a whole script on its own. */
  public static ScriptPart of(String text) {
    return new ScriptPart(text, 1, 1, 0);
  }
}
