package io.sluice.shell.render;

import java.io.PrintStream;
import java.util.List;

/**
 * One {@code column: value} line per field (values aligned), records under a numbered separator (as psql's
 * expanded display), for rows too wide to read as a table. Rows print as they arrive, so it
 * suits continuous results too. NULL prints as {@code <NULL>}.
 */
final class VerticalRenderer extends ResultRenderer {
  private static final String NULL = "<NULL>";

  private final PrintStream out;
  private int nameWidth;
  private long record;

  VerticalRenderer(PrintStream out) {
    this.out = out;
  }

  @Override
  protected void write(List<String[]> rows) {
    if (nameWidth == 0) {
      for (String name : columns.names()) {
        nameWidth = Math.max(nameWidth, name.length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] cells : rows) {
      record++;
      String title = "-[ RECORD " + record + " ]";
      text.append(title).append("-".repeat(Math.max(3, nameWidth + 12 - title.length()))).append('\n');
      for (int i = 0; i < cells.length; i++) {
        String name = columns.field(i).name();
        text.append(name).append(':').append(" ".repeat(nameWidth - name.length() + 1))
            .append(cells[i] == null ? NULL : cells[i]).append('\n');
      }
    }
    out.print(text);
    out.flush();
  }

  @Override
  public void end() {
    out.flush();
  }
}
