package io.sluice.jdbc;

import io.sluice.udf.spi.ScalarFunction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** A test helper that compiles Java sources with javax.tools and packages the classes into a jar. */
final class UdfJars {
  private UdfJars() {}

  /** Compiles {@code sources} (class name to source) against Sluice's SPI into {@code dir/jarName}. */
  static Path build(Path dir, String jarName, Map<String, String> sources) throws IOException {
    Path src = Files.createTempDirectory(dir, "src");
    Path classes = Files.createTempDirectory(dir, "classes");
    List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", spiClassPath()));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      arguments.add(file.toString());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    int status = compiler.run(null, null, new java.io.PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        errors.write(b);
      }
    }), arguments.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("UDF sources do not compile:\n" + errors);
    }
    Path jar = dir.resolve(jarName);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
    return jar;
  }

  /** Sluice's SPI and Arrow's vectors, which vectorised functions use. */
  private static String spiClassPath() {
    return location(ScalarFunction.class) + java.io.File.pathSeparator
        + location(org.apache.arrow.vector.FieldVector.class) + java.io.File.pathSeparator
        + location(org.apache.arrow.memory.BufferAllocator.class);
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
