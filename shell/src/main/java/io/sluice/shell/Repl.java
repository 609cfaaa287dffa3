package io.sluice.shell;

import io.sluice.grammar.ScriptPart;
import io.sluice.grammar.StatementSplitter;
import io.sluice.jdbc.Outcome;
import io.sluice.jdbc.SluiceSession;
import io.sluice.runtime.exec.Job;
import io.sluice.shell.console.SqlCompleter;
import io.sluice.shell.console.SqlHighlighter;
import io.sluice.shell.render.ResultRenderer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell over a JLine terminal: reads statements (which may span lines and
 * end at {@code ;}) with history, completion from the live catalog and highlighting, runs
 * them in one session and prints results: bounded ones as a table, continuous ones row by
 * row as they arrive. Ctrl-C cancels the running query and keeps the shell; Ctrl-D leaves.
 */
final class Repl {
  static final String PROMPT = "sluice> ";
  static final String CONTINUATION = "     -> ";
  /** The environment variable that moves the history file away from {@code ~/.sluice_history}. */
  static final String HISTORY_ENV = "SLUICE_HISTORY";

  static final String HELP = """
      Statements end with ';' and may span lines. SQL: CREATE TABLE/VIEW/MODEL, DROP, INSERT INTO
      (runs in the background), SELECT, EXPLAIN, SHOW TABLES|VIEWS|FUNCTIONS|MODELS|JOBS, DESCRIBE,
      SET 'key' = 'value', RESET.
      Shell commands (';' optional):
        HELP                     this text
        SOURCE 'file.sql'        run the statements of a file
        FORMAT table|csv|json    how results print (continuous results stream in every format)
        TIMING on|off            print how long each statement took
        VERBOSE on|off           print stack traces with errors
        STOP JOB 'job-1'         cancel a background INSERT job (see SHOW JOBS)
        QUIT or EXIT             leave (as Ctrl-D does)
      Keys: Tab completes keywords, tables, columns, functions and models; Ctrl-R searches the
      history; Ctrl-C cancels the running query (or clears the input); Ctrl-D leaves.
      """;

  private static final Pattern COMMAND = Pattern.compile(
      "(?is)\\s*(help|\\?|quit|exit|source|format|timing|verbose|stop\\s+job)\\b\\s*(.*?)\\s*;?\\s*");

  private final Terminal terminal;
  private final SluiceSession session;
  private final SqlCompleter completer;
  private final LineReader reader;
  private final PrintStream console;
  private ResultRenderer.Format format = ResultRenderer.Format.TABLE;
  private boolean timing;
  private boolean verbose;

  Repl(Terminal terminal, SluiceSession session, Path historyFile) {
    this.terminal = terminal;
    this.session = session;
    this.completer = new SqlCompleter(session);
    this.reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("sluice")
        .completer(completer)
        .highlighter(new SqlHighlighter())
        .variable(LineReader.HISTORY_FILE, historyFile)
        // '!' belongs to SQL ('<>' is also '!='), not to bash-style history expansion.
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .build();
    this.console = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
  }

  /** Opens the shell on the process's terminal; returns the exit code. */
  static int interactive(PrintStream err) {
    String configured = System.getenv(HISTORY_ENV);
    Path history = configured != null && !configured.isBlank() ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".sluice_history");
    try (Terminal terminal = TerminalBuilder.builder().system(true).build();
        SluiceSession session = new SluiceSession()) {
      return new Repl(terminal, session, history).run();
    } catch (IOException e) {
      err.println("Cannot open the terminal: " + e.getMessage());
      return 1;
    }
  }

  LineReader reader() {
    return reader;
  }

  SqlCompleter completer() {
    return completer;
  }

  /** Reads and runs statements until Ctrl-D or QUIT; returns the exit code. */
  int run() {
    console.println("Sluice streaming SQL. End statements with ';'. HELP for help, Ctrl-C cancels a query, "
        + "Ctrl-D exits.");
    StringBuilder pending = new StringBuilder();
    try {
      while (true) {
        String line;
        try {
          line = reader.readLine(pending.length() == 0 ? PROMPT : CONTINUATION);
        } catch (UserInterruptException e) {
          pending.setLength(0);
          continue;
        } catch (EndOfFileException e) {
          return 0;
        }
        if (pending.length() == 0) {
          Matcher command = COMMAND.matcher(line);
          if (command.matches()) {
            if (!runCommand(command.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", " "), command.group(2))) {
              return 0;
            }
            continue;
          }
        }
        pending.append(line).append('\n');
        StatementSplitter.Result split = StatementSplitter.scan(pending.toString());
        if (split.incomplete()) {
          continue;
        }
        pending.setLength(0);
        for (ScriptPart part : split.parts()) {
          execute(part);
        }
      }
    } finally {
      saveHistory();
    }
  }

  private void saveHistory() {
    try {
      reader.getHistory().save();
    } catch (IOException e) {
      console.println("Cannot save the history: " + e.getMessage());
    }
  }

  /** Runs a shell command; false when the shell should end. */
  private boolean runCommand(String command, String argument) {
    switch (command) {
      case "help", "?" -> console.print(HELP);
      case "quit", "exit" -> {
        return false;
      }
      case "timing" -> timing = onOff(argument, timing, "TIMING");
      case "verbose" -> verbose = onOff(argument, verbose, "VERBOSE");
      case "format" -> {
        try {
          format = ResultRenderer.Format.valueOf(unquote(argument).toUpperCase(Locale.ROOT));
          console.println("Results print as " + format.name().toLowerCase(Locale.ROOT) + ".");
        } catch (IllegalArgumentException e) {
          console.println("FORMAT takes table, csv or json (it is " + format.name().toLowerCase(Locale.ROOT) + ").");
        }
      }
      case "source" -> source(unquote(argument));
      case "stop job" -> stopJob(unquote(argument));
      default -> throw new IllegalStateException("unhandled shell command " + command);
    }
    return true;
  }

  private boolean onOff(String argument, boolean current, String name) {
    String value = unquote(argument).toLowerCase(Locale.ROOT);
    boolean next = switch (value) {
      case "on" -> true;
      case "off" -> false;
      case "" -> !current;
      default -> {
        console.println(name + " takes on or off.");
        yield current;
      }
    };
    console.println(name + " is " + (next ? "on" : "off") + ".");
    return next;
  }

  private static String unquote(String text) {
    String trimmed = text.strip();
    if (trimmed.length() >= 2 && (trimmed.startsWith("'") && trimmed.endsWith("'")
        || trimmed.startsWith("\"") && trimmed.endsWith("\""))) {
      return trimmed.substring(1, trimmed.length() - 1);
    }
    return trimmed;
  }

  private void source(String file) {
    String script;
    try {
      script = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      console.println("Cannot read " + file + ": " + e.getMessage());
      return;
    }
    for (ScriptPart part : SluiceSession.split(script)) {
      if (!execute(part)) {
        console.println("SOURCE stopped at the first failure in " + file + ".");
        return;
      }
    }
  }

  private void stopJob(String id) {
    Job job = session.jobs().get(id);
    if (job == null) {
      console.println("No job '" + id + "'; SHOW JOBS lists them.");
    } else if (job.isDone()) {
      console.println("Job '" + id + "' has already ended.");
    } else {
      job.cancel();
      console.println("Job '" + id + "' cancelled.");
    }
  }

  /** Runs one statement and prints what it produced; false when it failed (already reported). */
  private boolean execute(ScriptPart part) {
    long start = System.nanoTime();
    boolean ok = executeAndPrint(part);
    if (timing) {
      console.printf(Locale.ROOT, "(%.3f s)%n", (System.nanoTime() - start) / 1e9);
    }
    return ok;
  }

  private boolean executeAndPrint(ScriptPart part) {
    Outcome outcome;
    try {
      outcome = session.execute(part);
    } catch (RuntimeException e) {
      printError(e);
      return false;
    }
    if (outcome instanceof Outcome.Message message) {
      console.println(message.text());
    } else if (outcome instanceof Outcome.Text text) {
      console.print(text.text());
    } else if (outcome instanceof Outcome.Rows rows) {
      ResultRenderer renderer = ResultRenderer.create(format, console);
      renderer.begin(rows.schema());
      List<String[]> cells = new ArrayList<>();
      for (List<Object> row : rows.rows()) {
        cells.add(row.stream().map(v -> v == null ? null : String.valueOf(v)).toArray(String[]::new));
      }
      renderer.acceptCells(cells);
      renderer.end();
    } else if (outcome instanceof Outcome.Query query) {
      return runQuery(query);
    } else if (outcome instanceof Outcome.Insert insert) {
      console.println("Started " + insert.job().name() + "; SHOW JOBS lists it, STOP JOB stops it.");
    }
    return true;
  }

  private boolean runQuery(Outcome.Query query) {
    // A table needs every row before it can size its columns: a continuous result streams instead.
    ResultRenderer renderer = query.bounded() || format != ResultRenderer.Format.TABLE
        ? ResultRenderer.create(format, console) : ResultRenderer.streaming(console);
    Job job = query.start(renderer);
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> job.cancel());
    try {
      job.await();
    } catch (InterruptedException e) {
      job.cancel();
      Thread.currentThread().interrupt();
    } finally {
      terminal.handle(Terminal.Signal.INT, previous);
    }
    if (job.failure() != null) {
      printError(job.failure());
      return false;
    }
    long rows = renderer.rowCount();
    console.println(rows + (rows == 1 ? " row" : " rows") + (job.isCancelled() ? " (cancelled)" : ""));
    return true;
  }

  private void printError(Throwable e) {
    console.println(Errors.describe(e));
    if (verbose) {
      e.printStackTrace(console);
    }
  }
}
