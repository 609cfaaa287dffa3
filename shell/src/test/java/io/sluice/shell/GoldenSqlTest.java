package io.sluice.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.sluice.shell.render.ResultRenderer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * SQL golden files: each {@code src/test/resources/golden/NAME.sql} runs through
 * {@code sluice run NAME.sql --format csv} (or the format its first line names, as in
 * {@code -- format: json}; {@code -- parallelism: 1} pins the parallelism), and its exit code, stdout and stderr must equal {@code NAME.expected}. Regenerate every expectation with
 * {@code mvn -pl shell -am test -Dtest=GoldenSqlTest -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true}
 * and review the diff before committing it.
 */
class GoldenSqlTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final String FORMAT_HEADER = "-- format:";
  private static final String PARALLELISM_HEADER = "-- parallelism:";
  private static final String CHECKPOINTS_HEADER = "-- checkpoints:";
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  @TestFactory
  Stream<DynamicTest> goldenFiles() throws IOException {
    List<Path> scripts;
    try (Stream<Path> files = Files.list(GOLDEN)) {
      scripts = files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
    assertFalse(scripts.isEmpty(), "no golden files in " + GOLDEN.toAbsolutePath());
    return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> check(script)));
  }

  /**
   * The same files with the executor's parallelism fixed at 1 (one thread) and at 2 and 3
   * (fragments, hash and gather exchanges): every expectation must hold for each, so results
   * must not depend on arrival order (scripts use ORDER BY where order matters).
   */
  @TestFactory
  Stream<DynamicTest> goldenFilesAtFixedParallelism() throws IOException {
    List<Path> scripts;
    try (Stream<Path> files = Files.list(GOLDEN)) {
      scripts = files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
    return Stream.of("1", "2", "3").flatMap(parallelism -> scripts.stream().map(script -> DynamicTest.dynamicTest(
        script.getFileName() + " at parallelism " + parallelism, () -> {
          Path expectedFile = Path.of(script.toString().replaceAll("\\.sql$", ".expected"));
          String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);
          assertEquals(expected, run(script, parallelism), "golden file " + expectedFile + " differs at parallelism "
              + parallelism);
        })));
  }

  /**
   * The same files with a checkpoint every millisecond, each followed by a restart: every
   * source and operator below the sink is replaced by a fresh one restored from the
   * checkpoint just written (read back from disk), so the output must equal the straight
   * run's only if every snapshot captures all the state that matters. A checkpointed job runs
   * as one pipeline. Files whose jobs checkpoints do not cover yet say so in a
   * {@code -- checkpoints: <reason>} header and are left out.
   */
  @TestFactory
  Stream<DynamicTest> goldenFilesWithCheckpointRestarts() throws IOException {
    List<Path> scripts;
    try (Stream<Path> files = Files.list(GOLDEN)) {
      scripts = files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
    List<Path> covered = new java.util.ArrayList<>();
    for (Path script : scripts) {
      if (header(script, CHECKPOINTS_HEADER) == null) {
        covered.add(script);
      }
    }
    assertFalse(covered.isEmpty(), "every golden file opts out of checkpoints");
    return covered.stream().map(script -> DynamicTest.dynamicTest(script.getFileName() + " with checkpoint restarts",
        () -> {
          Path expectedFile = Path.of(script.toString().replaceAll("\\.sql$", ".expected"));
          String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);
          assertEquals(expected, run(script, Map.of("checkpoint.test.restart-every", "1", "checkpoint.interval", "1 ms")),
              "golden file " + expectedFile + " differs when restored from a checkpoint after every poll");
        }));
  }

  private static void check(Path script) throws IOException {
    String actual = run(script);
    Path expectedFile = Path.of(script.toString().replaceAll("\\.sql$", ".expected"));
    if (UPDATE) {
      Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
      return;
    }
    String expected = Files.exists(expectedFile) ? Files.readString(expectedFile, StandardCharsets.UTF_8) : "";
    assertEquals(expected, actual, "golden file " + expectedFile + " differs (regenerate with -Dgolden.update=true)");
  }

  /** The exit code, stdout and stderr of {@code sluice run SCRIPT --format FORMAT}, as one text. */
  static String run(Path script) throws IOException {
    return run(script, Map.of());
  }

  /**
   * As {@link #run(Path)}, with the session option {@code 'parallelism'} preset, unless the
   * script pins its own with a {@code -- parallelism: N} header line: results whose rows or
   * changelog steps depend on how rows are batched (changelogs, late rows) are checked at one
   * parallelism only.
   */
  static String run(Path script, String parallelism) throws IOException {
    String pinned = header(script, PARALLELISM_HEADER);
    return run(script, Map.of("parallelism", pinned != null ? pinned : parallelism));
  }

  private static String run(Path script, Map<String, String> options) throws IOException {
    String format = header(script, FORMAT_HEADER);
    String pinned = header(script, PARALLELISM_HEADER);
    Map<String, String> preset = new java.util.HashMap<>(options);
    if (pinned != null) {
      preset.put("parallelism", pinned);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = new ScriptRunner(ResultRenderer.Format.valueOf(format == null ? "CSV" : format.toUpperCase(Locale.ROOT)),
          stdout, stderr, preset)
          .run(Files.readString(script, StandardCharsets.UTF_8), script.toAbsolutePath().getParent());
    }
    String text = "-- exit: " + exit + "\n-- stdout:\n" + out.toString(StandardCharsets.UTF_8)
        + "-- stderr:\n" + err.toString(StandardCharsets.UTF_8);
    // Messages name files by absolute path; keep the expectations independent of the checkout's location.
    return text.replace(GOLDEN.toAbsolutePath().toString(), "$GOLDEN");
  }

  /** The value of a {@code -- name: value} line among the script's leading comment lines, or null. */
  private static String header(Path script, String name) throws IOException {
    for (String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
      if (!line.startsWith("--")) {
        return null;
      }
      if (line.startsWith(name)) {
        return line.substring(name.length()).trim();
      }
    }
    return null;
  }
}
