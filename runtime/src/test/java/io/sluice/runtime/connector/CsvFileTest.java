package io.sluice.runtime.connector;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.row;
import static io.sluice.runtime.testing.TestTables.run;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.PhysicalPlan;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.SinkSpec;
import io.sluice.plan.SortKey;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.plan.WatermarkSpec;
import io.sluice.plan.ExprSpec;
import io.sluice.runtime.exec.Job;
import io.sluice.runtime.exec.JobBuilder;
import io.sluice.runtime.operator.CalcProvider;
import io.sluice.runtime.testing.TestTables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFileTest {
  private static final Schema BIDS = schema(field("auction", TypeKind.BIGINT), field("channel", TypeKind.VARCHAR),
      new io.sluice.plan.Field("price", DataType.decimal(10, 2)), field("ts", TypeKind.TIMESTAMP));

  @TempDir
  Path dir;

  private TableSpec table(Path path, String... options) {
    Map<String, String> all = new HashMap<>(Map.of("connector", "file", "format", "csv", "path", path.toString()));
    for (int i = 0; i < options.length; i += 2) {
      all.put(options[i], options[i + 1]);
    }
    return new TableSpec("bids", BIDS, all, null, List.of());
  }

  private static PlanNode.Scan scan(TableSpec table, Integer... columns) {
    List<Integer> cols = List.of(columns);
    return new PlanNode.Scan(table, cols, null,
        new Schema(cols.stream().map(table.schema()::field).toList()));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private static long millis(String text) {
    return java.time.LocalDateTime.parse(text.replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
  }

  @Test
  void decodesQuotedFieldsNullsAndTimestamps() throws IOException {
    Path file = write("bids.csv", "1,\"a,b\",1.5,2024-01-02 03:04:05.678\n"
        + "2,\"say \"\"hi\"\"\",,2024-01-02T03:04:05\r\n"
        + "3,,-0.125,\n"
        + "4,\"multi\nline\",7,1970-01-01 00:00:00.1");

    List<List<Object>> rows = run(scan(table(file), 0, 1, 2, 3));

    assertEquals(List.of(
        row(1L, "a,b", new BigDecimal("1.50"), millis("2024-01-02 03:04:05.678")),
        row(2L, "say \"hi\"", null, millis("2024-01-02 03:04:05")),
        row(3L, "", new BigDecimal("-0.13"), null),
        row(4L, "multi\nline", new BigDecimal("7.00"), 100L)), rows);
  }

  @Test
  void headerDelimiterNullLiteralAndProjection() throws IOException {
    Path file = write("bids.csv", "auction;channel;price;ts\n5;NULL;2;\n6;web;3.25;\n");
    TableSpec table = table(file, "csv.header", "true", "csv.field-delimiter", ";", "csv.null-literal", "NULL");

    assertEquals(List.of(row(null, 5L), row("web", 6L)), run(scan(table, 1, 0)));
  }

  @Test
  void readsEveryFileOfADirectoryInNameOrder() throws IOException {
    write("b.csv", "2,x,1,\n");
    write("a.csv", "1,x,1,\n");
    write(".hidden.csv", "99,x,1,\n");

    // One reader reads the files in name order.
    assertEquals(List.of(row(1L), row(2L)), run(scan(table(dir), 0), Map.of("parallelism", "1")));
  }

  @Test
  void parallelReadersShareTheFilesOfADirectory() throws IOException {
    for (int i = 0; i < 5; i++) {
      write("part-" + i + ".csv", (10 * i + 1) + ",x,1,\n" + (10 * i + 2) + ",y,2,\n");
    }

    List<List<Object>> rows = new java.util.ArrayList<>(run(scan(table(dir), 0), Map.of("parallelism", "3")));
    rows.sort(java.util.Comparator.comparing(r -> (Long) r.get(0)));

    assertEquals(List.of(row(1L), row(2L), row(11L), row(12L), row(21L), row(22L), row(31L), row(32L), row(41L),
        row(42L)), rows);
  }

  @Test
  void badRowFailsWithTableFileLineAndColumn() throws IOException {
    Path file = write("bids.csv", "1,a,1,\n2,b,1,\n\"x\ny\",c,1,\n3,abc,abc,\n");

    ExternalDataException error = assertThrows(ExternalDataException.class, () -> run(scan(table(file), 0, 2)));

    assertEquals("Bad row in table 'bids', file " + file + " line 3: column 'auction': cannot parse 'x\ny' as BIGINT",
        error.getMessage());
  }

  @Test
  void wrongColumnCountIsABadRow() throws IOException {
    Path file = write("bids.csv", "1,a,1,\n2,b\n");
    ExternalDataException error = assertThrows(ExternalDataException.class, () -> run(scan(table(file), 0)));
    assertEquals("Bad row in table 'bids', file " + file + " line 2: expected 4 columns but found 2", error.getMessage());
  }

  @Test
  void skipModeDropsAndCountsBadRows() throws IOException {
    Path file = write("bids.csv", "1,a,1,\nx,b,1,\n3,c,oops,\n4,d,1,\n");
    TableSpec table = table(file, "errors", "skip");
    TestTables.Collecting consumer = new TestTables.Collecting();
    Job job = new JobBuilder(new PhysicalPlan(scan(table, 0, 2), new SinkSpec.Result()))
        .resultConsumer(consumer).calcProvider(CalcProvider.COMPILER).build();

    job.run();

    assertEquals(List.of(1L, 4L), consumer.rows().stream().map(r -> r.get(0)).toList());
    assertEquals(2L, job.metrics().snapshot().get("bids.rows-skipped"));
    assertEquals("Bad row in table 'bids', file " + file + " line 2: column 'auction': cannot parse 'x' as BIGINT",
        job.metrics().notes().get("bids.first-skipped-row"));
  }

  @Test
  void csvScanThroughAggregateAndSort() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      text.append(i % 7).append(",c,").append(i % 100).append(".5,\n");
    }
    Path file = write("big.csv", text.toString());
    PlanNode.Scan scan = scan(table(file, "batch.size", "1000"), 0, 2);
    DataType sumType = DataType.decimal(38, 2);
    PlanNode.Aggregate aggregate = new PlanNode.Aggregate(scan, List.of(0),
        List.of(new AggregateCall(AggregateKind.SUM, List.of(1), false, -1, sumType, "total")),
        new Schema(List.of(BIDS.field(0), new io.sluice.plan.Field("total", sumType))));
    PlanNode.Sort sort = new PlanNode.Sort(aggregate, List.of(new SortKey(0, true, false)), 0, 2, aggregate.schema());

    List<List<Object>> rows = run(sort);

    assertEquals(2, rows.size());
    assertEquals(6L, rows.get(0).get(0));
    BigDecimal expected = BigDecimal.ZERO;
    for (int i = 0; i < 10_000; i++) {
      if (i % 7 == 6) {
        expected = expected.add(new BigDecimal((i % 100) + ".5"));
      }
    }
    assertEquals(expected.setScale(2), rows.get(0).get(1));
  }

  @Test
  void watermarkFromTableColumnsEndsWithFinalWatermark() throws IOException {
    Path file = write("bids.csv", "1,a,1,2024-01-01 00:00:10\n2,a,1,2024-01-01 00:00:05\n");
    ExprSpec.InputRef ts = new ExprSpec.InputRef(3, DataType.of(TypeKind.TIMESTAMP));
    ExprSpec delayed = new ExprSpec.Call(io.sluice.plan.ScalarOp.MINUS,
        List.of(ts, new ExprSpec.Literal(4000L, DataType.of(TypeKind.INTERVAL_DAY_TIME))), ts.type());
    TableSpec base = table(file);
    TableSpec table = new TableSpec("bids", BIDS, base.options(), new WatermarkSpec(3, delayed, "ts - INTERVAL '1' SECOND"), List.of());
    List<Long> watermarks = new java.util.ArrayList<>();
    SourceReader reader = new FileConnector(CalcProvider.COMPILER, new Connectors()).createReader(scan(table, 0));
    try (org.apache.arrow.memory.RootAllocator allocator = new org.apache.arrow.memory.RootAllocator()) {
      reader.open(new io.sluice.runtime.operator.OperatorContext("scan", allocator,
          new io.sluice.runtime.exec.JobMetrics(), Map.of()));
      io.sluice.runtime.operator.Collector out = new io.sluice.runtime.operator.Collector() {
        @Override
        public void emit(io.sluice.runtime.batch.Batch batch) {
          assertEquals(1, batch.columnCount());
        }

        @Override
        public void emitWatermark(long watermark) {
          watermarks.add(watermark);
        }
      };
      while (reader.poll(out) != SourceReader.Status.END) {
        assertFalse(watermarks.size() > 2);
      }
      reader.close();
    }
    assertEquals(List.of(millis("2024-01-01 00:00:06"), Long.MAX_VALUE), watermarks);
  }

  @Test
  void fileSinkWritesAtomicallyWithQuoting() throws IOException {
    Path out = dir.resolve("out");
    TableSpec sink = new TableSpec("out", BIDS,
        Map.of("connector", "file", "path", out.toString(), "csv.header", "true"), null, List.of());
    PlanNode.Values rows = TestTables.values(BIDS, List.of(
        row(1L, "a,\"b\"", new BigDecimal("1.50"), 100L), row(2L, null, null, null)));

    new JobBuilder(new PhysicalPlan(rows, new SinkSpec.Table(sink))).build().run();

    assertEquals("auction,channel,price,ts\n1,\"a,\"\"b\"\"\",1.50,1970-01-01 00:00:00.100\n2,,,\n",
        Files.readString(out.resolve("part-0-0.csv")));
    assertTrue(Files.list(out).allMatch(p -> p.getFileName().toString().equals("part-0-0.csv")));
  }

  private static List<List<Object>> manyBids(int count) {
    List<List<Object>> rows = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(row((long) i, "channel-" + (i % 7), new BigDecimal(i + ".25"), i * 1000L));
    }
    return rows;
  }

  /** The part files of worker 0 in part-number order, and the names of every file in the folder. */
  private static List<Path> parts(Path folder) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(folder)) {
      return files.sorted(java.util.Comparator.comparingInt(p -> {
        String name = p.getFileName().toString();
        return Integer.parseInt(name.substring("part-0-".length(), name.indexOf('.')));
      })).toList();
    }
  }

  @Test
  void fileSinkRollsBySizeAndTheConcatenatedPartsAreTheOutput() throws IOException {
    for (String format : List.of("csv", "json")) {
      Path whole = dir.resolve("whole-" + format);
      Path rolled = dir.resolve("rolled-" + format);
      PlanNode.Values rows = TestTables.values(BIDS, manyBids(2000));
      new JobBuilder(new PhysicalPlan(rows, new SinkSpec.Table(new TableSpec("whole", BIDS,
          Map.of("connector", "file", "path", whole.toString(), "format", format), null, List.of())))).build().run();
      new JobBuilder(new PhysicalPlan(rows, new SinkSpec.Table(new TableSpec("rolled", BIDS,
          Map.of("connector", "file", "path", rolled.toString(), "format", format,
              "sink.rolling-policy.file-size", "8 KB"), null, List.of())))).build().run();

      List<Path> parts = parts(rolled);
      assertTrue(parts.size() > 5, format + ": " + parts);
      StringBuilder concatenated = new StringBuilder();
      for (int i = 0; i < parts.size(); i++) {
        // Names are consecutive and final: no hidden in-progress file is left.
        assertEquals("part-0-" + i + "." + format, parts.get(i).getFileName().toString());
        String text = Files.readString(parts.get(i));
        assertTrue(text.length() <= 8192 + 200 && text.endsWith("\n"), "a part ends at a row boundary near 8 KB");
        concatenated.append(text);
      }
      assertEquals(Files.readString(whole.resolve("part-0-0." + format)), concatenated.toString());
    }
  }

  @Test
  void aRunReplacesThePartsAnEarlierRunLeft() throws IOException {
    Path out = dir.resolve("out");
    TableSpec sink = new TableSpec("out", BIDS, Map.of("connector", "file", "path", out.toString(),
        "sink.rolling-policy.file-size", "1 KB"), null, List.of());
    new JobBuilder(new PhysicalPlan(TestTables.values(BIDS, manyBids(500)), new SinkSpec.Table(sink))).build().run();
    assertTrue(parts(out).size() > 3);
    new JobBuilder(new PhysicalPlan(TestTables.values(BIDS, manyBids(3)), new SinkSpec.Table(sink))).build().run();
    assertEquals(List.of(out.resolve("part-0-0.csv")), parts(out));
    assertEquals(3, Files.readAllLines(out.resolve("part-0-0.csv")).size());
  }

  @Test
  void fileSinkRollsOnTimeAndShowsOnlyFinishedParts() throws Exception {
    Path out = dir.resolve("timed");
    TableSpec table = new TableSpec("timed", BIDS, Map.of("connector", "file", "path", out.toString(),
        "format", "json", "sink.rolling-policy.rollover-interval", "50 ms"), null, List.of());
    io.sluice.runtime.operator.StreamOperator sink = new FileConnector(null, new Connectors()).createSink(table);
    io.sluice.runtime.operator.Collector none = new io.sluice.runtime.operator.Collector() {
      @Override
      public void emit(io.sluice.runtime.batch.Batch batch) {}

      @Override
      public void emitWatermark(long watermark) {}
    };
    try (org.apache.arrow.memory.RootAllocator allocator = new org.apache.arrow.memory.RootAllocator();
        org.apache.arrow.vector.VectorSchemaRoot root = io.sluice.runtime.batch.ArrowTypes.createRoot(BIDS, allocator)) {
      sink.open(new io.sluice.runtime.operator.OperatorContext("sink", allocator,
          new io.sluice.runtime.exec.JobMetrics(), Map.of()));
      io.sluice.runtime.batch.Vectors.setLong(root.getVector(0), 0, 1);
      for (int c = 1; c < 4; c++) {
        io.sluice.runtime.batch.Vectors.setNull(root.getVector(c), 0);
      }
      root.setRowCount(1);
      sink.processBatch(0, new io.sluice.runtime.batch.Batch(root), none);
      // Only the hidden in-progress part exists while it is being written.
      assertEquals(List.of(".part-0-0.json.inprogress"), names(out));
      Thread.sleep(80);
      sink.processWatermark(0, none);
      assertEquals(List.of("part-0-0.json"), names(out));
      sink.processBatch(0, new io.sluice.runtime.batch.Batch(root), none);
      assertEquals(List.of(".part-0-1.json.inprogress", "part-0-0.json"), names(out));
      sink.finish(none);
      sink.close();
      assertEquals(List.of("part-0-0.json", "part-0-1.json"), names(out));
      assertEquals("{\"auction\":1,\"channel\":null,\"price\":null,\"ts\":null}\n",
          Files.readString(out.resolve("part-0-1.json")));
    }
  }

  private static List<String> names(Path folder) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void printSinkUsesFlinkRowFormat() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TableSpec sink = new TableSpec("p", BIDS, Map.of("connector", "print", "print-identifier", "bids"), null,
        List.of());
    PlanNode.Values rows = TestTables.values(BIDS, List.of(row(1L, "x", new BigDecimal("2.00"), 0L)));

    new JobBuilder(new PhysicalPlan(rows, new SinkSpec.Table(sink)))
        .connectors(new Connectors().register(new PrintConnector(new PrintStream(bytes, true))))
        .build().run();

    assertEquals("bids> +I[1, x, 2.00, 1970-01-01 00:00:00.000]\n", bytes.toString(StandardCharsets.UTF_8));
  }
}
