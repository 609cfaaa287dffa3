package io.sluice.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests of cutting scripts into statements with their script positions. */
class StatementSplitterTest {
  @Test
  void splitsAtTopLevelSemicolonsWithPositions() {
    String script = "SELECT 1;\n  SELECT 2 ;\n\nINSERT INTO t\nSELECT 3;";
    assertEquals(
        List.of(
            new ScriptPart("SELECT 1", 1, 1, 0),
            new ScriptPart("SELECT 2", 2, 3, 12),
            new ScriptPart("INSERT INTO t\nSELECT 3", 4, 1, 24)),
        StatementSplitter.split(script));
  }

  @Test
  void ignoresSemicolonsInStringsIdentifiersAndComments() {
    String script = "SELECT 'a;b''c;' AS \"x;y\", `p;q` -- not; here\nFROM t /* nor; here */;SELECT 2";
    List<ScriptPart> parts = StatementSplitter.split(script);
    assertEquals(2, parts.size());
    assertEquals("SELECT 'a;b''c;' AS \"x;y\", `p;q` -- not; here\nFROM t", parts.get(0).text());
    assertEquals(new ScriptPart("SELECT 2", 2, 24, 69), parts.get(1));
  }

  @Test
  void skipsPartsOfOnlyWhitespaceAndComments() {
    String script = "-- header\n;\n/* block */ ;;\n  -- lead\n  SELECT 1; -- trailer\n";
    assertEquals(List.of(new ScriptPart("SELECT 1", 5, 3, 39)), StatementSplitter.split(script));
    assertFalse(StatementSplitter.scan(script).incomplete());
  }

  @Test
  void reportsAnUnterminatedLastStatement() {
    StatementSplitter.Result result = StatementSplitter.scan("SELECT 1; SELECT\n 2");
    assertEquals(List.of(new ScriptPart("SELECT 1", 1, 1, 0), new ScriptPart("SELECT\n 2", 1, 11, 10)),
        result.parts());
    assertTrue(result.incomplete());
  }

  @Test
  void reportsAnOpenStringOrCommentAsIncomplete() {
    assertTrue(StatementSplitter.scan("SELECT 'abc;").incomplete());
    assertTrue(StatementSplitter.scan("SELECT 1; /* open").incomplete());
    assertTrue(StatementSplitter.scan("SELECT `a;").incomplete());
    assertFalse(StatementSplitter.scan("SELECT 'a'';'; -- done").incomplete());
    assertFalse(StatementSplitter.scan("  \n").incomplete());
  }

  @Test
  void countsColumnsAfterMultiLineTokens() {
    List<ScriptPart> parts = StatementSplitter.split("SELECT 'a\nb'; SELECT 2;");
    assertEquals(new ScriptPart("SELECT 2", 2, 5, 14), parts.get(1));
  }
}
