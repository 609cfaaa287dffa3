package io.sluice.shell.render;

import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The current rows of a continuous result, kept by applying its changelog ({@code +I} and
 * {@code +U} add a row, {@code -U} and {@code -D} remove the latest equal one), drawn on demand as
 * an aligned table that fits a screen; the shell's {@code table} result mode redraws it in place.
 * Changes arrive on the job's thread and frames are drawn on another, so both lock the table.
 */
public final class MaterializedTable extends ResultRenderer {
  private static final String NULL = "<NULL>";

  private final List<String[]> rows = new ArrayList<>();
  private boolean changelog;
  private List<String> names;
  private boolean[] numeric;
  /** Column widths only grow, so that the table does not jitter as rows come and go. */
  private int[] widths;
  private boolean changed;

  @Override
  public synchronized void begin(Schema resultSchema) {
    super.begin(resultSchema);
    changelog = RowKind.isChangelog(resultSchema);
    int first = changelog ? 1 : 0;
    names = columns.names().subList(first, columns.size());
    numeric = new boolean[names.size()];
    widths = new int[names.size()];
    for (int i = 0; i < names.size(); i++) {
      numeric[i] = columns.type(first + i).kind().isNumeric();
      widths[i] = names.get(i).length();
    }
    changed = true;
  }

  @Override
  protected synchronized void write(List<String[]> cells) {
    for (String[] cell : cells) {
      String[] row = changelog ? Arrays.copyOfRange(cell, 1, cell.length) : cell;
      if (!changelog || cell[0].equals(RowKind.INSERT.shortName()) || cell[0].equals(RowKind.UPDATE_AFTER.shortName())) {
        rows.add(row);
        for (int i = 0; i < row.length; i++) {
          widths[i] = Math.max(widths[i], (row[i] == null ? NULL : row[i]).length());
        }
      } else {
        removeLatest(row);
      }
    }
    changed = true;
  }

  private void removeLatest(String[] row) {
    for (int i = rows.size() - 1; i >= 0; i--) {
      if (Arrays.equals(rows.get(i), row)) {
        rows.remove(i);
        return;
      }
    }
  }

  /** The number of rows the result has now. */
  public synchronized int size() {
    return rows.size();
  }

  /** Whether rows changed since the last call; the first call answers true. */
  public synchronized boolean takeChanged() {
    boolean was = changed;
    changed = false;
    return was;
  }

  /**
   * The table as at most {@code maxLines} lines (at least five are needed for a row), each cut
   * to {@code width} characters. When the rows do not fit, the latest ones show, with a line
   * saying how many earlier rows are hidden.
   */
  public synchronized List<String> frame(int width, int maxLines) {
    List<String> lines = new ArrayList<>();
    if (names == null) {
      return lines;
    }
    String border = border();
    lines.add(border);
    lines.add(line(names.toArray(new String[0]), false));
    lines.add(border);
    int room = Math.max(1, maxLines - 4);
    int shown = rows.size() <= room ? rows.size() : Math.max(1, room - 1);
    int hidden = rows.size() - shown;
    for (int i = hidden; i < rows.size(); i++) {
      lines.add(line(rows.get(i), true));
    }
    if (!rows.isEmpty()) {
      lines.add(border);
    }
    if (hidden > 0) {
      lines.add("(" + hidden + " earlier row" + (hidden == 1 ? "" : "s") + " not shown; the latest " + shown
          + (shown == 1 ? " is" : " are") + ")");
    }
    lines.replaceAll(line -> line.length() > width ? line.substring(0, Math.max(0, width)) : line);
    return lines;
  }

  private String border() {
    StringBuilder line = new StringBuilder("+");
    for (int width : widths) {
      line.append("-".repeat(width + 2)).append('+');
    }
    return line.toString();
  }

  private String line(String[] cells, boolean alignNumbers) {
    StringBuilder text = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i] == null ? NULL : cells[i];
      String padding = " ".repeat(widths[i] - cell.length());
      text.append(' ').append(alignNumbers && numeric[i] ? padding + cell : cell + padding).append(" |");
    }
    return text.toString();
  }
}
