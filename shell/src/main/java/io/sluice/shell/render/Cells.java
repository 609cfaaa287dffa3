package io.sluice.shell.render;

import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.ValueFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.TinyIntVector;

/** Formats the cells of result batches as the text a person reads; null cells stay null. */
final class Cells {
  private Cells() {}

  /**
   * The rows of {@code batch} (whose columns are {@code schema}) as text cells, null for
   * SQL NULL; a changelog row starts with its kind ({@code +I}, {@code -U}, {@code +U}, {@code -D}),
   * as {@link RowKind#clientSchema} lays it out.
   */
  static List<String[]> format(Batch batch, Schema schema) {
    boolean changelog = RowKind.isChangelog(schema);
    int dataColumns = changelog ? schema.size() - 1 : schema.size();
    int first = changelog ? 1 : 0;
    TinyIntVector kinds = changelog ? (TinyIntVector) batch.column(dataColumns) : null;
    List<String[]> rows = new ArrayList<>(batch.rowCount());
    for (int row = 0; row < batch.rowCount(); row++) {
      String[] cells = new String[first + dataColumns];
      if (changelog) {
        cells[0] = RowKind.of(kinds.get(row)).shortName();
      }
      for (int column = 0; column < dataColumns; column++) {
        cells[first + column] = ValueFormatter.format(batch.column(column), row, schema.type(column), null);
      }
      rows.add(cells);
    }
    return rows;
  }
}
