package io.sluice.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.grammar.ScriptPart;
import io.sluice.grammar.StatementSplitter;
import io.sluice.parser.error.SqlSyntaxException;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.junit.jupiter.api.Test;

/** Tests that positions of statements and SQL nodes refer to lines and columns of the whole script. */
class PositionsTest {
  private static final String SCRIPT = """
      CREATE TABLE t (a INT, b STRING);
      SELECT 1;
         SELECT a,
        b || 'x' AS c FROM t WHERE a > 1""";

  private final SluiceParser parser = new SluiceParser();

  @Test
  void nodesOfAQueryOnLineThreeAreOnLineThree() {
    List<Statement> statements = parser.parseScript(SCRIPT);
    Statement.Query query = (Statement.Query) statements.get(2);
    assertEquals(new SqlParserPos(3, 4, 4, 34), query.position());
    SqlSelect select = (SqlSelect) query.query();
    assertEquals(new SqlParserPos(3, 4, 4, 34), select.getParserPosition());
    SqlNode a = select.getSelectList().get(0);
    assertEquals(new SqlParserPos(3, 11, 3, 11), a.getParserPosition());
    SqlBasicCall alias = (SqlBasicCall) select.getSelectList().get(1);
    assertEquals(new SqlParserPos(4, 3, 4, 15), alias.getParserPosition());
    assertEquals(new SqlParserPos(4, 3, 4, 10), alias.operand(0).getParserPosition());
    assertEquals(new SqlParserPos(4, 8, 4, 10), ((SqlBasicCall) alias.operand(0)).operand(1).getParserPosition());
    assertEquals(new SqlParserPos(4, 22, 4, 22), select.getFrom().getParserPosition());
    assertEquals(new SqlParserPos(4, 30, 4, 34), select.getWhere().getParserPosition());
  }

  @Test
  void aPartParsedAloneKeepsScriptPositions() {
    ScriptPart part = StatementSplitter.split(SCRIPT).get(2);
    Statement.Query query = (Statement.Query) parser.parseStatement(part);
    assertEquals(new SqlParserPos(3, 4, 4, 34), query.query().getParserPosition());
  }

  @Test
  void errorsInAPartParsedAloneQuoteTheScriptColumns() {
    ScriptPart part = new ScriptPart("SELECT a,\nFROM t", 7, 5, 80);
    SqlSyntaxException error = assertThrows(SqlSyntaxException.class, () -> parser.parseStatement(part));
    assertEquals("line 8:1: unexpected 'FROM' after ','; remove the trailing comma\nFROM t\n^", error.getMessage());
    ScriptPart firstLine = new ScriptPart("SELEC 1", 2, 5, 10);
    SqlSyntaxException onFirstLine = assertThrows(SqlSyntaxException.class,
        () -> parser.parseStatement(firstLine));
    assertEquals("line 2:5: unknown statement 'SELEC'. Did you mean SELECT?\n    SELEC 1\n    ^",
        onFirstLine.getMessage());
  }

  @Test
  void multiLineTokensEndOnTheirLastLine() {
    Statement.Query query = (Statement.Query) parser.parseStatement("SELECT 'a\nbc'");
    SqlNode literal = ((SqlSelect) query.query()).getSelectList().get(0);
    assertEquals(new SqlParserPos(1, 8, 2, 3), literal.getParserPosition());
  }
}
