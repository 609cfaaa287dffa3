package io.sluice.jdbc;

import io.sluice.grammar.ScriptPart;
import io.sluice.parser.Statement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A folder that keeps a session's tables, views and models across sessions: one file per
 * object ({@code table.NAME.sql}, {@code view.NAME.sql}, {@code model.NAME.sql}, the name
 * URL-encoded) holding the DDL text as it was written. CREATE writes the file, DROP deletes
 * it, and a new session replays the files (tables and models first, then views).
 */
final class CatalogStore {
  private static final String SUFFIX = ".sql";

  private final Path directory;

  CatalogStore(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the catalog folder " + this.directory + ": " + e.getMessage(), e);
    }
  }

  Path directory() {
    return directory;
  }

  /** One stored object: its kind ({@code table}, {@code view}, {@code model}), name, DDL text and file. */
  record Entry(String kind, String name, String ddl, Path file) {}

  /** The stored objects in replay order: tables, then models, then views; by name within a kind. */
  List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.sorted().toList()) {
        String fileName = file.getFileName().toString();
        int dot = fileName.indexOf('.');
        if (dot < 0 || !fileName.endsWith(SUFFIX)) {
          continue;
        }
        String kind = fileName.substring(0, dot);
        if (!kind.equals("table") && !kind.equals("view") && !kind.equals("model")) {
          continue;
        }
        String name = URLDecoder.decode(fileName.substring(dot + 1, fileName.length() - SUFFIX.length()),
            StandardCharsets.UTF_8);
        entries.add(new Entry(kind, name, Files.readString(file, StandardCharsets.UTF_8), file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the catalog folder " + directory + ": " + e.getMessage(), e);
    }
    entries.sort((a, b) -> Integer.compare(order(a.kind()), order(b.kind())));
    return entries;
  }

  private static int order(String kind) {
    return switch (kind) {
      case "table" -> 0;
      case "model" -> 1;
      default -> 2;
    };
  }

  /**
   * Records the effect of a statement that succeeded: a CREATE stores its text (unless an
   * IF NOT EXISTS found the object already stored), a DROP removes the file.
   */
  void record(Statement statement, ScriptPart part) {
    if (statement instanceof Statement.CreateTable ddl) {
      store("table", last(ddl.name()), part.text(), ddl.ifNotExists());
    } else if (statement instanceof Statement.CreateView ddl) {
      store("view", last(ddl.name()), part.text(), ddl.ifNotExists() && !ddl.orReplace());
    } else if (statement instanceof Statement.CreateModel ddl) {
      store("model", last(ddl.name()), part.text(), ddl.ifNotExists());
    } else if (statement instanceof Statement.Drop drop && drop.kind() != Statement.ObjectKind.JOB
        && drop.kind() != Statement.ObjectKind.FUNCTION) {
      delete(file(drop.kind().name().toLowerCase(Locale.ROOT), last(drop.name())));
    }
  }

  private void store(String kind, String name, String ddl, boolean keepExisting) {
    Path file = file(kind, name);
    if (keepExisting && Files.exists(file)) {
      return;
    }
    try {
      // Write beside the target and move, so a crash never leaves half a statement behind.
      Path temporary = Files.createTempFile(directory, ".pending-", SUFFIX);
      Files.writeString(temporary, ddl.strip() + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  private Path file(String kind, String name) {
    return directory.resolve(kind + "." + URLEncoder.encode(name, StandardCharsets.UTF_8) + SUFFIX);
  }

  private static String last(List<String> name) {
    return name.get(name.size() - 1);
  }
}
