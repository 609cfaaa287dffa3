package io.sluice.shell.render;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.exec.ResultConsumer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A result printer for one output format. Query results arrive as batches; the small tables
 * SHOW and DESCRIBE produce arrive as text cells. Either way each row is printed as text cells,
 * null for SQL NULL.
 */
public abstract class ResultRenderer implements ResultConsumer {
  /** The formats {@code --format} accepts. */
  public enum Format { TABLE, CSV, JSON, VERTICAL }

  /** The columns of the batches that arrive. */
  private Schema schema;
  /** The columns printed: for a changelog the {@code op} column first (see {@link RowKind#clientSchema}). */
  protected Schema columns;
  /** Whether an append-only result still gets an {@code op} column (always {@code +I}). */
  private boolean opForInserts;
  /** Rows so far; written by the job's thread, read by a status line's. */
  private volatile long rows;
  private volatile long watermark = Long.MIN_VALUE;

  public static ResultRenderer create(Format format, PrintStream out) {
    return switch (format) {
      case TABLE -> new TableRenderer(out);
      case CSV -> new CsvRenderer(out);
      case JSON -> new JsonRenderer(out);
      case VERTICAL -> new VerticalRenderer(out);
    };
  }

  /** Rows printed one by one as they arrive under a header, for results that may never end. */
  public static ResultRenderer streaming(PrintStream out) {
    return new StreamRenderer(out);
  }

  /**
   * Makes every row show its {@code op}, as the shell's changelog mode does: an append-only
   * result's rows are all {@code +I}. Call before {@link #begin}.
   */
  public ResultRenderer withOpColumn() {
    this.opForInserts = true;
    return this;
  }

  @Override
  public void begin(Schema resultSchema) {
    this.schema = resultSchema;
    Schema client = RowKind.clientSchema(resultSchema);
    if (opForInserts && !RowKind.isChangelog(resultSchema)) {
      List<Field> fields = new ArrayList<>();
      fields.add(new Field(RowKind.CLIENT_COLUMN, DataType.of(TypeKind.VARCHAR).withNullable(false)));
      fields.addAll(resultSchema.fields());
      client = new Schema(fields);
    } else {
      opForInserts = false;
    }
    this.columns = client;
  }

  @Override
  public final void accept(Batch batch) {
    List<String[]> cells = Cells.format(batch, schema);
    if (opForInserts) {
      String insert = RowKind.INSERT.shortName();
      for (int i = 0; i < cells.size(); i++) {
        String[] row = cells.get(i);
        String[] withOp = new String[row.length + 1];
        withOp[0] = insert;
        System.arraycopy(row, 0, withOp, 1, row.length);
        cells.set(i, withOp);
      }
    }
    acceptCells(cells);
  }

  @Override
  public void watermark(long watermark) {
    this.watermark = watermark;
  }

  /** The latest watermark of the result (epoch milliseconds), {@link Long#MIN_VALUE} before the first. */
  public long currentWatermark() {
    return watermark;
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
