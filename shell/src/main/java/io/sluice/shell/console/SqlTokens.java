package io.sluice.shell.console;

import io.sluice.grammar.SluiceSqlLexer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;

/**
 * The shell's view of SQL text, from the grammar's own lexer: the keyword list and a
 * classification of every token (comments and whitespace included) for highlighting.
 */
public final class SqlTokens {
  /** What a token is, as far as colouring is concerned. */
  public enum Kind { KEYWORD, STRING, NUMBER, COMMENT, OTHER }

  /** A token's kind and its character range {@code [start, end)} in the text. */
  public record Span(Kind kind, int start, int end) {}

  private static final Set<String> KEYWORDS = keywords();

  private SqlTokens() {}

  /** Every keyword of the grammar, upper-case and sorted. */
  public static Set<String> keywordSet() {
    return KEYWORDS;
  }

  private static Set<String> keywords() {
    Vocabulary vocabulary = SluiceSqlLexer.VOCABULARY;
    Set<String> words = new TreeSet<>();
    for (int type = 1; type <= vocabulary.getMaxTokenType(); type++) {
      String literal = vocabulary.getLiteralName(type);
      if (literal != null && literal.matches("'[A-Z_]+'")) {
        words.add(literal.substring(1, literal.length() - 1));
      }
    }
    return Collections.unmodifiableSet(words);
  }

  /** The tokens of {@code text} in order, covering it completely. */
  public static List<Span> spans(String text) {
    SluiceSqlLexer lexer = new SluiceSqlLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    List<Span> spans = new ArrayList<>();
    for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
      spans.add(new Span(kind(token), token.getStartIndex(), token.getStopIndex() + 1));
    }
    return spans;
  }

  private static Kind kind(Token token) {
    return switch (token.getType()) {
      case SluiceSqlLexer.STRING_LITERAL -> Kind.STRING;
      case SluiceSqlLexer.INTEGER_VALUE, SluiceSqlLexer.DECIMAL_VALUE, SluiceSqlLexer.DOUBLE_VALUE -> Kind.NUMBER;
      case SluiceSqlLexer.LINE_COMMENT, SluiceSqlLexer.BLOCK_COMMENT -> Kind.COMMENT;
      default -> KEYWORDS.contains(token.getText().toUpperCase(Locale.ROOT)) ? Kind.KEYWORD : Kind.OTHER;
    };
  }
}
