package io.sluice.shell;

import io.sluice.shell.render.ResultRenderer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code sluice} command: the interactive shell, {@code run}, {@code -e}, {@code explain}, {@code bench}. */
public final class Main {
  static final String USAGE = """
      Usage:
        sluice                                  open the interactive shell
        sluice run FILE.sql [--format FORMAT]   run the statements of a script
        sluice -e 'SQL' [--format FORMAT]       run statements given on the command line
        sluice explain FILE.sql                 print the plans of a script's queries without running them
        sluice bench nexmark [OPTIONS]          run the Nexmark benchmark (sluice bench nexmark --help)
        sluice --help                           show this help

      FORMAT is table (default), csv (a header line, then RFC 4180 rows), json (one object per row)
      or vertical (one 'column: value' line per field, records under '-[ RECORD n ]').
      Query results go to stdout; status messages and errors go to stderr.
      The exit code is 0 on success and 1 when a statement fails.
      """;

  private Main() {}

  public static void main(String[] args) {
    // Arrow checks every buffer access against the buffer's bounds unless told otherwise; the
    // engine's kernels index within row counts they maintain, and the checks cost a third of a
    // join-heavy query's time. Must be set before Arrow's BoundsChecking class loads.
    if (System.getProperty("arrow.enable_unsafe_memory_access") == null) {
      System.setProperty("arrow.enable_unsafe_memory_access", "true");
    }
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    System.exit(run(args, out, System.err));
  }

  /** Runs the command and returns its exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> rest = new ArrayList<>(List.of(args));
    if (rest.size() >= 1 && rest.get(0).equals("bench")) {
      // bench has its own options, --format among them.
      if (rest.size() < 2 || !rest.get(1).equals("nexmark") || rest.contains("--help")) {
        (rest.contains("--help") ? out : err).printf(NexmarkBench.USAGE, String.join(", ", NexmarkBench.QUERIES.keySet()));
        return rest.contains("--help") ? 0 : 2;
      }
      return new NexmarkBench(out, err).run(rest.subList(2, rest.size()));
    }
    ResultRenderer.Format format = ResultRenderer.Format.TABLE;
    int formatAt = rest.indexOf("--format");
    if (formatAt >= 0) {
      if (formatAt + 1 >= rest.size()) {
        err.println("--format needs a value: table, csv, json or vertical");
        return 2;
      }
      try {
        format = ResultRenderer.Format.valueOf(rest.get(formatAt + 1).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        err.println("Unknown format '" + rest.get(formatAt + 1) + "'; use table, csv, json or vertical");
        return 2;
      }
      rest.remove(formatAt + 1);
      rest.remove(formatAt);
    }
    if (rest.isEmpty()) {
      return Repl.interactive(err);
    }
    String command = rest.get(0);
    switch (command) {
      case "--help", "-h", "help" -> {
        out.print(USAGE);
        return 0;
      }
      case "run", "explain" -> {
        if (rest.size() != 2) {
          err.print(USAGE);
          return 2;
        }
        Path file = Path.of(rest.get(1));
        String script;
        try {
          script = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
          err.println("No such file: " + rest.get(1));
          return 1;
        } catch (IOException e) {
          err.println("Cannot read " + rest.get(1) + ": " + e.getMessage());
          return 1;
        }
        ScriptRunner runner = new ScriptRunner(format, out, err);
        Path folder = file.toAbsolutePath().getParent();
        return command.equals("run") ? runner.run(script, folder) : runner.explain(script, folder);
      }
      case "-e" -> {
        if (rest.size() != 2) {
          err.print(USAGE);
          return 2;
        }
        return new ScriptRunner(format, out, err).run(rest.get(1), Path.of(""));
      }
      default -> {
        err.println("Unknown command '" + command + "'.");
        err.print(USAGE);
        return 2;
      }
    }
  }
}
