package io.sluice.runtime.connector;

import io.sluice.plan.DataType;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.ValueFormatter;
import io.sluice.runtime.format.FormatColumn;
import io.sluice.runtime.format.Formats;
import io.sluice.runtime.format.RecordEncoder;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import io.sluice.runtime.operator.StreamOperator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A file sink writing CSV, JSON lines or raw lines to {@code part-0.<format>} in the table's {@code 'path'} directory: rows go to
 * a hidden temporary file that is atomically renamed when the job finishes or closes, so
 * readers never see a half-written part. Fields are quoted per RFC 4180 only when needed.
 */
final class CsvFileSink implements StreamOperator {
  private final TableSpec table;
  private final Schema schema;
  private final DataType[] types;
  private final char delimiter;
  private final char quote;
  private final String nullLiteral;
  private Path directory;
  private Path temporary;
  private Writer writer;
  private final StringBuilder line = new StringBuilder();
  private final StringBuilder cell = new StringBuilder();
  /** The encoder of the json and raw formats, one line per row; null for CSV, written here. */
  private final RecordEncoder encoder;
  private final String extension;

  CsvFileSink(TableSpec table) {
    this.table = table;
    this.schema = table.schema();
    this.delimiter = (char) FileConnector.charOption(table, "csv.field-delimiter", ',');
    this.quote = (char) FileConnector.charOption(table, "csv.quote-character", '"');
    this.nullLiteral = table.option("csv.null-literal", "");
    this.types = new DataType[schema.size()];
    for (int c = 0; c < types.length; c++) {
      DataType type = schema.type(c);
      // Files always carry milliseconds so that they read back exactly.
      types[c] = type.kind() == TypeKind.TIMESTAMP ? new DataType(TypeKind.TIMESTAMP, 3, 0, true) : type;
    }
    this.extension = table.option("format", "csv");
    if (extension.equals("csv")) {
      this.encoder = null;
    } else {
      List<FormatColumn> columns = new ArrayList<>();
      for (int c = 0; c < types.length; c++) {
        columns.add(new FormatColumn(schema.field(c).name(), types[c], c));
      }
      this.encoder = Formats.encoder(extension, table, "", columns);
    }
  }

  @Override
  public void open(OperatorContext context) {
    try {
      directory = Path.of(table.option("path", ""));
      Files.createDirectories(directory);
      temporary = directory.resolve(".part-0." + extension + ".inprogress");
      writer = new BufferedWriter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8), 1 << 16);
      if (encoder == null && table.option("csv.header", "false").equals("true")) {
        line.setLength(0);
        for (int c = 0; c < schema.size(); c++) {
          if (c > 0) {
            line.append(delimiter);
          }
          appendField(schema.field(c).name());
        }
        writer.write(line.append('\n').toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Table '" + table.name() + "': cannot write to " + directory, e);
    }
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    try {
      for (int row = 0; row < batch.rowCount(); row++) {
        if (encoder != null) {
          byte[] record = encoder.encode(batch, row);
          writer.write(new String(record == null ? new byte[0] : record, StandardCharsets.UTF_8));
          writer.write('\n');
          continue;
        }
        line.setLength(0);
        for (int c = 0; c < types.length; c++) {
          if (c > 0) {
            line.append(delimiter);
          }
          cell.setLength(0);
          ValueFormatter.append(cell, batch.column(c), row, types[c], nullLiteral);
          appendField(cell);
        }
        writer.write(line.append('\n').toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Table '" + table.name() + "': cannot write to " + temporary, e);
    }
  }

  private void appendField(CharSequence value) {
    boolean needsQuotes = false;
    for (int i = 0; i < value.length() && !needsQuotes; i++) {
      char ch = value.charAt(i);
      needsQuotes = ch == delimiter || ch == quote || ch == '\n' || ch == '\r';
    }
    if (!needsQuotes) {
      line.append(value);
      return;
    }
    line.append(quote);
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == quote) {
        line.append(quote);
      }
      line.append(ch);
    }
    line.append(quote);
  }

  @Override
  public void finish(Collector out) {
    commit();
  }

  @Override
  public void close() {
    // A cancelled continuous INSERT keeps what it wrote, as a finished one does.
    commit();
  }

  private void commit() {
    if (writer == null) {
      return;
    }
    try {
      writer.close();
      writer = null;
      Files.move(temporary, directory.resolve("part-0." + extension),
          StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Table '" + table.name() + "': cannot commit " + temporary, e);
    }
  }
}
