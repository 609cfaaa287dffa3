package io.sluice.runtime.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.sluice.plan.DataType;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.Vectors;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;

/**
 * A JSON object decoder on Jackson's streaming parser: top-level fields are matched to columns
 * by name and written straight into the vectors; missing fields and JSON nulls become NULL,
 * unknown fields are skipped, and a nested object or array lands in a VARCHAR column as its
 * JSON text. Strings typed as dates, times, timestamps or numbers are parsed from their bytes.
 */
final class JsonDecoder implements RecordDecoder {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      // Huge documents are the caller's size policy; Jackson's own limits must not differ by type.
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build();

  private final FormatColumn[] columns;
  private final FieldVector[] vectors;
  private final Map<String, Integer> byName = new HashMap<>();
  private final boolean ignoreParseErrors;
  private final byte timestampSeparator;
  private final TextParsers parsers = new TextParsers();
  private final boolean[] seen;
  private byte[] scratch = new byte[256];

  /**
   * @param ignoreParseErrors a value that does not fit its column becomes NULL instead of
   *     failing the record (a malformed document still fails it)
   * @param isoTimestamps timestamps are written {@code 2024-01-01T10:00:00[.SSS][Z]} (ISO-8601)
   *     rather than {@code 2024-01-01 10:00:00[.SSS]} (SQL)
   */
  JsonDecoder(List<FormatColumn> columns, FieldVector[] vectors, boolean ignoreParseErrors, boolean isoTimestamps) {
    // Columns the scan does not need (index -1) are skipped like unknown fields.
    this.columns = columns.stream().filter(column -> column.index() >= 0).toArray(FormatColumn[]::new);
    this.vectors = vectors;
    this.ignoreParseErrors = ignoreParseErrors;
    this.timestampSeparator = (byte) (isoTimestamps ? 'T' : ' ');
    this.seen = new boolean[this.columns.length];
    for (int i = 0; i < this.columns.length; i++) {
      byName.put(this.columns[i].name(), i);
    }
  }

  @Override
  public void decode(byte[] bytes, int offset, int length, int row) {
    Arrays.fill(seen, false);
    try (JsonParser parser = FACTORY.createParser(bytes, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new BadRecordException(null, "malformed JSON: expected an object");
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        Integer column = byName.get(parser.currentName());
        JsonToken value = parser.nextToken();
        if (column == null) {
          parser.skipChildren();
          continue;
        }
        seen[column] = true;
        FormatColumn target = columns[column];
        FieldVector vector = vectors[target.index()];
        if (!decodeValue(parser, value, bytes, offset, vector, target.type(), row)) {
          if (!ignoreParseErrors) {
            throw new BadRecordException(target.name(), "cannot read " + describe(parser, value) + " as "
                + target.type().sql().replace(" NOT NULL", ""));
          }
          parser.skipChildren();
          Vectors.setNull(vector, row);
        }
      }
      if (token != JsonToken.END_OBJECT) {
        throw new BadRecordException(null, "malformed JSON: unexpected " + token);
      }
      if (parser.nextToken() != null) {
        throw new BadRecordException(null, "malformed JSON: text after the object");
      }
    } catch (IOException e) {
      throw new BadRecordException(null, "malformed JSON: " + firstLine(e.getMessage()));
    }
    for (int c = 0; c < seen.length; c++) {
      if (!seen[c]) {
        Vectors.setNull(vectors[columns[c].index()], row);
      }
    }
  }

  private boolean decodeValue(JsonParser parser, JsonToken token, byte[] bytes, int offset, FieldVector vector,
      DataType type, int row) throws IOException {
    TypeKind kind = type.kind();
    switch (token) {
      case VALUE_NULL -> {
        Vectors.setNull(vector, row);
        return true;
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        if (kind == TypeKind.BOOLEAN) {
          ((BitVector) vector).setSafe(row, token == JsonToken.VALUE_TRUE ? 1 : 0);
          return true;
        }
        return kind == TypeKind.VARCHAR && setText(token == JsonToken.VALUE_TRUE ? "true" : "false", vector, row);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return decodeNumber(parser, token, vector, type, row);
      }
      case VALUE_STRING -> {
        int length = utf8(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        if (kind == TypeKind.TIMESTAMP && length > 10 && scratch[10] != timestampSeparator) {
          return false;
        }
        return parsers.parse(scratch, 0, length, vector, type, row);
      }
      case START_OBJECT, START_ARRAY -> {
        if (kind != TypeKind.VARCHAR) {
          return false;
        }
        // Byte offsets are relative to the parser's input, which starts at offset.
        int start = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        int end = (int) parser.currentLocation().getByteOffset();
        ((BaseVariableWidthVector) vector).setSafe(row, bytes, offset + start, end - start);
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private boolean decodeNumber(JsonParser parser, JsonToken token, FieldVector vector, DataType type, int row)
      throws IOException {
    boolean integral = token == JsonToken.VALUE_NUMBER_INT;
    switch (type.kind()) {
      case TINYINT, SMALLINT, INTEGER, BIGINT -> {
        if (!integral || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          return false;
        }
        long value = parser.getLongValue();
        long bound = switch (type.kind()) {
          case TINYINT -> Byte.MAX_VALUE;
          case SMALLINT -> Short.MAX_VALUE;
          case INTEGER -> Integer.MAX_VALUE;
          default -> Long.MAX_VALUE;
        };
        if (value > bound || value < -bound - 1) {
          return false;
        }
        Vectors.setLong(vector, row, value);
        return true;
      }
      case FLOAT, DOUBLE -> {
        Vectors.setDouble(vector, row, parser.getDoubleValue());
        return true;
      }
      case DECIMAL -> {
        BigDecimal value = parser.getDecimalValue().setScale(type.scale(), java.math.RoundingMode.HALF_UP);
        if (value.precision() > type.precision()) {
          return false;
        }
        ((DecimalVector) vector).setSafe(row, value);
        return true;
      }
      case TIMESTAMP -> {
        // A number in a timestamp column is epoch milliseconds, as producers often write them.
        if (!integral) {
          return false;
        }
        Vectors.setLong(vector, row, parser.getLongValue());
        return true;
      }
      case VARCHAR -> {
        int length = utf8(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        ((BaseVariableWidthVector) vector).setSafe(row, scratch, 0, length);
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private boolean setText(String text, FieldVector vector, int row) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ((BaseVariableWidthVector) vector).setSafe(row, bytes, 0, bytes.length);
    return true;
  }

  /** Encodes the characters as UTF-8 into {@link #scratch}; returns the byte length. */
  private int utf8(char[] chars, int offset, int length) {
    if (scratch.length < length * 3) {
      scratch = new byte[Math.max(length * 3, scratch.length * 2)];
    }
    int n = 0;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      char c = chars[i];
      if (c < 0x80) {
        scratch[n++] = (byte) c;
      } else if (c < 0x800) {
        scratch[n++] = (byte) (0xC0 | (c >> 6));
        scratch[n++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
        int code = Character.toCodePoint(c, chars[++i]);
        scratch[n++] = (byte) (0xF0 | (code >> 18));
        scratch[n++] = (byte) (0x80 | ((code >> 12) & 0x3F));
        scratch[n++] = (byte) (0x80 | ((code >> 6) & 0x3F));
        scratch[n++] = (byte) (0x80 | (code & 0x3F));
      } else {
        scratch[n++] = (byte) (0xE0 | (c >> 12));
        scratch[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        scratch[n++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return n;
  }

  private static String describe(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "'" + parser.getText() + "'";
      default -> parser.getText();
    };
  }

  private static String firstLine(String message) {
    int newline = message == null ? -1 : message.indexOf('\n');
    return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
  }
}
