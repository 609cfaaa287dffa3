package io.sluice.runtime.format;

import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * A decoder of one CSV record (a Kafka value or one line) with RFC 4180 quoting: fields map to
 * the columns in order, the null literal (and an empty unquoted non-text field) is NULL.
 */
final class CsvRecordDecoder implements RecordDecoder {
  private final FormatColumn[] columns;
  private final FieldVector[] vectors;
  private final byte delimiter;
  private final byte quote;
  private final byte[] nullLiteral;
  private final TextParsers parsers = new TextParsers();
  private byte[] scratch = new byte[256];

  CsvRecordDecoder(List<FormatColumn> columns, FieldVector[] vectors, byte delimiter, byte quote, String nullLiteral) {
    this.columns = columns.toArray(new FormatColumn[0]);
    this.vectors = vectors;
    this.delimiter = delimiter;
    this.quote = quote;
    this.nullLiteral = nullLiteral == null ? null : nullLiteral.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void decode(byte[] bytes, int offset, int length, int row) {
    int end = offset + length;
    // A trailing line end belongs to the framing, not to the last field.
    while (end > offset && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
      end--;
    }
    int p = offset;
    int field = 0;
    while (true) {
      boolean quoted = p < end && bytes[p] == quote;
      byte[] source = bytes;
      int start;
      int stop;
      if (quoted) {
        int n = 0;
        p++;
        boolean closed = false;
        while (p < end) {
          if (bytes[p] == quote) {
            if (p + 1 < end && bytes[p + 1] == quote) {
              p++;
            } else {
              closed = true;
              p++;
              break;
            }
          }
          if (n == scratch.length) {
            scratch = Arrays.copyOf(scratch, n * 2);
          }
          scratch[n++] = bytes[p++];
        }
        if (!closed) {
          throw new BadRecordException(name(field), "unterminated quoted field");
        }
        if (p < end && bytes[p] != delimiter) {
          throw new BadRecordException(name(field), "unexpected character after the closing quote");
        }
        source = scratch;
        start = 0;
        stop = n;
      } else {
        start = p;
        while (p < end && bytes[p] != delimiter) {
          p++;
        }
        stop = p;
      }
      if (field < columns.length) {
        decodeField(field, source, start, stop, quoted, row);
      }
      field++;
      if (p < end && bytes[p] == delimiter) {
        p++;
        continue;
      }
      break;
    }
    if (field != columns.length) {
      throw new BadRecordException(null, "expected " + columns.length + " fields but found " + field);
    }
  }

  private void decodeField(int field, byte[] bytes, int start, int end, boolean quoted, int row) {
    FormatColumn column = columns[field];
    if (column.index() < 0) {
      return;
    }
    FieldVector vector = vectors[column.index()];
    TypeKind kind = column.type().kind();
    boolean text = kind == TypeKind.VARCHAR || kind == TypeKind.VARBINARY;
    if ((nullLiteral != null && !quoted && Arrays.equals(bytes, start, end, nullLiteral, 0, nullLiteral.length))
        || (start == end && !text)) {
      Vectors.setNull(vector, row);
      return;
    }
    if (!parsers.parse(bytes, start, end, vector, column.type(), row)) {
      throw new BadRecordException(column.name(), TextParsers.rejection(bytes, start, end, column.type()));
    }
  }

  private String name(int field) {
    return field < columns.length ? columns[field].name() : null;
  }
}
