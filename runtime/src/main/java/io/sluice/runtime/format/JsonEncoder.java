package io.sluice.runtime.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.plan.DataType;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.ValueFormatter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * A JSON object encoder: one field per column, numbers and booleans as JSON numbers and
 * booleans, NULL as JSON null, everything else as strings in the SQL text form (timestamps
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
        FieldVector vector = batch.column(column.index());
        json.writeFieldName(column.name());
        if (vector.isNull(row)) {
          json.writeNull();
          continue;
        }
        DataType type = column.type();
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
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }
}
