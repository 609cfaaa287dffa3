package io.sluice.runtime.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.ValueFormatter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** JSON records decoded straight into Arrow vectors. */
class JsonDecoderTest {
  private static final Schema SCHEMA = new Schema(List.of(
      new Field("id", DataType.of(TypeKind.BIGINT).withNullable(true)),
      new Field("ok", DataType.of(TypeKind.BOOLEAN).withNullable(true)),
      new Field("price", DataType.decimal(10, 2).withNullable(true)),
      new Field("ts", new DataType(TypeKind.TIMESTAMP, 3, 0, true)),
      new Field("name", DataType.of(TypeKind.VARCHAR).withNullable(true))));

  private static List<String> decode(Map<String, String> options, String... records) {
    TableSpec table = new TableSpec("t", SCHEMA, options, null, List.of());
    try (RootAllocator allocator = new RootAllocator(); VectorSchemaRoot root = ArrowTypes.createRoot(SCHEMA, allocator)) {
      List<FormatColumn> columns = new ArrayList<>();
      for (int c = 0; c < SCHEMA.size(); c++) {
        columns.add(new FormatColumn(SCHEMA.field(c).name(), SCHEMA.type(c), c));
      }
      FieldVector[] vectors = root.getFieldVectors().toArray(new FieldVector[0]);
      RecordDecoder decoder = Formats.decoder("json", table, "", columns, vectors);
      for (int r = 0; r < records.length; r++) {
        byte[] bytes = ("xx" + records[r]).getBytes(StandardCharsets.UTF_8);
        decoder.decode(bytes, 2, bytes.length - 2, r);
      }
      root.setRowCount(records.length);
      List<String> rows = new ArrayList<>();
      for (int r = 0; r < records.length; r++) {
        StringBuilder row = new StringBuilder();
        for (int c = 0; c < SCHEMA.size(); c++) {
          row.append(c > 0 ? "|" : "").append(ValueFormatter.format(root.getVector(c), r, SCHEMA.type(c), "NULL"));
        }
        rows.add(row.toString());
      }
      return rows;
    }
  }

  @Test
  void decodesTypesMissingFieldsNestedValuesAndUnicode() {
    assertEquals(List.of(
            "7|TRUE|12.35|2024-03-01 10:00:00.250|caf\u00e9 \uD83D\uDE00",
            "NULL|FALSE|NULL|1970-01-01 00:00:01.000|{\"a\": [1, {\"b\": 2}]}",
            "-9223372036854775808|NULL|-0.50|NULL|123"),
        decode(Map.of(),
            "{\"id\": 7, \"ok\": true, \"price\": 12.345, \"ts\": \"2024-03-01 10:00:00.25\", \"name\": \"caf\\u00e9 \uD83D\uDE00\", \"skip\": [1]}",
            "{\"ok\": false, \"ts\": 1000, \"name\": {\"a\": [1, {\"b\": 2}]}}",
            "{\"id\": -9223372036854775808, \"price\": \"-0.5\", \"name\": 123, \"ts\": null}"));
  }

  @Test
  void isoTimestampsFollowTheStandardOption() {
    assertEquals(List.of("NULL|NULL|NULL|2024-03-01 10:00:00.000|NULL"),
        decode(Map.of("json.timestamp-format.standard", "ISO-8601"), "{\"ts\": \"2024-03-01T10:00:00Z\"}"));
    BadRecordException error = assertThrows(BadRecordException.class,
        () -> decode(Map.of(), "{\"ts\": \"2024-03-01T10:00:00Z\"}"));
    assertEquals("column 'ts': cannot read '2024-03-01T10:00:00Z' as TIMESTAMP(3)", error.describe());
  }

  @Test
  void badRecordsNameTheColumnAndReason() {
    assertEquals("column 'id': cannot read 1.5 as BIGINT",
        assertThrows(BadRecordException.class, () -> decode(Map.of(), "{\"id\": 1.5}")).describe());
    assertEquals("column 'id': cannot read 99999999999999999999 as BIGINT",
        assertThrows(BadRecordException.class, () -> decode(Map.of(), "{\"id\": 99999999999999999999}")).describe());
    assertTrue(assertThrows(BadRecordException.class, () -> decode(Map.of(), "{\"id\": 1"))
        .describe().startsWith("malformed JSON"));
    assertEquals("malformed JSON: expected an object",
        assertThrows(BadRecordException.class, () -> decode(Map.of(), "[1]")).describe());
    assertEquals(List.of("NULL|NULL|NULL|NULL|x"),
        decode(Map.of("json.ignore-parse-errors", "true"), "{\"id\": \"abc\", \"name\": \"x\"}"));
  }
}
