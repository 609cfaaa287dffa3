package io.sluice.shell;

import io.sluice.grammar.ScriptPart;
import io.sluice.grammar.StatementSplitter;
import io.sluice.jdbc.Outcome;
import io.sluice.jdbc.SluiceSession;
import io.sluice.runtime.exec.Job;
import io.sluice.shell.console.SqlCompleter;
import io.sluice.shell.console.SqlHighlighter;
import io.sluice.shell.render.MaterializedTable;
import io.sluice.shell.render.ResultRenderer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
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
 * them in one session and prints results: bounded ones as a table (through a pager when taller
 * than the screen), continuous ones in the Flink SQL client's result modes under a live status
 * line. Ctrl-C cancels the running query and keeps the shell; Ctrl-D leaves.
 */
final class Repl {
  static final String PROMPT = "sluice> ";
  static final String CONTINUATION = "     -> ";
  /** The environment variable that moves the history file away from {@code ~/.sluice_history}. */
  static final String HISTORY_ENV = "SLUICE_HISTORY";
  /** The session option choosing how continuous results show: {@code table}, {@code changelog} or {@code tableau}. */
  static final String RESULT_MODE_OPTION = "sql-client.execution.result-mode";
  /** The session option naming the pager command for tall bounded results, or {@code off}. */
  static final String PAGER_OPTION = "sql-client.pager";

  /** How a continuous result shows with FORMAT table, as in the Flink SQL client. */
  enum ResultMode {
    /** The current result as a table redrawn in place (rows printed as they arrive on a dumb terminal). */
    TABLE,
    /** Every change printed as it arrives, with its {@code op}. */
    CHANGELOG,
    /** Rows printed as they arrive; {@code op} only for a result that updates. */
    TABLEAU
  }

  static final String HELP = """
      Statements end with ';' and may span lines. SQL: CREATE TABLE/VIEW/MODEL, DROP, INSERT INTO
      (runs in the background), SELECT, EXPLAIN, SHOW TABLES|VIEWS|FUNCTIONS|MODELS|JOBS, DESCRIBE,
      SET 'key' = 'value', RESET.
      Shell commands (';' optional):
        HELP                             this text
        SOURCE 'file.sql'                run the statements of a file
        FORMAT table|csv|json|vertical   how results print (vertical: one 'column: value' line per field)
        MODE table|changelog|tableau     how continuous results show with FORMAT table: a table updated
                                         in place, every change with its op, or rows as they arrive
                                         (as SET 'sql-client.execution.result-mode' = '...')
        TIMING on|off                    print how long each statement took
        VERBOSE on|off                   print stack traces with errors
        STOP JOB 'job-1'                 cancel a background INSERT job (see SHOW JOBS)
        QUIT or EXIT                     leave (as Ctrl-D does)
      Tall bounded results go through $PAGER (or less -FRX); SET 'sql-client.pager' = 'off' stops it.
      Keys: Tab completes keywords, tables, columns, functions and models; Ctrl-R searches the
      history; Ctrl-C cancels the running query (or clears the input); Ctrl-D leaves.
      """;

  private static final Pattern COMMAND = Pattern.compile(
      "(?is)\\s*(help|\\?|quit|exit|source|format|mode|timing|verbose|stop\\s+job)\\b\\s*(.*?)\\s*;?\\s*");

  private final Terminal terminal;
  private final SluiceSession session;
  private final SqlCompleter completer;
  private final LineReader reader;
  private final PrintStream console;
  /** Whether the terminal is the process's own, so that a pager program can take it over. */
  private final boolean pagerAllowed;
  private ResultRenderer.Format format = ResultRenderer.Format.TABLE;
  private boolean timing;
  private boolean verbose;

  Repl(Terminal terminal, SluiceSession session, Path historyFile) {
    this(terminal, session, historyFile, false);
  }

  /** A shell that pipes tall bounded results through a pager when {@code pagerAllowed}. */
  Repl(Terminal terminal, SluiceSession session, Path historyFile, boolean pagerAllowed) {
    this.terminal = terminal;
    this.pagerAllowed = pagerAllowed;
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
      return new Repl(terminal, session, history, true).run();
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
          console.println("FORMAT takes table, csv, json or vertical (it is " + format.name().toLowerCase(Locale.ROOT)
              + ").");
        }
      }
      case "mode" -> {
        String mode = unquote(argument).toLowerCase(Locale.ROOT);
        if (List.of("table", "changelog", "tableau").contains(mode)) {
          session.setOption(RESULT_MODE_OPTION, mode);
          console.println("Continuous results show in " + mode + " mode.");
        } else {
          console.println("MODE takes table, changelog or tableau (it is " + resultMode().name().toLowerCase(Locale.ROOT)
              + ").");
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
      showBounded(out -> {
        ResultRenderer renderer = ResultRenderer.create(format, out);
        renderer.begin(rows.schema());
        List<String[]> cells = new ArrayList<>();
        for (List<Object> row : rows.rows()) {
          cells.add(row.stream().map(v -> v == null ? null : String.valueOf(v)).toArray(String[]::new));
        }
        renderer.acceptCells(cells);
        renderer.end();
      });
    } else if (outcome instanceof Outcome.Query query) {
      return runQuery(query);
    } else if (outcome instanceof Outcome.Insert insert) {
      console.println("Started " + insert.job().name() + "; SHOW JOBS lists it, STOP JOB stops it.");
    }
    return true;
  }

  private boolean runQuery(Outcome.Query query) {
    if (query.bounded()) {
      ResultRenderer[] renderer = new ResultRenderer[1];
      Job[] job = new Job[1];
      showBounded(out -> job[0] = await(query, renderer[0] = ResultRenderer.create(format, out), null));
      return report(job[0], renderer[0]);
    }
    if (!LiveDisplay.supported(terminal)) {
      // No cursor movement: every mode prints rows as they arrive.
      ResultRenderer renderer = format != ResultRenderer.Format.TABLE ? ResultRenderer.create(format, console)
          : resultMode() == ResultMode.CHANGELOG ? ResultRenderer.streaming(console).withOpColumn()
          : ResultRenderer.streaming(console);
      return report(await(query, renderer, null), renderer);
    }
    LiveDisplay display = new LiveDisplay(terminal, console);
    MaterializedTable table = null;
    ResultRenderer renderer;
    if (format != ResultRenderer.Format.TABLE) {
      renderer = ResultRenderer.create(format, display.above());
    } else {
      renderer = switch (resultMode()) {
        case TABLE -> table = new MaterializedTable();
        case CHANGELOG -> ResultRenderer.streaming(display.above()).withOpColumn();
        case TABLEAU -> ResultRenderer.streaming(display.above());
      };
    }
    return report(await(query, renderer, display.withTable(table)), renderer);
  }

  /** Runs the query until it ends or Ctrl-C cancels it, showing it on {@code display} if there is one. */
  private Job await(Outcome.Query query, ResultRenderer renderer, LiveDisplay display) {
    Job job = query.start(renderer);
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> job.cancel());
    try {
      if (display != null) {
        display.start(renderer);
      }
      job.await();
    } catch (InterruptedException e) {
      job.cancel();
      Thread.currentThread().interrupt();
    } finally {
      if (display != null) {
        display.close();
      }
      terminal.handle(Terminal.Signal.INT, previous);
    }
    return job;
  }

  /** Prints how many rows an ended query produced, or why it failed; false when it failed. */
  private boolean report(Job job, ResultRenderer renderer) {
    if (job.failure() != null) {
      printError(job.failure());
      return false;
    }
    long rows = renderer.rowCount();
    console.println(rows + (rows == 1 ? " row" : " rows") + (job.isCancelled() ? " (cancelled)" : ""));
    return true;
  }

  /** The result mode the session option chooses; table when unset. */
  private ResultMode resultMode() {
    String mode = session.options().getOrDefault(RESULT_MODE_OPTION, "table");
    try {
      return ResultMode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      console.println("'" + RESULT_MODE_OPTION + "' takes table, changelog or tableau, not '" + mode
          + "'; showing the table.");
      return ResultMode.TABLE;
    }
  }

  /**
   * Prints a bounded result that {@code print} writes: through the pager when one is configured
   * and the result is taller than the terminal, straight to the terminal otherwise.
   */
  private void showBounded(Consumer<PrintStream> print) {
    String pager = pagerCommand();
    if (pager == null || format == ResultRenderer.Format.CSV || format == ResultRenderer.Format.JSON) {
      print.accept(console);
      return;
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, false, StandardCharsets.UTF_8);
    print.accept(out);
    out.flush();
    String text = buffer.toString(StandardCharsets.UTF_8);
    // The row count line follows the result, so the result must leave room for it and the prompt.
    if (text.lines().count() <= Math.max(1, terminal.getHeight() - 2) || !page(pager, buffer.toByteArray())) {
      console.print(text);
      console.flush();
    }
  }

  /** The pager for tall bounded results, or null when results print straight to the terminal. */
  private String pagerCommand() {
    if (!pagerAllowed || !LiveDisplay.supported(terminal) || terminal.getHeight() <= 0) {
      return null;
    }
    String configured = session.options().get(PAGER_OPTION);
    if (configured != null) {
      return configured.isBlank() || configured.strip().equalsIgnoreCase("off") ? null : configured;
    }
    String environment = System.getenv("PAGER");
    if (environment != null && !environment.isBlank()) {
      return environment;
    }
    return onPath("less") ? "less -FRX" : null;
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String folder : path.split(File.pathSeparator)) {
      if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code command} through the shell with {@code text} as its input; false when it could not run. */
  private boolean page(String command, byte[] text) {
    console.flush();
    // The pager handles Ctrl-C itself; the shell must not die of it meanwhile.
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> {});
    try {
      Process process = new ProcessBuilder("sh", "-c", command)
          .redirectOutput(ProcessBuilder.Redirect.INHERIT)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      try (OutputStream input = process.getOutputStream()) {
        input.write(text);
      } catch (IOException quitEarly) {
        // The pager quit before reading everything (q in less): nothing more to show.
      }
      process.waitFor();
      return true;
    } catch (IOException e) {
      console.println("Cannot run the pager '" + command + "' (" + e.getMessage() + "); SET '" + PAGER_OPTION
          + "' = 'off' turns it off.");
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    } finally {
      terminal.handle(Terminal.Signal.INT, previous);
    }
  }

  private void printError(Throwable e) {
    console.println(Errors.describe(e));
    if (verbose) {
      e.printStackTrace(console);
    }
  }
}
