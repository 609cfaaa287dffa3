package io.sluice.runtime.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.sluice.plan.DataType;
import io.sluice.plan.Field;
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
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * A JSON object decoder on Jackson's streaming parser: top-level fields are matched to columns
 * by name and written straight into the vectors; missing fields and JSON nulls become NULL,
 * unknown fields are skipped; a nested object fills a ROW column (its fields by name, in the
 * same way) and an array an ARRAY column, and either lands in a VARCHAR column as its JSON text. Strings typed as dates, times, timestamps or numbers are parsed from their bytes.
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
  /** Why the value that did not fit inside a ROW or ARRAY column did not, or null. */
  private String nestedProblem;
  /** That value's path from its column, such as {@code .a[2]}. */
  private String nestedPath;
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
        nestedProblem = null;
        if (!decodeValue(parser, value, bytes, offset, vector, target.type(), row)) {
          if (!ignoreParseErrors) {
            throw nestedProblem != null ? new BadRecordException(target.name() + nestedPath, nestedProblem)
                : new BadRecordException(target.name(), "cannot read " + describe(parser, value) + " as "
                    + sql(target.type()));
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
        if (kind == TypeKind.ROW && token == JsonToken.START_OBJECT) {
          return decodeRow(parser, bytes, offset, (StructVector) vector, type, row);
        }
        if (kind == TypeKind.ARRAY && token == JsonToken.START_ARRAY) {
          return decodeArray(parser, bytes, offset, (ListVector) vector, type, row);
        }
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

  /**
   * Reads an object into a ROW by field name, consuming it up to its END_OBJECT even when a
   * field does not fit; fields the object lacks stay NULL, unknown ones are skipped.
   */
  private boolean decodeRow(JsonParser parser, byte[] bytes, int offset, StructVector struct, DataType type, int row)
      throws IOException {
    List<Field> fields = type.fields();
    struct.setIndexDefined(row);
    for (int f = 0; f < fields.size(); f++) {
      Vectors.setNull((FieldVector) struct.getChildByOrdinal(f), row);
    }
    boolean fits = true;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      int f = 0;
      while (f < fields.size() && !fields.get(f).name().equals(name)) {
        f++;
      }
      if (f == fields.size()) {
        parser.skipChildren();
        continue;
      }
      DataType fieldType = fields.get(f).type();
      FieldVector child = (FieldVector) struct.getChildByOrdinal(f);
      String earlier = nestedProblem;
      if (!decodeValue(parser, value, bytes, offset, child, fieldType, row)) {
        fits = noteProblem(earlier, "." + name, parser, value, fieldType);
        parser.skipChildren();
        Vectors.setNull(child, row);
      }
    }
    return fits;
  }

  /** Reads an array into an ARRAY's elements, consuming it up to its END_ARRAY even when an element does not fit. */
  private boolean decodeArray(JsonParser parser, byte[] bytes, int offset, ListVector list, DataType type, int row)
      throws IOException {
    DataType elementType = type.elementType();
    FieldVector elements = list.getDataVector();
    int start = list.startNewValue(row);
    int count = 0;
    boolean fits = true;
    JsonToken value;
    while ((value = parser.nextToken()) != JsonToken.END_ARRAY) {
      String earlier = nestedProblem;
      if (!decodeValue(parser, value, bytes, offset, elements, elementType, start + count)) {
        fits = noteProblem(earlier, "[" + (count + 1) + "]", parser, value, elementType);
        parser.skipChildren();
        Vectors.setNull(elements, start + count);
      }
      count++;
    }
    list.endValue(row, count);
    return fits;
  }

  /**
   * Records the first misfit inside a ROW or ARRAY column and its path from the column
   * ({@code .a[2]}) for the bad-record message; {@code earlier} is the problem
   * recorded before this value was read.
   */
  private boolean noteProblem(String earlier, String step, JsonParser parser, JsonToken value, DataType type)
      throws IOException {
    if (earlier == null) {
      // Either this value is the misfit, or a value inside it is (and it noted the rest of the path).
      if (nestedProblem == null) {
        nestedProblem = "cannot read " + describe(parser, value) + " as " + sql(type);
        nestedPath = step;
      } else {
        nestedPath = step + nestedPath;
      }
    }
    return false;
  }

  private static String sql(DataType type) {
    return type.sql().replace(" NOT NULL", "");
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
