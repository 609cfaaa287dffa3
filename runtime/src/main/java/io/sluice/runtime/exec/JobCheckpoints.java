package io.sluice.runtime.exec;

import io.sluice.plan.PhysicalPlan;
import io.sluice.plan.PlanPrinter;
import io.sluice.runtime.checkpoint.CheckpointStore;
import io.sluice.runtime.checkpoint.StateBytes;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The checkpoint coordinator of one job (on when {@code 'checkpoint.dir'} is set): restores
 * each pipeline from the newest complete checkpoint before the job's threads start, requests
 * checkpoint N every {@code 'checkpoint.interval'} (from a timer thread; the pipelines see the
 * request between polls and align its barriers through the exchanges), collects every
 * pipeline's snapshot and hands checkpoint N to the store's background writer once all have
 * acknowledged it (finished pipelines are snapshotted by the coordinator), posts the newest
 * durable checkpoint for the pipelines to pass to their operators on their own threads (sinks
 * then publish), and takes a final checkpoint when the input ends, so that rerunning a
 * finished job emits nothing twice.
 */
final class JobCheckpoints {
  private static final long DEFAULT_INTERVAL_MILLIS = 1000;

  private final CheckpointStore store;
  private final long intervalMillis;
  private final long restartEvery;
  /** The temporary directory of a test run without {@code 'checkpoint.dir'}, deleted at the end; else null. */
  private final Path temporary;
  private final JobMetrics metrics;
  private List<Pipeline> pipelines = List.of();
  private ScheduledExecutorService trigger;
  /** The newest checkpoint requested; each pipeline checks it between polls. */
  private volatile long requested;
  /**
   * With the test-only restart option (one pipeline), when the next checkpoint is due: the
   * pipeline requests it itself between polls, so that even a job shorter than a timer tick
   * checkpoints and restarts.
   */
  private volatile long nextDueNanos;

  // Guarded by this: the checkpoint being collected.
  private long lastId;
  /** The checkpoint whose snapshots are being collected, or 0 when none is. */
  private long inProgress;
  private Map<String, StateBytes> collected = new LinkedHashMap<>();
  private boolean[] acknowledged = new boolean[0];
  private boolean[] finished = new boolean[0];
  private long[] snapshotNanos = new long[0];
  private long requestedNanos;

  private JobCheckpoints(CheckpointStore store, long intervalMillis, long restartEvery, Path temporary,
      JobMetrics metrics) {
    this.store = store;
    this.intervalMillis = intervalMillis;
    this.restartEvery = restartEvery;
    this.temporary = temporary;
    this.metrics = metrics;
  }

  /** Whether the test-only option that restarts the job below its sink after checkpoints is set. */
  static boolean restartsForTests(Map<String, String> options) {
    return !options.getOrDefault(CheckpointStore.TEST_RESTART_EVERY_OPTION, "").isBlank();
  }

  /**
   * The job's checkpointing, or null when {@code 'checkpoint.dir'} is not set; checkpoints
   * record {@code parallelism}, and one taken at another parallelism is refused on restore.
   */
  static JobCheckpoints create(PhysicalPlan plan, Map<String, String> options, JobMetrics metrics, int parallelism) {
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
    return new JobCheckpoints(new CheckpointStore(Path.of(dir), fingerprint(plan), parallelism), millis, restartEvery,
        temporary, metrics);
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

  /**
   * Checks that checkpoints cover every source and operator, restores each pipeline from the
   * newest checkpoint (each takes its own entries by name), and starts requesting checkpoints.
   * Called before the pipelines' threads start.
   */
  void start(List<Pipeline> opened, String jobName) {
    List<String> unsupported = new ArrayList<>();
    for (Pipeline pipeline : opened) {
      unsupported.addAll(pipeline.notCheckpointable());
    }
    if (!unsupported.isEmpty()) {
      throw new IllegalArgumentException("Job '" + jobName + "' cannot run with 'checkpoint.dir': checkpoints do not"
          + " cover the state of " + String.join(", ", unsupported) + " yet. Unset 'checkpoint.dir' to run without"
          + " recovery.");
    }
    for (int i = 0; i < opened.size(); i++) {
      opened.get(i).joinCheckpoints(this, i, opened.size() == 1 ? "" : "pipeline-" + i + ":");
    }
    long start = System.nanoTime();
    CheckpointStore.Restored restored = store.latest();
    long restoredId = 0;
    if (restored != null) {
      long read = System.nanoTime();
      restoreConcurrently(opened, restored);
      System.err.println("Restored checkpoint " + restored.id() + " (" + restored.bytes() + " bytes of state) in "
          + (System.nanoTime() - start) / 1_000_000 + " ms (reading and checking the files "
          + (read - start) / 1_000_000 + " ms)");
      restoredId = restored.id();
      metrics.note("checkpoint.restored", "checkpoint " + restored.id());
    }
    synchronized (this) {
      pipelines = List.copyOf(opened);
      lastId = restoredId;
      requested = restoredId;
      acknowledged = new boolean[opened.size()];
      finished = new boolean[opened.size()];
      snapshotNanos = new long[opened.size()];
    }
    for (Pipeline pipeline : opened) {
      pipeline.resumeAfter(restoredId);
    }
    nextDueNanos = System.nanoTime() + intervalMillis * 1_000_000;
    if (restartEvery > 0) {
      return;
    }
    trigger = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "sluice-checkpoint-trigger-" + jobName);
      thread.setDaemon(true);
      return thread;
    });
    trigger.scheduleWithFixedDelay(this::request, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Restores the pipelines from {@code restored} at the same time, one thread each (a large
   * state takes seconds to rebuild, and each pipeline only touches its own sources and
   * operators); the first failure, in pipeline order, is rethrown once all have ended.
   */
  private static void restoreConcurrently(List<Pipeline> opened, CheckpointStore.Restored restored) {
    if (opened.size() == 1) {
      opened.get(0).restore(restored);
      return;
    }
    List<Thread> threads = new ArrayList<>();
    Throwable[] failures = new Throwable[opened.size()];
    for (int i = 0; i < opened.size(); i++) {
      int index = i;
      Thread thread = new Thread(() -> {
        try {
          opened.get(index).restore(restored);
        } catch (Throwable t) {
          failures[index] = t;
        }
      }, "sluice-restore-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while restoring checkpoint " + restored.id(), e);
      }
    }
    for (Throwable failure : failures) {
      if (failure instanceof RuntimeException e) {
        throw e;
      } else if (failure instanceof Error e) {
        throw e;
      } else if (failure != null) {
        throw new IllegalStateException(failure.getMessage(), failure);
      }
    }
  }

  /** The newest checkpoint requested (volatile: read by every pipeline between polls). */
  long requested() {
    if (restartEvery > 0 && System.nanoTime() - nextDueNanos >= 0) {
      request();
    }
    return requested;
  }

  /** The newest durable checkpoint; rethrows a failed background write. */
  long completedId() {
    return store.completedId();
  }

  /** Requests the next checkpoint, unless the previous one is still being collected or every pipeline has finished. */
  private synchronized void request() {
    if (inProgress != 0 || allFinished()) {
      return;
    }
    inProgress = ++lastId;
    requestedNanos = System.nanoTime();
    Arrays.fill(acknowledged, false);
    Arrays.fill(snapshotNanos, 0);
    requested = inProgress;
  }

  /**
   * Pipeline {@code index} has snapshotted checkpoint {@code id} on its own thread and sent
   * the barrier on. The last acknowledgement writes the checkpoint; with the test-only
   * restart option (one pipeline) the pipeline is then restarted from it.
   */
  void acknowledge(Pipeline pipeline, int index, long id, Map<String, StateBytes> entries, long nanos) {
    boolean written;
    synchronized (this) {
      if (id != inProgress) {
        throw new IllegalStateException("Pipeline " + index + " acknowledged checkpoint " + id + " while "
            + inProgress + " is in progress");
      }
      collected.putAll(entries);
      acknowledged[index] = true;
      snapshotNanos[index] = nanos;
      written = completeIfCollected();
    }
    if (written && restartEvery > 0 && id % restartEvery == 0) {
      restart(pipeline);
    }
  }

  /** Pipeline {@code index} has finished: it no longer acknowledges, the coordinator snapshots it instead. */
  synchronized void finished(int index) {
    finished[index] = true;
    completeIfCollected();
  }

  /** Tells the finished pipelines' operators that {@code checkpoint} is durable (their threads have ended). */
  synchronized void completeFinished(long checkpoint) {
    for (int i = 0; i < finished.length; i++) {
      if (finished[i]) {
        pipelines.get(i).checkpointComplete(checkpoint);
      }
    }
  }

  private boolean allFinished() {
    for (boolean done : finished) {
      if (!done) {
        return false;
      }
    }
    return true;
  }

  /** Writes the checkpoint in progress once every pipeline has acknowledged it or finished. */
  private boolean completeIfCollected() {
    if (inProgress == 0) {
      return false;
    }
    for (int i = 0; i < acknowledged.length; i++) {
      if (!acknowledged[i] && !finished[i]) {
        return false;
      }
    }
    for (int i = 0; i < acknowledged.length; i++) {
      if (!acknowledged[i]) {
        long start = System.nanoTime();
        collected.putAll(pipelines.get(i).snapshot(inProgress));
        snapshotNanos[i] = System.nanoTime() - start;
      }
    }
    write(inProgress, collected, System.nanoTime() - requestedNanos);
    inProgress = 0;
    collected = new LinkedHashMap<>();
    nextDueNanos = System.nanoTime() + intervalMillis * 1_000_000;
    return true;
  }

  /** Hands checkpoint {@code id} to the background writer and records its figures. */
  private void write(long id, Map<String, StateBytes> entries, long alignedNanos) {
    long bytes = 0;
    for (StateBytes entry : entries.values()) {
      bytes += entry.size();
    }
    long slowest = 0;
    long[] micros = new long[snapshotNanos.length];
    StringBuilder perPipeline = new StringBuilder();
    for (int i = 0; i < snapshotNanos.length; i++) {
      slowest = Math.max(slowest, snapshotNanos[i]);
      micros[i] = snapshotNanos[i] / 1_000;
      perPipeline.append(i == 0 ? "" : ", ").append(micros[i]).append(" us");
    }
    Map<String, String> figures = new LinkedHashMap<>();
    if (micros.length > 1) {
      figures.put("pipeline-snapshot-micros", Arrays.toString(micros));
      figures.put("request-to-last-snapshot-millis", String.valueOf(alignedNanos / 1_000_000));
    }
    store.writeAsync(id, entries, slowest / 1_000_000, figures);
    metrics.counter("checkpoints").increment();
    metrics.note("checkpoint.last", "checkpoint " + id + ": " + bytes + " bytes, snapshot per pipeline on its"
        + " thread [" + perPipeline + "], " + alignedNanos / 1_000_000 + " ms from request to the last snapshot");
  }

  /** Restores the single pipeline below its sink from the checkpoint just taken, once it is on disk. */
  private void restart(Pipeline pipeline) {
    store.awaitWrites();
    CheckpointStore.Restored restored = store.latest();
    pipeline.restartBelowTop(restored);
    metrics.counter("checkpoint.test-restarts").increment();
  }

  /**
   * The job stopped and its threads have ended: after a normal end, takes a final checkpoint
   * of every pipeline, waits until it is durable and tells the operators.
   */
  void end(boolean completed) {
    stopRequests();
    long id = 0;
    synchronized (this) {
      // A checkpoint still being collected is superseded or abandoned: every pipeline is quiet now.
      inProgress = 0;
      discardCollected();
      if (completed) {
        id = ++lastId;
        requestedNanos = System.nanoTime();
        Map<String, StateBytes> entries = new LinkedHashMap<>();
        for (int i = 0; i < pipelines.size(); i++) {
          long start = System.nanoTime();
          entries.putAll(pipelines.get(i).snapshot(id));
          snapshotNanos[i] = System.nanoTime() - start;
        }
        write(id, entries, System.nanoTime() - requestedNanos);
      }
    }
    store.close();
    if (completed) {
      long durable = store.completedId();
      for (Pipeline pipeline : pipelines) {
        pipeline.checkpointComplete(durable);
      }
    }
    deleteTemporary();
  }

  /** Stops the background writer after a failure, keeping what is already durable. */
  void abort() {
    stopRequests();
    synchronized (this) {
      discardCollected();
    }
    store.close();
    deleteTemporary();
  }

  /** Drops the snapshots collected for a checkpoint that will not be written, releasing the state they share. */
  private void discardCollected() {
    collected.values().forEach(StateBytes::discard);
    collected = new LinkedHashMap<>();
  }

  private void stopRequests() {
    if (trigger != null) {
      trigger.shutdownNow();
    }
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
