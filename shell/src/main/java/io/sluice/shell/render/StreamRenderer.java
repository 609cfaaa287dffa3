package io.sluice.shell.render;

import io.sluice.plan.DataType;
import io.sluice.plan.Schema;
import java.io.PrintStream;
import java.util.List;

/**
 * Rows of a continuous result printed as they arrive, under a header, in columns whose
 * width comes from the column's type (the widest values are not known in advance; a longer
 * value widens its own row only). A changelog result shows its {@code op} column first.
 */
final class StreamRenderer extends ResultRenderer {
  private static final String NULL = "<NULL>";

  private final PrintStream out;
  private int[] widths;

  StreamRenderer(PrintStream out) {
    this.out = out;
  }

  @Override
  public void begin(Schema resultSchema) {
    super.begin(resultSchema);
    widths = new int[columns.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = Math.max(columns.field(i).name().length(), typicalWidth(columns.type(i)));
    }
    StringBuilder header = new StringBuilder();
    appendRow(header, columns.names().toArray(new String[0]), false);
    String rule = "-".repeat(header.length() - 1) + "\n";
    out.print(rule + header + rule);
    out.flush();
  }

  private static int typicalWidth(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> 5;
      case TINYINT, SMALLINT -> 6;
      case INTEGER -> 11;
      case BIGINT -> 20;
      case DATE -> 10;
      case TIMESTAMP -> 23;
      default -> 12;
    };
  }

  @Override
  protected void write(List<String[]> rows) {
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      appendRow(text, row, true);
    }
    out.print(text);
    out.flush();
  }

  private void appendRow(StringBuilder text, String[] cells, boolean alignNumbers) {
    text.append('|');
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i] == null ? NULL : cells[i];
      String padding = " ".repeat(Math.max(0, widths[i] - cell.length()));
      boolean right = alignNumbers && columns.type(i).kind().isNumeric();
      text.append(' ').append(right ? padding + cell : cell + padding).append(" |");
    }
    text.append('\n');
  }

  @Override
  public void end() {
    out.flush();
  }
}
