package io.sluice.shell.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.shell.ChildJobs;
import io.sluice.udf.spi.AggregateFunction;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once recovery with real processes: a windowed aggregation from a folder of CSV
 * files into the file sink runs as {@code sluice run} in a child JVM that is killed with
 * SIGKILL several times at random moments and restarted with the same checkpoint directory;
 * its committed output, and that of its dead-letter tables, must equal that of a run without
 * checkpoints, row for row. The job runs as one pipeline ({@code 'parallelism'} 1) and as
 * parallel pipelines whose checkpoint barriers are aligned through the exchanges
 * ({@code 'parallelism'} 2; the window aggregate then runs once behind a gather of the split
 * readers, a join as two keyed instances).
 */
class CheckpointRecoveryIT {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  @TempDir
  Path dir;

  @Test
  void windowAggregateSurvivesKillNineWithoutGapOrDuplicate() throws Exception {
    survivesKillNine(1, false);
  }

  @Test
  void parallelWindowAggregateSurvivesKillNineWithoutGapOrDuplicate() throws Exception {
    survivesKillNine(2, false);
    assertParallelCheckpoints();
  }

  /** Split CSV readers, hash exchanges into two join instances (whose state is checkpointed per instance), gather to the sink. */
  @Test
  void parallelJoinSurvivesKillNineWithoutGapOrDuplicate() throws Exception {
    Path prices = dir.resolve("prices");
    Files.createDirectories(prices);
    for (int f = 0; f < 2; f++) {
      StringBuilder rows = new StringBuilder();
      for (int k = 0; k < 97; k++) {
        rows.append(k).append(',').append(k * 10 + f).append('\n');
      }
      Files.writeString(prices.resolve("prices-" + f + ".csv"), rows);
    }
    survivesKillNine(2, true);
    assertParallelCheckpoints();
  }

  /** Every manifest says the checkpoint was taken by parallel pipelines, and gives each one's snapshot time. */
  private void assertParallelCheckpoints() throws IOException {
    try (Stream<Path> manifests = Files.find(dir.resolve("chk"), 2,
        (path, attributes) -> path.getFileName().toString().equals("_manifest.yaml"))) {
      for (Path manifest : manifests.toList()) {
        String text = Files.readString(manifest);
        assertTrue(text.contains("parallelism: 2\n") && text.contains("pipeline-snapshot-micros: ["), text);
      }
    }
  }

  private void survivesKillNine(int parallelism, boolean join) throws Exception {
    writeInput(dir.resolve("in"), 10, 300_000, 17);
    Path oracleOut = dir.resolve("oracle");
    ChildJobs.run(script(oracleOut, null, parallelism, join), dir.resolve("oracle.log"));
    List<String> expected = committedRows(oracleOut);
    assertTrue(expected.size() > 10_000, "the oracle produced " + expected.size() + " rows");

    Path out = dir.resolve("out");
    Path checkpoints = dir.resolve("chk");
    Path job = script(out, checkpoints, parallelism, join);
    Random random = new Random(42);
    int killedMidRun = 0;
    boolean truncated = false;
    for (int attempt = 0; attempt < 5; attempt++) {
      // Kill once the run has completed one or two new checkpoints, then up to 80 ms later (possibly
      // mid-checkpoint): every killed run makes progress, however fast the machine is.
      boolean killed = ChildJobs.runAndKill(job, dir.resolve("run-" + attempt + ".log"), checkpoints,
          1 + random.nextInt(2), random.nextInt(80));
      if (killed) {
        killedMidRun++;
      }
      if (attempt == 2 && killed) {
        truncated = truncateNewestCheckpoint(checkpoints);
      }
      if (attempt == 3 && truncated) {
        String log = Files.readString(dir.resolve("run-3.log"));
        assertTrue(log.contains("Skipping corrupt checkpoint"), "the truncated checkpoint was not skipped:\n" + log);
      }
    }
    ChildJobs.run(job, dir.resolve("final.log"));
    assertTrue(killedMidRun >= 3, "only " + killedMidRun + " runs were killed before the job ended");
    List<String> actual = committedRows(out);
    assertEquals(expected.size(), actual.size(), "committed rows after " + killedMidRun + " kills");
    assertEquals(expected, actual);
    // In-progress parts of the killed runs are gone once the job has finished.
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith(".")).toList());
    }
  }

  /**
   * The source's dead letters (bad lines) and those of a user aggregate (rows it throws on) are
   * committed with the sink's epochs.
   */
  @Test
  void deadLettersShareTheSinkEpochsAcrossKillNine() throws Exception {
    Path input = dir.resolve("in");
    writeInput(input, 6, 120_000, 29);
    int bad = spoilEveryNthLine(input, 37);
    buildPickyJar();
    Path oracleOut = dir.resolve("oracle");
    Path oracleDead = dir.resolve("oracle-dead");
    ChildJobs.run(deadLetterScript(oracleOut, oracleDead, null), dir.resolve("oracle.log"));
    List<String> expected = committedRows(oracleOut);
    List<String> expectedDead = withoutFailureTime(committedRows(oracleDead));
    assertEquals(bad, expectedDead.size(), "the straight run's dead letters");
    List<String> expectedUdfDead = withoutFailureTime(committedRows(udfDeadLetters(oracleDead)));
    assertTrue(expectedUdfDead.size() > 10_000, expectedUdfDead.size() + " dead letters of the user aggregate");

    Path out = dir.resolve("out");
    Path dead = dir.resolve("dead");
    Path checkpoints = dir.resolve("chk");
    Path job = deadLetterScript(out, dead, checkpoints);
    Random random = new Random(5);
    int killedMidRun = 0;
    for (int attempt = 0; attempt < 5; attempt++) {
      if (ChildJobs.runAndKill(job, dir.resolve("run-" + attempt + ".log"), checkpoints, 1 + random.nextInt(2),
          random.nextInt(80))) {
        killedMidRun++;
      }
    }
    ChildJobs.run(job, dir.resolve("final.log"));
    assertTrue(killedMidRun >= 3, "only " + killedMidRun + " runs were killed before the job ended");
    assertEquals(expected, committedRows(out));
    List<String> actualDead = withoutFailureTime(committedRows(dead));
    assertEquals(expectedDead.size(), actualDead.size(), "dead letters after " + killedMidRun + " kills");
    assertEquals(expectedDead, actualDead);
    List<String> actualUdfDead = withoutFailureTime(committedRows(udfDeadLetters(dead)));
    assertEquals(expectedUdfDead.size(), actualUdfDead.size(),
        "user aggregate dead letters after " + killedMidRun + " kills");
    assertEquals(expectedUdfDead, actualUdfDead);
  }

  /** The folder of the user aggregate's dead-letter table next to the source's {@code dead} one. */
  private static Path udfDeadLetters(Path dead) {
    return dead.resolveSibling(dead.getFileName() + "-udf");
  }

  /** A user aggregate counting ids, which throws for every id divisible by 53 (so each dead letter names its row). */
  private static final String PICKY = """
      package it;
      import io.sluice.udf.spi.AggregateFunction;
      public class Picky extends AggregateFunction<long[], Long> {
        public long[] createAccumulator() { return new long[1]; }
        public void accumulate(long[] acc, long id) {
          if (id % 53 == 0) {
            throw new IllegalArgumentException("unlucky id " + id);
          }
          acc[0]++;
        }
        public void merge(long[] acc, long[] other) { acc[0] += other[0]; }
        public Long getValue(long[] acc) { return acc[0]; }
      }
      """;

  /** Compiles {@link #PICKY} against the function SPI into {@code picky.jar} in the test folder. */
  private void buildPickyJar() throws Exception {
    Path sources = Files.createDirectories(dir.resolve("picky-src/it"));
    Path classes = Files.createDirectories(dir.resolve("picky-classes"));
    Files.writeString(sources.resolve("Picky.java"), PICKY);
    String spi = Path.of(AggregateFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        "-classpath", spi, sources.resolve("Picky.java").toString()), "Picky compiles");
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve("picky.jar")))) {
      jar.putNextEntry(new JarEntry("it/Picky.class"));
      jar.write(Files.readAllBytes(classes.resolve("it/Picky.class")));
      jar.closeEntry();
    }
  }

  /** Replaces the amount of every {@code n}th line of every file in {@code folder} by text; returns how many. */
  private static int spoilEveryNthLine(Path folder, int n) throws IOException {
    int spoiled = 0;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        for (int i = n - 1; i < lines.size(); i += n) {
          String[] fields = lines.get(i).split(",");
          lines.set(i, fields[0] + "," + fields[1] + ",amount-" + fields[2] + "," + fields[3]);
          spoiled++;
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
      }
    }
    return spoiled;
  }

  /** Dead-letter rows without their last column, {@code failed_at}: the time of the failure differs between runs. */
  private static List<String> withoutFailureTime(List<String> rows) {
    return rows.stream().map(row -> row.substring(0, row.lastIndexOf(','))).sorted().toList();
  }

  private Path deadLetterScript(Path out, Path dead, Path checkpoints) throws IOException {
    StringBuilder sql = new StringBuilder();
    if (checkpoints != null) {
      sql.append("SET 'checkpoint.dir' = '").append(checkpoints).append("';\n");
      sql.append("SET 'checkpoint.interval' = '100 ms';\n");
    }
    sql.append("CREATE TABLE dead (source VARCHAR, location VARCHAR, reason VARCHAR, payload VARCHAR,"
        + " failed_at TIMESTAMP(3))\n  WITH ('connector' = 'file', 'path' = '").append(dead)
        .append("', 'format' = 'csv');\n");
    sql.append("CREATE TABLE udf_dead (function_name VARCHAR, arguments VARCHAR, error VARCHAR, failed_at TIMESTAMP(3))"
        + "\n  WITH ('connector' = 'file', 'path' = '").append(udfDeadLetters(dead)).append("', 'format' = 'csv');\n");
    sql.append("CREATE FUNCTION picky AS 'it.Picky' USING JAR '").append(dir.resolve("picky.jar")).append("';\n");
    sql.append("SET 'udf.errors' = 'dead-letter';\n");
    sql.append("SET 'udf.dead-letter.table' = 'udf_dead';\n");
    sql.append("CREATE TABLE events (id BIGINT, k INT, v BIGINT, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)\n  WITH ('connector' = 'file', 'path' = '")
        .append(dir.resolve("in")).append("', 'format' = 'csv', 'errors' = 'dead-letter',"
            + " 'dead-letter.table' = 'dead');\n");
    sql.append("CREATE TABLE totals (k INT, window_start TIMESTAMP(3), window_end TIMESTAMP(3), c BIGINT, s BIGINT,"
        + " p BIGINT)\n  WITH ('connector' = 'file', 'path' = '").append(out).append("', 'format' = 'csv');\n");
    sql.append("INSERT INTO totals SELECT k, window_start, window_end, COUNT(*), SUM(v), picky(id)\n"
        + "FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))\n"
        + "GROUP BY k, window_start, window_end;\n");
    Path file = dir.resolve(checkpoints == null ? "dead-oracle.sql" : "dead-job.sql");
    Files.writeString(file, sql);
    return file;
  }

  @Test
  void refusesACheckpointTakenForAnotherQueryAndStateItCannotCover() throws Exception {
    writeInput(dir.resolve("in"), 1, 20_000, 3);
    Path checkpoints = dir.resolve("chk");
    Path job = script(dir.resolve("out"), checkpoints, 1, false);
    ChildJobs.run(job, dir.resolve("first.log"));
    // The same query at another parallelism splits its state differently: refused, naming both.
    String original = Files.readString(job);
    Files.writeString(job, original.replace("SET 'parallelism' = '1'", "SET 'parallelism' = '2'"));
    String otherParallelism = runExpectingFailure(job, dir.resolve("parallelism.log"));
    assertTrue(otherParallelism.contains("was taken at 'parallelism' = 1, but this job runs at 'parallelism' = 2"),
        otherParallelism);
    Files.writeString(job, original);
    // The same checkpoint directory under a changed query (another window size) must not be reused.
    Files.writeString(job, Files.readString(job).replace("INTERVAL '10' SECOND", "INTERVAL '20' SECOND"));
    String changed = runExpectingFailure(job, dir.resolve("changed.log"));
    assertTrue(changed.contains("was taken for a different query"), changed);
    // A random generator without a seed cannot replay its rows: refused up front, naming the source.
    String text = Files.readString(job).replace("chk'", "chk2'");
    Files.writeString(job, text.substring(0, text.indexOf("INSERT INTO"))
        + "CREATE TABLE gen (k INT, v BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '100');\n"
        + "INSERT INTO totals SELECT k, CAST(NULL AS TIMESTAMP(3)), CAST(NULL AS TIMESTAMP(3)), v, v FROM gen;\n");
    String unsupported = runExpectingFailure(job, dir.resolve("unsupported.log"));
    assertTrue(unsupported.contains("checkpoints do not cover the state of Scan[gen]"), unsupported);
  }

  private static String runExpectingFailure(Path script, Path log) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process = new ProcessBuilder(java, "-jar", Path.of("target", "sluice.jar").toAbsolutePath().toString(),
        "run", script.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(process.waitFor(3, TimeUnit.MINUTES));
    String output = Files.readString(log);
    assertTrue(process.exitValue() != 0, "the job should have failed:\n" + output);
    return output;
  }

  /** Rows in event-time order give or take 1.5 s, 97 keys, spread over {@code files} files. */
  private static void writeInput(Path folder, int files, int rowsPerFile, long seed) throws IOException {
    Files.createDirectories(folder);
    Random random = new Random(seed);
    long base = 1_700_000_000_000L;
    long n = 0;
    for (int f = 0; f < files; f++) {
      try (Writer out = Files.newBufferedWriter(folder.resolve(String.format("events-%02d.csv", f)))) {
        for (int i = 0; i < rowsPerFile; i++, n++) {
          long time = base + n * 7 - random.nextInt(1500);
          out.write(n + "," + (n % 97) + "," + (1 + random.nextInt(1000)) + "," + TIME.format(Instant.ofEpochMilli(time))
              + "\n");
        }
      }
    }
  }

  /** The TUMBLE aggregation, or with {@code join} a filtered join of the events with table {@code prices}. */
  private Path script(Path out, Path checkpoints, int parallelism, boolean join) throws IOException {
    StringBuilder sql = new StringBuilder();
    sql.append("SET 'parallelism' = '").append(parallelism).append("';\n");
    if (checkpoints != null) {
      sql.append("SET 'checkpoint.dir' = '").append(checkpoints).append("';\n");
      sql.append("SET 'checkpoint.interval' = '100 ms';\n");
    }
    sql.append("CREATE TABLE events (id BIGINT, k INT, v BIGINT, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)\n  WITH ('connector' = 'file', 'path' = '")
        .append(dir.resolve("in")).append("', 'format' = 'csv');\n");
    if (join) {
      sql.append("CREATE TABLE prices (k INT, p BIGINT) WITH ('connector' = 'file', 'path' = '")
          .append(dir.resolve("prices")).append("', 'format' = 'csv');\n");
      sql.append("CREATE TABLE joined (id BIGINT, k INT, v BIGINT, p BIGINT)\n"
          + "  WITH ('connector' = 'file', 'path' = '").append(out).append("', 'format' = 'csv');\n");
      sql.append("INSERT INTO joined SELECT e.id, e.k, e.v, p.p FROM events AS e JOIN prices AS p ON e.k = p.k\n"
          + "WHERE e.v <= 30;\n");
    } else {
      sql.append("CREATE TABLE totals (k INT, window_start TIMESTAMP(3), window_end TIMESTAMP(3), c BIGINT, s BIGINT)\n"
          + "  WITH ('connector' = 'file', 'path' = '").append(out).append("', 'format' = 'csv');\n");
      sql.append("INSERT INTO totals SELECT k, window_start, window_end, COUNT(*), SUM(v)\n"
          + "FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))\n"
          + "GROUP BY k, window_start, window_end;\n");
    }
    Path file = dir.resolve(checkpoints == null ? "oracle.sql" : "job.sql");
    Files.writeString(file, sql);
    return file;
  }

  /** Cuts the newest checkpoint's state file in half, as a crash in the middle of writing it would on some file systems. */
  private static boolean truncateNewestCheckpoint(Path checkpoints) throws IOException {
    if (!Files.isDirectory(checkpoints)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(checkpoints)) {
      Path newest = entries.filter(p -> Files.exists(p.resolve("_manifest.yaml")))
          .max(Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
      if (newest == null) {
        return false;
      }
      try (RandomAccessFile file = new RandomAccessFile(newest.resolve("state.bin").toFile(), "rw")) {
        file.setLength(file.length() / 2);
      }
      return true;
    }
  }

  /** Every row of the published (visible) files of a sink folder, sorted. */
  private static List<String> committedRows(Path folder) throws IOException {
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
