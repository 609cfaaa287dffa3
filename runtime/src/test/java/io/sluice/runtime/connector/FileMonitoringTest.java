package io.sluice.runtime.connector;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.exec.Job;
import io.sluice.runtime.testing.TestTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A monitored file source in a running job: new files and appended lines show up while it runs. */
class FileMonitoringTest {
  private static final Schema EVENTS = schema(field("id", TypeKind.BIGINT), field("name", TypeKind.VARCHAR));

  @TempDir
  Path dir;

  @Test
  void monitoredFolderPicksUpNewFilesAndAppendedLines() throws Exception {
    for (String format : List.of("json", "csv")) {
      Path folder = Files.createDirectories(dir.resolve(format));
      Path first = folder.resolve("a." + format);
      Files.writeString(first, line(format, 1));
      TableSpec table = new TableSpec("events", EVENTS, Map.of("connector", "file", "format", format,
          "path", folder.toString(), "source.monitor-interval", "20 ms"), null, List.of());
      TestTables.Collecting rows = new TestTables.Collecting();
      Job job = TestTables.job(new PlanNode.Scan(table, List.of(0, 1), null, EVENTS), rows).start();
      try {
        awaitTrue(() -> rows.count() == 1, job);
        // A line appended without its newline yet is not read until the newline arrives.
        append(first, line(format, 2).stripTrailing());
        Thread.sleep(200);
        assertEquals(1, rows.count());
        append(first, "\n");
        awaitTrue(() -> rows.count() == 2, job);
        Files.writeString(folder.resolve("b." + format), line(format, 3) + line(format, 4));
        awaitTrue(() -> rows.count() == 4, job);
        append(first, line(format, 5));
        awaitTrue(() -> rows.count() == 5, job);
        assertFalse(job.isDone(), "a monitored source does not end");
        assertEquals(List.of(List.of(1L, "n1"), List.of(2L, "n2"), List.of(3L, "n3"), List.of(4L, "n4"),
            List.of(5L, "n5")), rows.rows());
      } finally {
        job.cancel();
      }
      assertTrue(job.await(Duration.ofSeconds(10)), "the job ends once cancelled");
    }
  }

  @Test
  void restoredMonitoredSourceGoesOnAfterTheLinesItsCheckpointCovers() throws Exception {
    for (String format : List.of("json", "csv")) {
      Path folder = Files.createDirectories(dir.resolve("checkpointed-" + format));
      Path checkpoints = dir.resolve("checkpoints-" + format);
      Path first = folder.resolve("a." + format);
      Files.writeString(first, line(format, 1) + line(format, 2));
      TableSpec table = new TableSpec("events", EVENTS, Map.of("connector", "file", "format", format,
          "path", folder.toString(), "source.monitor-interval", "20 ms"), null, List.of());
      PlanNode.Scan scan = new PlanNode.Scan(table, List.of(0, 1), null, EVENTS);
      Map<String, String> options = Map.of("checkpoint.dir", checkpoints.toString(), "checkpoint.interval", "20 ms");
      TestTables.Collecting before = new TestTables.Collecting();
      Job job = TestTables.job(scan, before, options).start();
      try {
        awaitTrue(() -> before.count() == 2, job);
        long newest = newestCheckpoint(checkpoints);
        awaitTrue(() -> newestCheckpoint(checkpoints) >= newest + 2, job);
      } finally {
        job.cancel();
      }
      assertTrue(job.await(Duration.ofSeconds(10)), "the job ends once cancelled");
      // While the job is down, a line is appended and a file arrives: the restored job reads just those.
      append(first, line(format, 3));
      Files.writeString(folder.resolve("b." + format), line(format, 4));
      TestTables.Collecting after = new TestTables.Collecting();
      Job restored = TestTables.job(scan, after, options).start();
      try {
        awaitTrue(() -> after.count() == 2, restored);
        Thread.sleep(200);
        assertEquals(List.of(List.of(3L, "n3"), List.of(4L, "n4")), after.rows());
      } finally {
        restored.cancel();
      }
      assertTrue(restored.await(Duration.ofSeconds(10)), "the job ends once cancelled");
    }
  }

  /** The id of the newest complete checkpoint in {@code checkpoints}, or -1. */
  private static long newestCheckpoint(Path checkpoints) {
    if (!Files.isDirectory(checkpoints)) {
      return -1;
    }
    try (java.util.stream.Stream<Path> entries = Files.list(checkpoints)) {
      return entries.filter(p -> Files.exists(p.resolve("_manifest.yaml")))
          .mapToLong(p -> Long.parseLong(p.getFileName().toString().replaceAll("\\D", ""))).max().orElse(-1);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String line(String format, long id) {
    return format.equals("json") ? "{\"id\": " + id + ", \"name\": \"n" + id + "\"}\n" : id + ",n" + id + "\n";
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  /** Waits up to 10 seconds for {@code condition}, failing early if the job ended. */
  private static void awaitTrue(BooleanSupplier condition, Job job) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertFalse(job.isDone(), () -> "the job ended early: " + job.failure());
      assertTrue(System.nanoTime() < deadline, "timed out waiting for the monitored source");
      Thread.sleep(10);
    }
  }
}
