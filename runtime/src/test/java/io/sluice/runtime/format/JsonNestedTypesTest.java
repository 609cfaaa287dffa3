package io.sluice.runtime.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.ValueFormatter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** JSON objects decoded into ROW (struct) vectors and arrays into ARRAY (list) vectors, and encoded back. */
class JsonNestedTypesTest {
  private static final DataType INT = DataType.of(TypeKind.INTEGER);
  private static final DataType STRING = DataType.of(TypeKind.VARCHAR);
  private static final Schema SCHEMA = new Schema(List.of(
      new Field("id", DataType.of(TypeKind.BIGINT)),
      new Field("r", DataType.row(List.of(new Field("a", INT), new Field("b", STRING),
          new Field("inner", DataType.row(List.of(new Field("x", DataType.of(TypeKind.DOUBLE)))))))),
      new Field("arr", DataType.array(INT)),
      new Field("rows", DataType.array(DataType.row(List.of(new Field("k", STRING), new Field("v", INT))))),
      new Field("matrix", DataType.array(DataType.array(INT)))));

  /** Each record decoded into one row of a batch: its cells as text, and (when asked) the row encoded again. */
  private record Decoded(List<String> rows, List<String> encoded) {}

  private static Decoded decode(Map<String, String> options, String... records) {
    TableSpec table = new TableSpec("t", SCHEMA, options, null, List.of());
    try (RootAllocator allocator = new RootAllocator(); VectorSchemaRoot root = ArrowTypes.createRoot(SCHEMA, allocator)) {
      List<FormatColumn> columns = new ArrayList<>();
      for (int c = 0; c < SCHEMA.size(); c++) {
        columns.add(new FormatColumn(SCHEMA.field(c).name(), SCHEMA.type(c), c));
      }
      RecordDecoder decoder = Formats.decoder("json", table, "", columns, root.getFieldVectors().toArray(new FieldVector[0]));
      for (int r = 0; r < records.length; r++) {
        byte[] bytes = ("xx" + records[r]).getBytes(StandardCharsets.UTF_8);
        decoder.decode(bytes, 2, bytes.length - 2, r);
      }
      root.setRowCount(records.length);
      List<String> rows = new ArrayList<>();
      List<String> encoded = new ArrayList<>();
      RecordEncoder encoder = Formats.encoder("json", table, "", columns);
      for (int r = 0; r < records.length; r++) {
        StringBuilder row = new StringBuilder();
        for (int c = 0; c < SCHEMA.size(); c++) {
          row.append(c > 0 ? " | " : "").append(ValueFormatter.format(root.getVector(c), r, SCHEMA.type(c), "NULL"));
        }
        rows.add(row.toString());
        encoded.add(new String(encoder.encode(new Batch(root), r), StandardCharsets.UTF_8));
      }
      return new Decoded(rows, encoded);
    }
  }

  @Test
  void objectsFillRowsAndArraysFillLists() {
    Decoded decoded = decode(Map.of(),
        "{\"id\": 1, \"r\": {\"b\": \"x\", \"a\": 1, \"inner\": {\"x\": 2.5}, \"extra\": [1, {}]},"
            + " \"arr\": [1, 2, 3], \"rows\": [{\"k\": \"p\", \"v\": 1}, {\"k\": \"q\"}], \"matrix\": [[1], [], [2, 3]]}",
        "{\"id\": 2, \"r\": {\"a\": null}, \"arr\": [], \"rows\": [null], \"matrix\": [null, [null]]}",
        "{\"id\": 3, \"r\": null, \"arr\": [null, 5]}",
        "{\"id\": 4, \"r\": {\"inner\": null, \"b\": \"y\"}, \"arr\": null, \"rows\": []}");
    assertEquals(List.of(
        "1 | (1, x, (2.5)) | [1, 2, 3] | [(p, 1), (q, NULL)] | [[1], [], [2, 3]]",
        "2 | (NULL, NULL, NULL) | [] | [NULL] | [NULL, [NULL]]",
        "3 | NULL | [NULL, 5] | NULL | NULL",
        "4 | (NULL, y, NULL) | NULL | [] | NULL"), decoded.rows());
    assertEquals(List.of(
        "{\"id\":1,\"r\":{\"a\":1,\"b\":\"x\",\"inner\":{\"x\":2.5}},\"arr\":[1,2,3],"
            + "\"rows\":[{\"k\":\"p\",\"v\":1},{\"k\":\"q\",\"v\":null}],\"matrix\":[[1],[],[2,3]]}",
        "{\"id\":2,\"r\":{\"a\":null,\"b\":null,\"inner\":null},\"arr\":[],\"rows\":[null],\"matrix\":[null,[null]]}",
        "{\"id\":3,\"r\":null,\"arr\":[null,5],\"rows\":null,\"matrix\":null}",
        "{\"id\":4,\"r\":{\"a\":null,\"b\":\"y\",\"inner\":null},\"arr\":null,\"rows\":[],\"matrix\":null}"),
        decoded.encoded());
  }

  @Test
  void encodedRowsDecodeToTheSameValues() {
    String record = "{\"id\":7,\"r\":{\"a\":-3,\"b\":\"caf\\u00e9\",\"inner\":{\"x\":null}},\"arr\":[9],"
        + "\"rows\":[{\"k\":\"z\",\"v\":0}],\"matrix\":[[4,5]]}";
    Decoded first = decode(Map.of(), record);
    Decoded again = decode(Map.of(), first.encoded().get(0));
    assertEquals(first.rows(), again.rows());
    assertEquals("7 | (-3, caf\u00e9, (NULL)) | [9] | [(z, 0)] | [[4, 5]]", again.rows().get(0));
  }

  @Test
  void aValueOfTheWrongTypeNamesItsPathInsideTheColumn() {
    assertEquals("column 'r.a': cannot read 'one' as INTEGER",
        assertThrows(BadRecordException.class, () -> decode(Map.of(), "{\"r\": {\"a\": \"one\"}}")).describe());
    assertEquals("column 'r.inner.x': cannot read an array as DOUBLE", assertThrows(BadRecordException.class,
        () -> decode(Map.of(), "{\"r\": {\"b\": \"ok\", \"inner\": {\"x\": [1]}, \"a\": \"late\"}}")).describe());
    assertEquals("column 'arr[2]': cannot read 2.5 as INTEGER",
        assertThrows(BadRecordException.class, () -> decode(Map.of(), "{\"arr\": [1, 2.5, \"x\"]}")).describe());
    assertEquals("column 'rows[1].v': cannot read 'v' as INTEGER", assertThrows(BadRecordException.class,
        () -> decode(Map.of(), "{\"rows\": [{\"k\": \"a\", \"v\": \"v\"}]}")).describe());
    assertEquals("column 'r': cannot read an array as ROW<a INTEGER, b STRING, inner ROW<x DOUBLE>>",
        assertThrows(BadRecordException.class, () -> decode(Map.of(), "{\"r\": [1]}")).describe());
    assertEquals("column 'arr': cannot read an object as ARRAY<INTEGER>",
        assertThrows(BadRecordException.class, () -> decode(Map.of(), "{\"arr\": {\"a\": 1}}")).describe());
    assertEquals("column 'matrix': cannot read 5 as ARRAY<ARRAY<INTEGER>>",
        assertThrows(BadRecordException.class, () -> decode(Map.of(), "{\"matrix\": 5}")).describe());
  }

  @Test
  void ignoredParseErrorsMakeTheWholeColumnNullAndKeepReading() {
    assertEquals(List.of("1 | NULL | NULL | [(a, 1)] | NULL", "2 | (5, NULL, NULL) | [1] | NULL | NULL"),
        decode(Map.of("json.ignore-parse-errors", "true"),
            "{\"id\": 1, \"r\": {\"a\": \"x\", \"b\": \"kept?\"}, \"arr\": [1, [2]], \"rows\": [{\"k\": \"a\", \"v\": 1}]}",
            "{\"id\": 2, \"r\": {\"a\": 5}, \"arr\": [1]}").rows());
  }

  @Test
  void textFormatsRefuseStructuredColumns() {
    TableSpec table = new TableSpec("t", SCHEMA, Map.of(), null, List.of());
    List<FormatColumn> columns = List.of(new FormatColumn("r", SCHEMA.type(1), 0));
    assertEquals("Table 't': column 'r' of type ROW<a INTEGER, b STRING, inner ROW<x DOUBLE>> needs the json format; "
        + "csv has no ROW or ARRAY values",
        assertThrows(IllegalArgumentException.class, () -> Formats.encoder("csv", table, "", columns)).getMessage());
  }
}
