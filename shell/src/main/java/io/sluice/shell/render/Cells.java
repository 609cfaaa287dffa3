package io.sluice.shell.render;

import io.sluice.plan.Schema;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.ValueFormatter;
import java.util.ArrayList;
import java.util.List;

/** Formats the cells of result batches as the text a person reads; null cells stay null. */
final class Cells {
  private Cells() {}

  /** The rows of {@code batch} as text cells, null for SQL NULL. */
  static List<String[]> format(Batch batch, Schema schema) {
    List<String[]> rows = new ArrayList<>(batch.rowCount());
    for (int row = 0; row < batch.rowCount(); row++) {
      String[] cells = new String[schema.size()];
      for (int column = 0; column < schema.size(); column++) {
        cells[column] = ValueFormatter.format(batch.column(column), row, schema.type(column), null);
      }
      rows.add(cells);
    }
    return rows;
  }
}
