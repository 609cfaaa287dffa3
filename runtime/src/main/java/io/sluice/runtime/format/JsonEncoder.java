package io.sluice.runtime.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.ValueFormatter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * A JSON object encoder: one field per column, numbers and booleans as JSON numbers and
 * booleans, NULL as JSON null, a ROW as an object and an ARRAY as an array, everything else as strings in the SQL text form (timestamps
 * with a {@code T} under the ISO-8601 standard), which {@link JsonDecoder} reads back.
 */
final class JsonEncoder implements RecordEncoder {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final FormatColumn[] columns;
  private final boolean isoTimestamps;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
  private final StringBuilder text = new StringBuilder();

  JsonEncoder(List<FormatColumn> columns, boolean isoTimestamps) {
    this.columns = columns.toArray(new FormatColumn[0]);
    this.isoTimestamps = isoTimestamps;
  }

  @Override
  public byte[] encode(Batch batch, int row) {
    buffer.reset();
    try (JsonGenerator json = FACTORY.createGenerator(buffer)) {
      json.writeStartObject();
      for (FormatColumn column : columns) {
        json.writeFieldName(column.name());
        writeValue(json, batch.column(column.index()), row, column.type());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** Writes one value; a ROW as an object of its fields, an ARRAY as an array of its elements. */
  private void writeValue(JsonGenerator json, FieldVector vector, int row, DataType type) throws IOException {
    if (vector.isNull(row)) {
      json.writeNull();
      return;
    }
    if (type.kind() == TypeKind.ROW) {
      StructVector struct = (StructVector) vector;
      List<Field> fields = type.fields();
      json.writeStartObject();
      for (int f = 0; f < fields.size(); f++) {
        json.writeFieldName(fields.get(f).name());
        writeValue(json, (FieldVector) struct.getChildByOrdinal(f), row, fields.get(f).type());
      }
      json.writeEndObject();
      return;
    }
    if (type.kind() == TypeKind.ARRAY) {
      ListVector list = (ListVector) vector;
      json.writeStartArray();
      for (int e = list.getElementStartIndex(row); e < list.getElementEndIndex(row); e++) {
        writeValue(json, list.getDataVector(), e, type.elementType());
      }
      json.writeEndArray();
      return;
    }
    text.setLength(0);
    ValueFormatter.append(text, vector, row, type, "");
    switch (type.kind()) {
      case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL, FLOAT, DOUBLE -> {
        String number = text.toString();
        // NaN and infinities have no JSON number form.
        if (Character.isDigit(number.charAt(number.length() - 1))) {
          json.writeNumber(number);
        } else {
          json.writeString(number);
        }
      }
      case BOOLEAN -> json.writeBoolean(text.charAt(0) == 't' || text.charAt(0) == 'T');
      case TIMESTAMP -> {
        if (isoTimestamps && text.length() > 10) {
          text.setCharAt(10, 'T');
        }
        json.writeString(text.toString());
      }
      default -> json.writeString(text.toString());
    }
  }
}
