package io.sluice.shell.render;

import io.sluice.plan.Schema;
import java.util.List;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned table with a border, printed when the result ends so every column fits its
 * widest value. NULL prints as {@code <NULL>}; numbers align right.
 */
final class TableRenderer extends ResultRenderer {
  private static final String NULL = "<NULL>";

  private final PrintStream out;
  private final List<String[]> rows = new ArrayList<>();

  TableRenderer(PrintStream out) {
    this.out = out;
  }

  @Override
  protected void write(List<String[]> cells) {
    rows.addAll(cells);
  }

  @Override
  public void end() {
    int count = columns.size();
    int[] widths = new int[count];
    for (int i = 0; i < count; i++) {
      widths[i] = columns.field(i).name().length();
    }
    for (String[] row : rows) {
      for (int i = 0; i < count; i++) {
        widths[i] = Math.max(widths[i], (row[i] == null ? NULL : row[i]).length());
      }
    }
    StringBuilder text = new StringBuilder();
    String border = border(widths);
    text.append(border);
    appendRow(text, columns.names().toArray(new String[0]), widths, false);
    text.append(border);
    for (String[] row : rows) {
      appendRow(text, row, widths, true);
    }
    if (!rows.isEmpty()) {
      text.append(border);
    }
    out.print(text);
    out.flush();
  }

  private static String border(int[] widths) {
    StringBuilder line = new StringBuilder("+");
    for (int width : widths) {
      line.append("-".repeat(width + 2)).append('+');
    }
    return line.append('\n').toString();
  }

  private void appendRow(StringBuilder text, String[] cells, int[] widths, boolean alignNumbers) {
    text.append('|');
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i] == null ? NULL : cells[i];
      String padding = " ".repeat(widths[i] - cell.length());
      boolean right = alignNumbers && columns.type(i).kind().isNumeric();
      text.append(' ').append(right ? padding + cell : cell + padding).append(" |");
    }
    text.append('\n');
  }
}
