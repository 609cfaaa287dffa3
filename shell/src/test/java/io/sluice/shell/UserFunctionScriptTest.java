package io.sluice.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.udf.spi.ScalarFunction;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice run} of the example UDF project's demo script: the example's sources are
 * compiled with javax.tools into the jar its script registers by a path relative to the script.
 * Outputs are compared with {@code udf/*.expected} (regenerate with -Dgolden.update=true).
 */
class UserFunctionScriptTest {
  private static final Path EXAMPLE = Path.of("..", "examples", "udf").toAbsolutePath().normalize();
  private static final Path EXPECTED = Path.of("src", "test", "resources", "udf");

  @TempDir
  Path dir;

  @Test
  void exampleProjectDemoScript() throws Exception {
    buildExampleJar(dir.resolve("target").resolve("sluice-udf-example-1.0.jar"));
    Path script = dir.resolve("udf-demo.sql");
    Files.copy(EXAMPLE.resolve("udf-demo.sql"), script);
    Files.createDirectories(dir.resolve("data"));
    Files.copy(EXAMPLE.resolve("data").resolve("reviews.csv"), dir.resolve("data").resolve("reviews.csv"));
    check("udf_demo.expected", script);
  }

  @Test
  void registrationErrorsAndAFailingFunction() throws Exception {
    buildExampleJar(dir.resolve("lib").resolve("example.jar"));
    Path script = dir.resolve("errors.sql");
    Files.writeString(script, """
        CREATE FUNCTION celsius AS 'com.example.udf.Celsius' USING JAR 'lib/example.jar';
        CREATE FUNCTION IF NOT EXISTS celsius AS 'com.example.udf.Nope' USING JAR 'lib/example.jar';
        SELECT celsius(CAST(NULL AS DOUBLE)) AS nothing, celsius(50) AS ten FROM (VALUES 1) AS t(x);
        DROP FUNCTION celsius;
        DROP FUNCTION IF EXISTS celsius;
        CREATE FUNCTION slugify AS 'com.example.udf.Missing' USING JAR 'lib/example.jar';
        """);
    check("udf_errors.expected", script);
  }

  private void check(String expectedName, Path script) throws IOException {
    String actual = GoldenSqlTest.run(script, "1").replace(dir.toString(), "$DIR");
    Path expectedFile = EXPECTED.resolve(expectedName);
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(expectedFile, StandardCharsets.UTF_8), actual);
  }

  /** Compiles examples/udf/src/main/java against the SPI and Arrow and jars the classes. */
  private void buildExampleJar(Path jar) throws IOException {
    Path classes = Files.createTempDirectory(dir, "classes");
    List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
        location(ScalarFunction.class) + File.pathSeparator + location(org.apache.arrow.vector.FieldVector.class)
            + File.pathSeparator + location(org.apache.arrow.memory.BufferAllocator.class)));
    try (Stream<Path> sources = Files.walk(EXAMPLE.resolve("src/main/java"))) {
      sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> arguments.add(p.toString()));
    }
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(String[]::new)),
        "the example UDF sources compile");
    Files.createDirectories(jar.getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
