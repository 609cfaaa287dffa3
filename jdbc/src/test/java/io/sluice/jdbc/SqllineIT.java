package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party JDBC client, sqlline, in its own JVM with nothing on its class path but the
 * shaded driver jar and sqlline's own jars: it connects, creates a table, runs queries and
 * lists tables, and its CSV output is checked.
 */
class SqllineIT {
  /** sqlline and the libraries it brings, recognised by their folders in the local repository. */
  private static final List<String> CLIENT_JARS = List.of("/sqlline/", "/org/jline/", "/net/java/dev/jna/",
      "/org/fusesource/jansi/");

  @Test
  @Timeout(120)
  void sqllineRunsAScriptAgainstTheStandaloneDriverJar(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("script.sql");
    Files.writeString(script, """
        CREATE TABLE numbers (id BIGINT NOT NULL, label STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '5', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '5', 'fields.label.length' = '4');
        SELECT id, id * 10 AS tens, CAST(id AS VARCHAR) || '!' AS shout FROM numbers WHERE id > 2;
        SELECT COUNT(*) AS n, SUM(id) AS total FROM numbers;
        !tables
        SELECT nope FROM numbers;
        """);
    List<String> output = runSqlline(dir, script, "jdbc:sluice:?catalog.dir=" + dir.resolve("catalog"));
    String text = String.join("\n", output);

    int first = output.indexOf("'id','tens','shout'");
    assertTrue(first >= 0, text);
    assertEquals(List.of("'3','30','3!'", "'4','40','4!'", "'5','50','5!'"), output.subList(first + 1, first + 4));
    int second = output.indexOf("'n','total'");
    assertTrue(second >= 0, text);
    assertEquals("'5','15'", output.get(second + 1));
    assertTrue(output.stream().anyMatch(line -> line.contains("'numbers','TABLE'")), "!tables lists the table\n" + text);
    assertTrue(text.contains("Column 'nope' not found"), "errors reach the client with their message\n" + text);
    assertTrue(text.contains("line 1:8"), "errors carry line:column\n" + text);
    assertTrue(Files.exists(dir.resolve("catalog").resolve("table.numbers.sql")), "the catalog folder kept the DDL");
  }

  private static List<String> runSqlline(Path dir, Path script, String url) throws IOException, InterruptedException {
    Path driverJar = Path.of(System.getProperty("sluice.jdbc.jar", "target/sluice-jdbc.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(driverJar), "build the driver jar first (mvn package): " + driverJar);
    List<String> classPath = new ArrayList<>();
    classPath.add(driverJar.toString());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String normalized = entry.replace(File.separatorChar, '/');
      if (CLIENT_JARS.stream().anyMatch(normalized::contains)) {
        classPath.add(entry);
      }
    }
    assertTrue(classPath.size() > 1, "sqlline is on the test class path");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(Arrays.asList(java.toString(),
        // Arrow needs this flag unless the driver jar is started with java -jar (its manifest has Add-Opens).
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-cp", String.join(File.pathSeparator, classPath), "sqlline.SqlLine",
        "-u", url, "-n", "sluice", "-p", "none", "-d", "io.sluice.jdbc.SluiceDriver",
        "--outputformat=csv", "--showHeader=true", "--silent=true", "--run=" + script));
    Path log = dir.resolve("sqlline.out");
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("sqlline did not finish:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    return Files.readAllLines(log, StandardCharsets.UTF_8);
  }
}
