package io.sluice.shell.render;

import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.exec.ResultConsumer;
import java.io.PrintStream;
import java.util.List;

/**
 * A result printer for one output format. Query results arrive as batches; the small tables
 * SHOW and DESCRIBE produce arrive as text cells. Either way each row is printed as text cells,
 * null for SQL NULL.
 */
public abstract class ResultRenderer implements ResultConsumer {
  /** The formats {@code --format} accepts. */
  public enum Format { TABLE, CSV, JSON }

  /** The columns of the batches that arrive. */
  private Schema schema;
  /** The columns printed: for a changelog the {@code op} column first (see {@link RowKind#clientSchema}). */
  protected Schema columns;
  private long rows;

  public static ResultRenderer create(Format format, PrintStream out) {
    return switch (format) {
      case TABLE -> new TableRenderer(out);
      case CSV -> new CsvRenderer(out);
      case JSON -> new JsonRenderer(out);
    };
  }

  /** Rows printed one by one as they arrive under a header, for results that may never end. */
  public static ResultRenderer streaming(PrintStream out) {
    return new StreamRenderer(out);
  }

  @Override
  public void begin(Schema resultSchema) {
    this.schema = resultSchema;
    this.columns = RowKind.clientSchema(resultSchema);
  }

  @Override
  public final void accept(Batch batch) {
    acceptCells(Cells.format(batch, schema));
  }

  /** Prints rows given as text cells. */
  public final void acceptCells(List<String[]> cells) {
    write(cells);
    rows += cells.size();
  }

  protected abstract void write(List<String[]> cells);

  /** Rows printed so far. */
  public long rowCount() {
    return rows;
  }
}
