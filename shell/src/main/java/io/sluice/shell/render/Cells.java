package io.sluice.shell.render;

import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Rows;
import io.sluice.runtime.batch.ValueFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Formats the cells of result batches as the text a person reads; null cells stay null.
 * A changelog batch's row kind becomes the leading {@code op} cell.
 */
final class Cells {
  private Cells() {}

  /** The rows of {@code batch} (whose columns are {@code schema}) as text cells, null for SQL NULL. */
  static List<String[]> format(Batch batch, Schema schema) {
    boolean changelog = RowKind.isChangelog(schema);
    int dataColumns = changelog ? schema.size() - 1 : schema.size();
    int shift = changelog ? 1 : 0;
    List<String[]> rows = new ArrayList<>(batch.rowCount());
    for (int row = 0; row < batch.rowCount(); row++) {
      String[] cells = new String[schema.size()];
      if (changelog) {
        Number code = (Number) Rows.get(batch.column(dataColumns), row, schema.type(dataColumns));
        cells[0] = RowKind.of(code.byteValue()).shortName();
      }
      for (int column = 0; column < dataColumns; column++) {
        cells[column + shift] = ValueFormatter.format(batch.column(column), row, schema.type(column), null);
      }
      rows.add(cells);
    }
    return rows;
  }
}
