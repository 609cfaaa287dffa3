package io.sluice.runtime.exec;

import io.sluice.plan.PhysicalPlan;
import io.sluice.plan.PlanPrinter;
import io.sluice.runtime.checkpoint.CheckpointStore;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The checkpointing of one job (on when {@code 'checkpoint.dir'} is set): restores the
 * newest complete checkpoint when the job starts, snapshots the pipeline every
 * {@code 'checkpoint.interval'} between polls and hands the bytes to the store's background
 * writer, tells the operators when a checkpoint is durable (sinks then publish), and takes
 * a final checkpoint when the input ends, so that rerunning a finished job emits nothing twice.
 */
final class JobCheckpoints {
  private static final long DEFAULT_INTERVAL_MILLIS = 1000;


  private final CheckpointStore store;
  private final long intervalNanos;
  private final long restartEvery;
  /** The temporary directory of a test run without {@code 'checkpoint.dir'}, deleted at the end; else null. */
  private final Path temporary;
  private final JobMetrics metrics;
  private Pipeline pipeline;
  private long nextId = 1;
  private long notified;
  private long nextDueNanos;

  private JobCheckpoints(CheckpointStore store, long intervalMillis, long restartEvery, Path temporary,
      JobMetrics metrics) {
    this.store = store;
    this.intervalNanos = intervalMillis * 1_000_000;
    this.restartEvery = restartEvery;
    this.temporary = temporary;
    this.metrics = metrics;
  }

  /** The job's checkpointing, or null when {@code 'checkpoint.dir'} is not set. */
  static JobCheckpoints create(PhysicalPlan plan, Map<String, String> options, JobMetrics metrics) {
    String dir = options.getOrDefault(CheckpointStore.DIR_OPTION, "");
    String restart = options.getOrDefault(CheckpointStore.TEST_RESTART_EVERY_OPTION, "");
    long restartEvery = restart.isBlank() ? 0 : Long.parseLong(restart.trim());
    Path temporary = null;
    if (dir.isBlank() && restartEvery > 0) {
      try {
        temporary = Files.createTempDirectory("sluice-checkpoints");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      dir = temporary.toString();
    }
    if (dir.isBlank()) {
      return null;
    }
    String interval = options.getOrDefault(CheckpointStore.INTERVAL_OPTION, "");
    long millis = interval.isBlank() ? DEFAULT_INTERVAL_MILLIS
        : Durations.parseMillis(CheckpointStore.INTERVAL_OPTION, interval);
    if (millis <= 0) {
      throw new IllegalArgumentException(
          "Option '" + CheckpointStore.INTERVAL_OPTION + "' must be a positive duration such as '1 s', not '" + interval + "'");
    }
    return new JobCheckpoints(new CheckpointStore(Path.of(dir), fingerprint(plan)), millis, restartEvery, temporary,
        metrics);
  }

  /** A digest of the printed plan and its schema: a checkpoint only restores into the query it was taken for. */
  static String fingerprint(PhysicalPlan plan) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(PlanPrinter.print(plan).getBytes(StandardCharsets.UTF_8));
      digest.update(plan.schema().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checks that checkpoints cover every operator, restores the newest checkpoint, and hooks into the pipeline's loop. */
  void start(Pipeline opened, String jobName) {
    this.pipeline = opened;
    List<String> unsupported = opened.notCheckpointable();
    if (!unsupported.isEmpty()) {
      throw new IllegalArgumentException("Job '" + jobName + "' cannot run with 'checkpoint.dir': checkpoints do not"
          + " cover the state of " + String.join(", ", unsupported) + " yet. Unset 'checkpoint.dir' to run without"
          + " recovery.");
    }
    long start = System.nanoTime();
    CheckpointStore.Restored restored = store.latest();
    if (restored != null) {
      long read = System.nanoTime();
      opened.restore(restored.id(), restored.entries());
      long bytes = restored.entries().values().stream().mapToLong(entry -> entry.length).sum();
      System.err.println("Restored checkpoint " + restored.id() + " (" + bytes + " bytes of state) in "
          + (System.nanoTime() - start) / 1_000_000 + " ms (reading and checking the files "
          + (read - start) / 1_000_000 + " ms)");
      nextId = restored.id() + 1;
      notified = restored.id();
      metrics.note("checkpoint.restored", "checkpoint " + restored.id());
    }
    nextDueNanos = System.nanoTime() + intervalNanos;
    opened.betweenPolls(this::betweenPolls);
  }

  private void betweenPolls() {
    notifyCompleted();
    long now = System.nanoTime();
    if (now - nextDueNanos >= 0) {
      long id = take();
      if (restartEvery > 0 && id % restartEvery == 0) {
        restart();
      }
      nextDueNanos = System.nanoTime() + intervalNanos;
    }
  }

  /** Restores the pipeline below its sink from the checkpoint just taken, once it is on disk. */
  private void restart() {
    store.awaitWrites();
    CheckpointStore.Restored restored = store.latest();
    pipeline.restartBelowTop(restored.id(), restored.entries());
    metrics.counter("checkpoint.test-restarts").increment();
  }

  private long take() {
    long start = System.nanoTime();
    long id = nextId++;
    Map<String, byte[]> entries = pipeline.snapshot(id);
    long bytes = 0;
    for (byte[] entry : entries.values()) {
      bytes += entry.length;
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    store.writeAsync(id, entries, millis);
    metrics.counter("checkpoints").increment();
    metrics.note("checkpoint.last", "checkpoint " + id + ": " + bytes + " bytes, snapshot " + millis
        + " ms on the job thread");
    return id;
  }

  private void notifyCompleted() {
    long done = store.completedId();
    if (done > notified) {
      notified = done;
      pipeline.checkpointComplete(done);
    }
  }

  /** The job stopped: after a normal end, takes a final checkpoint and waits until it is durable. */
  void end(boolean completed) {
    if (completed) {
      take();
    }
    store.close();
    if (completed) {
      notifyCompleted();
    }
    deleteTemporary();
  }

  /** Stops the background writer after a failure, keeping what is already durable. */
  void abort() {
    store.close();
    deleteTemporary();
  }

  private void deleteTemporary() {
    if (temporary == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(temporary)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the test checkpoints in " + temporary, e);
    }
  }
}
