package io.sluice.runtime.connector;

import io.sluice.plan.TableSpec;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/** The files a file table's {@code 'path'} names: one file, the visible files of a folder, or a glob such as {@code dir/*.json}. */
final class FileSet {
  private FileSet() {}

  /**
   * The matching regular files in name order; hidden and underscore files (writers' in-progress
   * and metadata files) are left out. A missing path is an error unless {@code mayBeEmpty}.
   */
  static List<Path> list(TableSpec table, boolean mayBeEmpty) {
    String option = table.option("path", "");
    boolean glob = option.contains("*") || option.contains("?") || option.contains("[") || option.contains("{");
    Path path = Path.of(option);
    Path folder = glob ? path.getParent() : path;
    if (!glob && Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (folder == null || !Files.isDirectory(folder)) {
      if (mayBeEmpty) {
        return List.of();
      }
      throw new ExternalDataException("Table '" + table.name() + "': path " + (glob ? folder : path) + " does not exist");
    }
    PathMatcher matcher = glob ? FileSystems.getDefault().getPathMatcher("glob:" + path.getFileName()) : p -> true;
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().startsWith("_"))
          .filter(p -> matcher.matches(p.getFileName()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ExternalDataException("Table '" + table.name() + "': cannot list " + folder + ": " + e.getMessage(), e);
    }
  }
}
