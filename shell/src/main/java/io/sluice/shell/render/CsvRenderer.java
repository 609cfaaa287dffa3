package io.sluice.shell.render;

import io.sluice.plan.Schema;
import java.util.List;
import java.io.PrintStream;

/** RFC 4180 CSV: a header line, then one line per row; NULL is an empty field. */
final class CsvRenderer extends ResultRenderer {
  private final PrintStream out;

  CsvRenderer(PrintStream out) {
    this.out = out;
  }

  @Override
  public void begin(Schema resultSchema) {
    super.begin(resultSchema);
    out.print(line(columns.names().toArray(new String[0])));
  }

  @Override
  protected void write(List<String[]> rows) {
    StringBuilder text = new StringBuilder();
    for (String[] cells : rows) {
      text.append(line(cells));
    }
    out.print(text);
    out.flush();
  }

  static String line(String[] cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(quote(cells[i]));
    }
    return line.append('\n').toString();
  }

  private static String quote(String cell) {
    if (cell == null) {
      return "";
    }
    boolean needsQuotes = cell.isEmpty() || cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0
        || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
    return needsQuotes ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
  }
}
