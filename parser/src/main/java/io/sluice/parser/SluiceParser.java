package io.sluice.parser;

import static java.util.Objects.requireNonNull;

import io.sluice.grammar.ScriptPart;
import io.sluice.grammar.SluiceSqlLexer;
import io.sluice.grammar.SluiceSqlParser;
import io.sluice.grammar.StatementSplitter;
import io.sluice.parser.convert.StatementBuilder;
import io.sluice.parser.error.SourceText;
import io.sluice.parser.error.SqlSyntaxException;
import io.sluice.parser.error.SyntaxErrorListener;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The entry point of the parser: Sluice SQL text to {@link Statement}s whose positions refer to the whole
 * script. Errors are {@link SqlSyntaxException}s. Instances are stateless and thread-safe.
 */
public final class SluiceParser {
  /** Parses every statement of a script, in order. */
  public List<Statement> parseScript(String script) {
    requireNonNull(script, "script is null");
    SourceText source = SourceText.ofScript(script);
    List<Statement> statements = new ArrayList<>();
    for (ScriptPart part : StatementSplitter.split(script)) {
      statements.add(parse(part, source));
    }
    return statements;
  }

  /** Parses one statement cut from a script; positions and messages refer to the script. */
  public Statement parseStatement(ScriptPart part) {
    requireNonNull(part, "part is null");
    return parse(part, SourceText.ofPart(part.text(), part.startLine(), part.startColumn()));
  }

  /** Parses one statement that is a script of its own, with or without a trailing {@code ;}. */
  public Statement parseStatement(String sql) {
    requireNonNull(sql, "sql is null");
    return parse(ScriptPart.of(sql), SourceText.ofScript(sql));
  }

  private static Statement parse(ScriptPart part, SourceText source) {
    CharStream chars = CharStreams.fromString(part.text());
    SluiceSqlLexer lexer = new SluiceSqlLexer(chars);
    lexer.removeErrorListeners();
    // Starting the lexer at the part's position makes every token position script-relative.
    lexer.getInterpreter().setLine(part.startLine());
    lexer.getInterpreter().setCharPositionInLine(part.startColumn() - 1);
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    SluiceSqlParser parser = new SluiceSqlParser(tokens);
    parser.removeErrorListeners();
    SluiceSqlParser.SingleStatementContext tree;
    try {
      // Fast SLL prediction is right for almost all input; only real errors or rare ambiguities fall back.
      parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
      parser.setErrorHandler(new BailErrorStrategy());
      tree = parser.singleStatement();
    } catch (ParseCancellationException e) {
      tokens.seek(0);
      parser.reset();
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      parser.setErrorHandler(new DefaultErrorStrategy());
      parser.addErrorListener(new SyntaxErrorListener(source));
      tree = parser.singleStatement();
    }
    return new StatementBuilder(source, chars).visit(tree);
  }
}
