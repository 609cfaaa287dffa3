package io.sluice.parser.error;

import static java.util.Objects.requireNonNull;

import io.sluice.grammar.SluiceSqlLexer;
import io.sluice.grammar.SluiceSqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * An ANTLR error listener that turns the first syntax error into a {@link SqlSyntaxException} whose message
 * names grammar concepts ({@code <expression>}, {@code <identifier>}, ...) instead of token lists, and gives a
 * fix-it hint for common mistakes.
 */
public final class SyntaxErrorListener extends BaseErrorListener {
  private static final int MAX_EXPECTED = 8;
  private static final List<String> STATEMENT_KEYWORDS = List.of(
      "SELECT", "WITH", "VALUES", "INSERT", "CREATE", "DROP", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "SET", "RESET");
  private static final List<String> CLAUSE_WORDS = List.of(
      "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW", "UNION", "INTERSECT", "EXCEPT", "JOIN");
  private static final Set<Integer> CLAUSE_KEYWORDS = Set.of(
      SluiceSqlLexer.FROM, SluiceSqlLexer.WHERE, SluiceSqlLexer.GROUP, SluiceSqlLexer.HAVING,
      SluiceSqlLexer.ORDER, SluiceSqlLexer.LIMIT, SluiceSqlLexer.WINDOW, SluiceSqlLexer.UNION,
      SluiceSqlLexer.INTERSECT, SluiceSqlLexer.EXCEPT, SluiceSqlLexer.ON, SluiceSqlLexer.USING);

  private static final int COMMA = tokenType(",");
  private static final int SEMICOLON = tokenType(";");
  private static final int LEFT_PAREN = tokenType("(");
  private static final int RIGHT_PAREN = tokenType(")");

  private final SourceText source;

  public SyntaxErrorListener(SourceText source) {
    this.source = requireNonNull(source, "source is null");
  }

  @Override
  public void syntaxError(
      Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine, String antlrMessage,
      RecognitionException e) {
    Parser parser = (Parser) recognizer;
    Token offending = e != null && e.getOffendingToken() != null ? e.getOffendingToken() : (Token) offendingSymbol;
    IntervalSet expected = e != null && e.getExpectedTokens() != null ? e.getExpectedTokens()
        : parser.getExpectedTokens();
    // When prediction fails past its start token, the expected set describes the start, not the offending token.
    boolean expectedIsReliable = !(e instanceof NoViableAltException noViable)
        || noViable.getStartToken().getTokenIndex() == offending.getTokenIndex();
    String message = describe(parser, offending, expectedIsReliable ? expected : new IntervalSet());
    throw source.error(message, offending.getLine(), offending.getCharPositionInLine() + 1);
  }

  private static String describe(Parser parser, Token offending, IntervalSet expected) {
    TokenStream tokens = parser.getInputStream();
    Token previous = previousOnChannel(tokens, offending);
    int type = offending.getType();
    if (type == SluiceSqlLexer.UNRECOGNIZED) {
      return switch (offending.getText()) {
        case "'" -> "unterminated string literal; close it with '";
        case "\"" -> "unterminated quoted identifier; close it with \"";
        case "`" -> "unterminated quoted identifier; close it with `";
        default -> "unexpected character '" + offending.getText() + "'";
      };
    }
    if (type == SluiceSqlLexer.DOUBLE_EQ) {
      return "unexpected '=='; use '=' to compare values";
    }
    if (previous == null && type != Token.EOF) {
      return unknownStatement(offending.getText());
    }
    if (previous != null && previous.getType() == COMMA
        && (CLAUSE_KEYWORDS.contains(type) || type == RIGHT_PAREN)) {
      return "unexpected " + quote(offending) + " after ','; remove the trailing comma";
    }
    int open = unclosedParentheses(tokens, offending);
    boolean mayClose = expected.isNil() || expected.contains(RIGHT_PAREN);
    if (open >= 0 && mayClose && (type == Token.EOF || type == SEMICOLON || CLAUSE_KEYWORDS.contains(type))) {
      Token paren = tokens.get(open);
      return "missing ')' to close '(' at line " + paren.getLine() + ":" + (paren.getCharPositionInLine() + 1);
    }
    IntervalSet endOfStatement = IntervalSet.of(SEMICOLON);
    endOfStatement.add(Token.EOF);
    if (type != Token.EOF && !expected.isNil() && containsAll(endOfStatement, expected)) {
      String message = "extraneous input " + quote(offending) + " after the end of the statement";
      String keyword = closestKeyword(offending.getText(), CLAUSE_WORDS, 1);
      if (keyword != null) {
        return message + ". Did you mean " + keyword + "?";
      }
      // A misspelled clause keyword is taken for an alias, so the error shows up one token later.
      keyword = closestKeyword(previous.getText(), CLAUSE_WORDS, 1);
      return keyword == null ? message
          : message + ". Did you mean " + keyword + " instead of '" + previous.getText() + "'?";
    }
    String head = type == Token.EOF ? "unexpected end of input" : "mismatched input " + quote(offending);
    List<String> names = expectedNames(parser, expected);
    return names.isEmpty() ? head : head + ". Expecting: " + String.join(", ", names);
  }

  private static String unknownStatement(String word) {
    // Beyond two edits a suggestion is more likely noise than help.
    String keyword = closestKeyword(word, STATEMENT_KEYWORDS, 2);
    String message = "unknown statement '" + word + "'";
    return keyword == null ? message : message + ". Did you mean " + keyword + "?";
  }

  /** The keyword closest to {@code word} within {@code maxDistance} edits, or null. */
  private static String closestKeyword(String word, List<String> keywords, int maxDistance) {
    String best = null;
    int bestDistance = maxDistance + 1;
    for (String keyword : keywords) {
      int distance = editDistance(word.toUpperCase(Locale.ROOT), keyword);
      if (distance < bestDistance) {
        best = keyword;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** The expected set, with rule-level subsets collapsed to concept names, sorted and capped. */
  private static List<String> expectedNames(Parser parser, IntervalSet expected) {
    ATN atn = parser.getATN();
    IntervalSet absorbed = new IntervalSet();
    TreeSet<String> names = new TreeSet<>();
    for (Concept concept : CONCEPTS) {
      IntervalSet first = atn.nextTokens(atn.ruleToStartState[concept.rule()]);
      // A concept nested in one already named (a time unit is also an identifier) adds nothing.
      if (containsAll(expected, first) && !containsAll(absorbed, first)) {
        names.add(concept.name());
        absorbed.addAll(first);
      }
    }
    IntervalSet remaining = expected.subtract(absorbed);
    remaining.remove(Token.EOF);
    remaining.remove(SEMICOLON);
    for (int token : remaining.toList()) {
      names.add(tokenName(token));
    }
    List<String> result = new ArrayList<>(names);
    if (result.size() > MAX_EXPECTED) {
      result = new ArrayList<>(result.subList(0, MAX_EXPECTED));
      result.add("...");
    }
    return result;
  }

  /** A grammar rule shown to users by a name instead of the tokens it can start with. */
  private record Concept(String name, int rule) {}

  /** Concepts from the broadest to the narrowest, so a broad one absorbs the narrower ones it starts with. */
  private static final List<Concept> CONCEPTS = List.of(
      new Concept("<query>", SluiceSqlParser.RULE_query),
      new Concept("<query>", SluiceSqlParser.RULE_queryTerm),
      new Concept("<expression>", SluiceSqlParser.RULE_expression),
      new Concept("<expression>", SluiceSqlParser.RULE_valueExpression),
      new Concept("<data type>", SluiceSqlParser.RULE_type),
      new Concept("<identifier>", SluiceSqlParser.RULE_identifier),
      new Concept("<time unit>", SluiceSqlParser.RULE_timeUnit));

  private static boolean containsAll(IntervalSet set, IntervalSet subset) {
    return subset.subtract(set).isNil();
  }

  private static String tokenName(int type) {
    String literal = SluiceSqlLexer.VOCABULARY.getLiteralName(type);
    if (literal != null) {
      return literal;
    }
    return "'" + SluiceSqlLexer.VOCABULARY.getSymbolicName(type) + "'";
  }

  private static String quote(Token token) {
    return token.getType() == Token.EOF ? "end of input" : "'" + token.getText() + "'";
  }

  private static int tokenType(String literal) {
    String quoted = "'" + literal + "'";
    for (int type = 1; type <= SluiceSqlLexer.VOCABULARY.getMaxTokenType(); type++) {
      if (quoted.equals(SluiceSqlLexer.VOCABULARY.getLiteralName(type))) {
        return type;
      }
    }
    throw new IllegalStateException("no token " + quoted);
  }

  private static Token previousOnChannel(TokenStream tokens, Token token) {
    for (int i = token.getTokenIndex() - 1; i >= 0; i--) {
      Token candidate = tokens.get(i);
      if (candidate.getChannel() == Token.DEFAULT_CHANNEL) {
        return candidate;
      }
    }
    return null;
  }

  /** The token index of the innermost '(' still open before {@code token}, or -1. */
  private static int unclosedParentheses(TokenStream tokens, Token token) {
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < token.getTokenIndex(); i++) {
      int type = tokens.get(i).getType();
      if (type == LEFT_PAREN) {
        open.add(i);
      } else if (type == RIGHT_PAREN && !open.isEmpty()) {
        open.remove(open.size() - 1);
      }
    }
    return open.isEmpty() ? -1 : open.get(open.size() - 1);
  }

  private static int editDistance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      row[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + cost);
        diagonal = above;
      }
    }
    return row[b.length()];
  }
}
