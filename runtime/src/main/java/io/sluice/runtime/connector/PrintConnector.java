package io.sluice.runtime.connector;

import io.sluice.plan.PlanNode;
import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.ValueFormatter;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import io.sluice.runtime.operator.StreamOperator;
import java.io.PrintStream;
import org.apache.arrow.vector.TinyIntVector;

/** The {@code print} connector: a sink writing each row as {@code [identifier> ]+I[v1, v2, ...]} (or -U, +U, -D for changelog rows), Flink style. */
public final class PrintConnector implements ConnectorFactory {
  private final PrintStream stream;

  public PrintConnector(PrintStream stream) {
    this.stream = stream;
  }

  @Override
  public String name() {
    return "print";
  }

  @Override
  public SourceReader createReader(PlanNode.Scan scan) {
    throw new IllegalArgumentException("Table '" + scan.table().name() + "': the print connector can only be written to");
  }

  @Override
  public StreamOperator createSink(TableSpec table) {
    String identifier = table.option("print-identifier", "");
    return new PrintSink(table.schema(), identifier.isEmpty() ? "" : identifier + "> ", stream);
  }

  /** The print sink operator. */
  static final class PrintSink implements StreamOperator {
    private final Schema schema;
    private final String prefix;
    private final PrintStream stream;

    PrintSink(Schema schema, String prefix, PrintStream stream) {
      this.schema = schema;
      this.prefix = prefix;
      this.stream = stream;
    }

    @Override
    public void open(OperatorContext context) {}

    @Override
    public void processBatch(int input, Batch batch, Collector out) {
      StringBuilder text = new StringBuilder();
      // A changelog input carries one column more than the table: the row kind, printed as the prefix.
      TinyIntVector kinds = batch.columnCount() > schema.size() ? (TinyIntVector) batch.column(schema.size()) : null;
      for (int row = 0; row < batch.rowCount(); row++) {
        String kind = kinds == null ? RowKind.INSERT.shortName() : RowKind.of(kinds.get(row)).shortName();
        text.append(prefix).append(kind).append('[');
        for (int c = 0; c < schema.size(); c++) {
          if (c > 0) {
            text.append(", ");
          }
          ValueFormatter.append(text, batch.column(c), row, schema.type(c), "null");
        }
        text.append("]\n");
      }
      // One write per batch keeps rows of concurrent jobs from interleaving mid-line.
      stream.print(text);
      stream.flush();
    }
  }
}
