package io.sluice.runtime.format;

import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.ValueFormatter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A CSV record encoder: fields quoted per RFC 4180 only when needed, NULL as the null literal. */
final class CsvEncoder implements RecordEncoder {
  private final FormatColumn[] columns;
  private final char delimiter;
  private final char quote;
  private final String nullLiteral;
  private final StringBuilder line = new StringBuilder();
  private final StringBuilder cell = new StringBuilder();

  CsvEncoder(List<FormatColumn> columns, char delimiter, char quote, String nullLiteral) {
    this.columns = columns.toArray(new FormatColumn[0]);
    this.delimiter = delimiter;
    this.quote = quote;
    this.nullLiteral = nullLiteral;
  }

  @Override
  public byte[] encode(Batch batch, int row) {
    line.setLength(0);
    for (int c = 0; c < columns.length; c++) {
      if (c > 0) {
        line.append(delimiter);
      }
      cell.setLength(0);
      ValueFormatter.append(cell, batch.column(columns[c].index()), row, columns[c].type(), nullLiteral);
      appendField(cell);
    }
    return line.toString().getBytes(StandardCharsets.UTF_8);
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
}
