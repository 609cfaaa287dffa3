package io.sluice.runtime.exec;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.JoinKind;
import io.sluice.plan.PhysicalPlan;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.SinkSpec;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.checkpoint.CheckpointStore;
import io.sluice.runtime.checkpoint.StateBytes;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.operator.CalcProvider;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints of parallel jobs: barriers aligned through hash and gather exchanges. A job is
 * checkpointed every few milliseconds, stopped at random moments and restored into a fresh
 * job several times; the rows its exactly-once file sink published must equal those of a
 * straight run, with no gap and no duplicate.
 */
class ParallelCheckpointTest {
  private static final Schema LEFT = schema(field("k", TypeKind.BIGINT), field("a", TypeKind.BIGINT));
  private static final Schema RIGHT = schema(field("k", TypeKind.BIGINT), field("b", TypeKind.BIGINT));
  private static final Schema JOINED = schema(field("k", TypeKind.BIGINT), field("a", TypeKind.BIGINT),
      field("k2", TypeKind.BIGINT), field("b", TypeKind.BIGINT));
  private static final Schema TOTALS = schema(field("k", TypeKind.BIGINT), field("n", TypeKind.BIGINT),
      field("s", TypeKind.BIGINT));

  @TempDir
  Path dir;

  @Test
  void joinAcrossHashExchangesSurvivesStopsAndRestoresAtParallelismTwoAndThree() throws Exception {
    writeCsv(dir.resolve("left"), 3, 40_000, 20_000, 5);
    writeCsv(dir.resolve("right"), 2, 40_000, 20_000, 9);
    PlanNode join = new PlanNode.Join(scan("l", LEFT, dir.resolve("left")), scan("r", RIGHT, dir.resolve("right")),
        JoinKind.INNER, List.of(0), List.of(0), null, true, JOINED);
    List<String> straight = straightRun(join, JOINED);
    assertEquals(80_000, straight.size());
    for (int parallelism : new int[] {2, 3}) {
      assertEquals(straight, stopAndRestore(join, JOINED, parallelism, new Random(parallelism)),
          "parallelism " + parallelism);
    }
  }

  @Test
  void keyedAggregationAcrossAnExchangeSurvivesStopsAndRestores() throws Exception {
    writeCsv(dir.resolve("left"), 4, 50_000, 7_919, 3);
    DataType bigint = DataType.of(TypeKind.BIGINT);
    PlanNode aggregate = new PlanNode.Aggregate(scan("l", LEFT, dir.resolve("left")), List.of(0), List.of(
        new AggregateCall(AggregateKind.COUNT, List.of(), false, -1, bigint, "n"),
        new AggregateCall(AggregateKind.SUM, List.of(1), false, -1, bigint, "s")), TOTALS);
    List<String> straight = straightRun(aggregate, TOTALS);
    assertEquals(7_919, straight.size());
    assertEquals(straight, stopAndRestore(aggregate, TOTALS, 2, new Random(17)));
  }

  @Test
  void aSharedSubplanFeedingTwoUsesSurvivesStopsAndRestores() throws Exception {
    writeCsv(dir.resolve("left"), 3, 30_000, 5_000, 11);
    // One scan instance used by both sides of a self-join: its fragment fans out to two exchanges.
    PlanNode scan = scan("l", LEFT, dir.resolve("left"));
    PlanNode selfJoin = new PlanNode.Join(scan, scan, JoinKind.INNER, List.of(0), List.of(0), null, true, JOINED);
    List<String> straight = straightRun(selfJoin, JOINED);
    assertTrue(straight.size() > 30_000, "every row meets at least itself: " + straight.size());
    assertEquals(straight, stopAndRestore(selfJoin, JOINED, 2, new Random(23)));
  }

  @Test
  void aCheckpointTakenAtAnotherParallelismIsRefusedNamingBoth() throws Exception {
    writeCsv(dir.resolve("left"), 2, 2_000, 100, 1);
    PlanNode aggregate = new PlanNode.Aggregate(scan("l", LEFT, dir.resolve("left")), List.of(0), List.of(
        new AggregateCall(AggregateKind.COUNT, List.of(), false, -1, DataType.of(TypeKind.BIGINT), "n"),
        new AggregateCall(AggregateKind.SUM, List.of(1), false, -1, DataType.of(TypeKind.BIGINT), "s")), TOTALS);
    Path checkpoints = dir.resolve("chk");
    job(aggregate, TOTALS, dir.resolve("out"), checkpoints, 2).run();

    Job other = job(aggregate, TOTALS, dir.resolve("out"), checkpoints, 3);
    IllegalStateException refused = assertThrows(IllegalStateException.class, other::run);
    assertTrue(refused.getMessage().contains("was taken at 'parallelism' = 2, but this job runs at 'parallelism' = 3"),
        refused.getMessage());
  }

  @Test
  void aPipelineWhoseRestoreFailsAmongConcurrentRestoresFailsTheJobWithItsMessage() throws Exception {
    writeCsv(dir.resolve("left"), 2, 2_000, 100, 1);
    writeCsv(dir.resolve("right"), 2, 2_000, 100, 2);
    PlanNode join = new PlanNode.Join(scan("l", LEFT, dir.resolve("left")), scan("r", RIGHT, dir.resolve("right")),
        JoinKind.INNER, List.of(0), List.of(0), null, true, JOINED);
    Path checkpoints = dir.resolve("chk");
    job(join, JOINED, dir.resolve("out"), checkpoints, 2).run();

    // The newest checkpoint again, as checkpoint id + 1, without the state of one join instance.
    Path newest;
    try (Stream<Path> all = Files.list(checkpoints)) {
      newest = all.filter(p -> p.getFileName().toString().startsWith("chk-")).sorted().reduce((a, b) -> b)
          .orElseThrow();
    }
    String fingerprint = Files.readAllLines(newest.resolve("_manifest.yaml")).stream()
        .filter(line -> line.startsWith("fingerprint: ")).findFirst().orElseThrow().substring(13);
    CheckpointStore store = new CheckpointStore(checkpoints, fingerprint, 2);
    CheckpointStore.Restored restored = store.latest();
    Map<String, StateBytes> entries = new java.util.LinkedHashMap<>();
    restored.entries().forEach((name, bytes) -> entries.put(name, StateBytes.of(bytes)));
    String dropped = entries.keySet().stream()
        .filter(name -> name.toLowerCase(java.util.Locale.ROOT).contains("join") && !name.startsWith("pipeline-0:"))
        .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no join state in " + entries.keySet()));
    entries.remove(dropped);
    // The blobs are on disk already: the new checkpoint refers to them again.
    restored.blobs().keySet().forEach(blob -> entries.put(blob, StateWriter.EARLIER_BLOB));
    store.writeAsync(restored.id() + 1, entries);
    store.awaitWrites();
    store.close();

    Job broken = job(join, JOINED, dir.resolve("out"), checkpoints, 2);
    IllegalStateException failure = assertThrows(IllegalStateException.class, broken::run);
    assertEquals("Checkpoint " + (restored.id() + 1) + " has no state for " + dropped
        + ": it was taken for a different query; use a new 'checkpoint.dir' to start afresh", failure.getMessage());
  }

  /**
   * Runs the job with checkpoints every few milliseconds, stops it at a random moment after
   * a new checkpoint is durable (three times), lets a last restored run finish, and returns
   * the published rows.
   */
  private List<String> stopAndRestore(PlanNode root, Schema schema, int parallelism, Random random) throws Exception {
    Path out = dir.resolve("out-" + parallelism);
    Path checkpoints = dir.resolve("chk-" + parallelism);
    int stopped = 0;
    int restored = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
      Job job = job(root, schema, out, checkpoints, parallelism);
      job.start();
      long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (!job.isDone() && job.metrics().snapshot().getOrDefault("checkpoints", 0L) < 2
          && System.nanoTime() < until) {
        Thread.sleep(1);
      }
      Thread.sleep(random.nextInt(15));
      job.cancel();
      assertTrue(job.await(Duration.ofMinutes(1)));
      if (job.failure() != null) {
        throw new AssertionError("run " + attempt + " failed", job.failure());
      }
      stopped += job.isCancelled() ? 1 : 0;
      restored += job.metrics().notes().containsKey("checkpoint.restored") ? 1 : 0;
    }
    Job last = job(root, schema, out, checkpoints, parallelism);
    last.run();
    assertTrue(last.metrics().notes().containsKey("checkpoint.restored"), "the last run restored a checkpoint");
    // The job really ran as parallel pipelines: each one's snapshot time is listed.
    String figures = last.metrics().notes().get("checkpoint.last");
    assertTrue(figures.split(" us").length - 1 > parallelism, figures);
    assertTrue(stopped == 3 && restored >= 2, "stopped " + stopped + " runs, " + restored + " of them restored");
    return publishedRows(out);
  }

  private List<String> straightRun(PlanNode root, Schema schema) throws IOException {
    Path out = dir.resolve("straight");
    job(root, schema, out, null, 1).run();
    return publishedRows(out);
  }

  private static Job job(PlanNode root, Schema schema, Path out, Path checkpoints, int parallelism) {
    Map<String, String> options = new HashMap<>(Map.of("parallelism", String.valueOf(parallelism)));
    if (checkpoints != null) {
      options.put("checkpoint.dir", checkpoints.toString());
      options.put("checkpoint.interval", "3 ms");
    }
    TableSpec sink = new TableSpec("out", schema, Map.of("connector", "file", "path", out.toString(),
        "format", "csv"), null, List.of());
    return new JobBuilder(new PhysicalPlan(root, new SinkSpec.Table(sink))).calcProvider(CalcProvider.COMPILER)
        .options(options).build();
  }

  private static PlanNode.Scan scan(String name, Schema schema, Path folder) {
    TableSpec table = new TableSpec(name, schema, Map.of("connector", "file", "path", folder.toString(),
        "format", "csv", "batch.size", "97"), null, List.of());
    return new PlanNode.Scan(table, List.of(0, 1), null, schema);
  }

  /** {@code files} CSV files of {@code rows} rows in all: key {@code n % keys}, a value from the seed. */
  private static void writeCsv(Path folder, int files, int rows, int keys, long seed) throws IOException {
    Files.createDirectories(folder);
    Random random = new Random(seed);
    int n = 0;
    for (int f = 0; f < files; f++) {
      try (Writer writer = Files.newBufferedWriter(folder.resolve("part-" + f + ".csv"))) {
        for (; n < (long) rows * (f + 1) / files; n++) {
          writer.write((n % keys) + "," + random.nextInt(1_000_000) + "\n");
        }
      }
    }
  }

  /** The rows of the sink's published (visible) files, sorted. */
  private static List<String> publishedRows(Path folder) throws IOException {
    List<String> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
        rows.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    rows.sort(null);
    return rows;
  }
}
