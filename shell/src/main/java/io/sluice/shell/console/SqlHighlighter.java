package io.sluice.shell.console;

import java.util.regex.Pattern;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** Colours SQL as it is typed: keywords bold blue, strings green, numbers cyan, comments grey. */
public final class SqlHighlighter implements Highlighter {
  private static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
  private static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
  private static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
  private static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT)
      .italic();

  @Override
  public AttributedString highlight(LineReader reader, String buffer) {
    AttributedStringBuilder text = new AttributedStringBuilder(buffer.length());
    int done = 0;
    for (SqlTokens.Span span : SqlTokens.spans(buffer)) {
      String piece = buffer.substring(span.start(), span.end());
      text.append(piece, switch (span.kind()) {
        case KEYWORD -> KEYWORD;
        case STRING -> STRING;
        case NUMBER -> NUMBER;
        case COMMENT -> COMMENT;
        case OTHER -> AttributedStyle.DEFAULT;
      });
      done = span.end();
    }
    // The lexer stops at the end of what it recognises; show any rest unstyled.
    text.append(buffer.substring(done));
    return text.toAttributedString();
  }

  @Override
  public void setErrorPattern(Pattern errorPattern) {}

  @Override
  public void setErrorIndex(int errorIndex) {}
}
