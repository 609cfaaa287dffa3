package io.sluice.parser.convert;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Conversions from ANTLR tokens to Calcite positions: 1-based lines and columns, end column inclusive.
 * Token lines and columns already refer to the whole script because the lexer starts at the statement's
 * position.
 */
final class Positions {
  private Positions() {}

  static SqlParserPos of(ParserRuleContext context) {
    Token stop = context.getStop();
    if (stop == null || stop.getTokenIndex() < context.getStart().getTokenIndex()) {
      stop = context.getStart();
    }
    return span(context.getStart(), stop);
  }

  static SqlParserPos of(Token token) {
    return span(token, token);
  }

  static SqlParserPos of(TerminalNode node) {
    return of(node.getSymbol());
  }

  static SqlParserPos span(Token start, Token stop) {
    String text = stop.getType() == Token.EOF ? "" : stop.getText();
    int endLine = stop.getLine();
    int endColumn = stop.getCharPositionInLine() + Math.max(text.length(), 1);
    int newline = text.lastIndexOf('\n');
    if (newline >= 0) {
      endLine += (int) text.chars().filter(c -> c == '\n').count();
      endColumn = text.length() - newline - 1;
    }
    return new SqlParserPos(start.getLine(), start.getCharPositionInLine() + 1, endLine, endColumn);
  }
}
