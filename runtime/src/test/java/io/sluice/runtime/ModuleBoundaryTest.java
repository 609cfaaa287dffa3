package io.sluice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The runtime executes plan specs and never sees Calcite: a planner change cannot leak into operators. */
class ModuleBoundaryTest {
  @Test
  void runtimeSourcesImportNoCalcite() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      offenders = files.filter(p -> p.toString().endsWith(".java"))
          .filter(ModuleBoundaryTest::mentionsCalcite)
          .map(Path::toString)
          .sorted()
          .toList();
    }
    assertEquals(List.of(), offenders);
  }

  private static boolean mentionsCalcite(Path file) {
    try {
      return Files.readString(file).contains("org.apache.calcite");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
