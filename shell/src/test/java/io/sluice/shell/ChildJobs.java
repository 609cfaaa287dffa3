package io.sluice.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Helpers that run {@code sluice run script} in a child JVM (the shaded jar) for crash and recovery tests. */
public final class ChildJobs {
  private ChildJobs() {}

  /** Runs {@code sluice run script} in a child JVM to its successful end. */
  public static void run(Path script, Path log) throws IOException, InterruptedException {
    Process process = start(script, log);
    assertTrue(process.waitFor(3, TimeUnit.MINUTES), "the job did not end; log:\n" + Files.readString(log));
    assertEquals(0, process.exitValue(), "the job failed; log:\n" + Files.readString(log));
  }

  /**
   * Runs {@code sluice run script} in a child JVM and kills it with SIGKILL {@code extraMillis}
   * after the newest complete checkpoint id in {@code checkpoints} has grown by
   * {@code newCheckpoints}. True if the process was killed before it ended.
   */
  public static boolean runAndKill(Path script, Path log, Path checkpoints, int newCheckpoints, long extraMillis)
      throws IOException, InterruptedException {
    long start = newestCheckpointId(checkpoints);
    Process process = start(script, log);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (process.isAlive() && System.nanoTime() < deadline) {
      if (newestCheckpointId(checkpoints) >= start + newCheckpoints) {
        Thread.sleep(extraMillis);
        if (!process.isAlive()) {
          break;
        }
        process.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing, no commit
        process.waitFor();
        return true;
      }
      Thread.sleep(5);
    }
    assertTrue(process.waitFor(3, TimeUnit.MINUTES), "the job did not end; log:\n" + Files.readString(log));
    assertEquals(0, process.exitValue(), "the job failed; log:\n" + Files.readString(log));
    return false;
  }

  /** The id of the newest complete checkpoint (one with a manifest), or -1. */
  public static long newestCheckpointId(Path checkpoints) throws IOException {
    if (!Files.isDirectory(checkpoints)) {
      return -1;
    }
    try (Stream<Path> entries = Files.list(checkpoints)) {
      return entries.filter(p -> Files.exists(p.resolve("_manifest.yaml")))
          .map(p -> p.getFileName().toString().replaceAll("\\D", ""))
          .filter(id -> !id.isEmpty())
          .mapToLong(Long::parseLong)
          .max()
          .orElse(-1);
    }
  }

  /** Starts {@code sluice run script} in a child JVM with its output in {@code log}. */
  public static Process start(Path script, Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path jar = Path.of("target", "sluice.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "the shaded jar " + jar + " is built in the package phase");
    return new ProcessBuilder(java, "-Xmx1g", "-jar", jar.toString(), "run", script.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
