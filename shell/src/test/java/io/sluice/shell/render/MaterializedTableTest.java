package io.sluice.shell.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shell's materialised view of a changelog (the table result mode) and the vertical format, fed text cells. */
class MaterializedTableTest {
  private static final Schema CHANGELOG = Schema.of(
      new Field("k", DataType.of(TypeKind.VARCHAR)),
      new Field("n", DataType.of(TypeKind.BIGINT)),
      new Field(RowKind.COLUMN, DataType.of(TypeKind.TINYINT).withNullable(false)));

  @Test
  void aChangelogIsAppliedToTheCurrentRows() {
    MaterializedTable table = new MaterializedTable();
    table.begin(CHANGELOG);
    table.acceptCells(List.of(
        new String[] {"+I", "a", "1"},
        new String[] {"+I", "b", "1"},
        new String[] {"-U", "a", "1"},
        new String[] {"+U", "a", "2"},
        new String[] {"+I", "c", "5"},
        new String[] {"-D", "b", "1"}));
    assertEquals(2, table.size());
    assertEquals(6, table.rowCount(), "every change counts as a row received");
    assertEquals(List.of(
        "+---+---+",
        "| k | n |",
        "+---+---+",
        "| a | 2 |",
        "| c | 5 |",
        "+---+---+"), table.frame(80, 20));
  }

  @Test
  void aRetractionRemovesOnlyOneEqualRowAndWidthsNeverShrink() {
    MaterializedTable table = new MaterializedTable();
    table.begin(CHANGELOG);
    table.acceptCells(List.of(new String[] {"+I", "same", "1"}, new String[] {"+I", "same", "1"},
        new String[] {"+I", "longer-key", null}));
    table.acceptCells(List.of(new String[] {"-D", "same", "1"}, new String[] {"-D", "longer-key", null}));
    assertEquals(List.of(
        "+------------+--------+",
        "| k          | n      |",
        "+------------+--------+",
        "| same       |      1 |",
        "+------------+--------+"), table.frame(80, 20));
  }

  @Test
  void theLatestRowsShowWhenTheyDoNotFitAndLinesAreCutToTheWidth() {
    MaterializedTable table = new MaterializedTable();
    table.begin(Schema.of(new Field("window_start", DataType.of(TypeKind.VARCHAR)), new Field("n", DataType.of(TypeKind.INTEGER))));
    for (int i = 1; i <= 10; i++) {
      table.acceptCells(List.<String[]>of(new String[] {"w" + i, String.valueOf(i)}));
    }
    List<String> frame = table.frame(14, 8);
    assertEquals(List.of(
        "+-------------",
        "| window_start",
        "+-------------",
        "| w8          ",
        "| w9          ",
        "| w10         ",
        "+-------------",
        "(7 earlier row"), frame);
    assertEquals("(7 earlier rows not shown; the latest 3 are)", table.frame(80, 8).get(7));
  }

  @Test
  void changesAreNoticedOnce() {
    MaterializedTable table = new MaterializedTable();
    table.begin(CHANGELOG);
    assertTrue(table.takeChanged(), "the header is drawn before the first row");
    assertFalse(table.takeChanged());
    table.acceptCells(List.<String[]>of(new String[] {"+I", "a", "1"}));
    assertTrue(table.takeChanged());
    assertFalse(table.takeChanged());
  }

  @Test
  void verticalFormatPrintsOneAlignedFieldPerLineUnderANumberedSeparator() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ResultRenderer renderer = ResultRenderer.create(ResultRenderer.Format.VERTICAL,
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    renderer.begin(CHANGELOG);
    renderer.acceptCells(List.of(new String[] {"+I", "a", "7"}, new String[] {"-D", null, "8"}));
    renderer.end();
    assertEquals("""
        -[ RECORD 1 ]---
        op: +I
        k:  a
        n:  7
        -[ RECORD 2 ]---
        op: -D
        k:  <NULL>
        n:  8
        """, bytes.toString(StandardCharsets.UTF_8));
  }
}
