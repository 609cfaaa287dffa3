package io.sluice.shell.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import java.util.List;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** One JSON object per row and line; numbers and booleans as JSON values, everything else as strings. */
final class JsonRenderer extends ResultRenderer {
  private static final JsonFactory JSON = new JsonFactory();

  private final PrintStream out;

  JsonRenderer(PrintStream out) {
    this.out = out;
  }

  @Override
  protected void write(List<String[]> rows) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.setRootValueSeparator(null);
      for (String[] cells : rows) {
        json.writeStartObject();
        for (int i = 0; i < cells.length; i++) {
          json.writeFieldName(columns.field(i).name());
          TypeKind kind = columns.type(i).kind();
          if (cells[i] == null) {
            json.writeNull();
          } else if (kind.isNumeric() || kind == TypeKind.BOOLEAN) {
            json.writeRawValue(kind == TypeKind.BOOLEAN ? cells[i].toLowerCase(java.util.Locale.ROOT) : jsonNumber(cells[i]));
          } else {
            json.writeString(cells[i]);
          }
        }
        json.writeEndObject();
        json.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.print(text);
    out.flush();
  }

  /** NaN and infinities are not JSON numbers; they become strings. */
  private static String jsonNumber(String number) {
    return number.equals("NaN") || number.endsWith("Infinity") ? '"' + number + '"' : number;
  }
}
