package io.sluice.shell;

import io.sluice.grammar.ScriptPart;
import io.sluice.grammar.StatementSplitter;
import io.sluice.jdbc.Outcome;
import io.sluice.jdbc.SluiceSession;
import io.sluice.runtime.exec.Job;
import io.sluice.shell.render.ResultRenderer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell: reads statements (which may span lines and end at {@code ;}),
 * runs them in one session and prints results as tables. Ctrl-C cancels the running query
 * and keeps the shell; Ctrl-D leaves it.
 */
final class Repl {
  private final PrintStream err;

  Repl(PrintStream err) {
    this.err = err;
  }

  int run() {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build();
        SluiceSession session = new SluiceSession()) {
      LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("sluice").build();
      PrintStream console = new PrintStream(terminal.output(), true, java.nio.charset.StandardCharsets.UTF_8);
      console.println("Sluice streaming SQL. End statements with ';'. Ctrl-C cancels a query, Ctrl-D exits.");
      StringBuilder pending = new StringBuilder();
      while (true) {
        String line;
        try {
          line = reader.readLine(pending.length() == 0 ? "sluice> " : "     -> ");
        } catch (UserInterruptException e) {
          pending.setLength(0);
          continue;
        } catch (EndOfFileException e) {
          return 0;
        }
        pending.append(line).append('\n');
        StatementSplitter.Result split = StatementSplitter.scan(pending.toString());
        if (split.incomplete()) {
          continue;
        }
        pending.setLength(0);
        for (ScriptPart part : split.parts()) {
          execute(session, part, terminal, console);
        }
      }
    } catch (IOException e) {
      err.println("Cannot open the terminal: " + e.getMessage());
      return 1;
    }
  }

  private void execute(SluiceSession session, ScriptPart part, Terminal terminal, PrintStream console) {
    Outcome outcome;
    try {
      outcome = session.execute(part);
    } catch (RuntimeException e) {
      console.println(Errors.describe(e));
      return;
    }
    if (outcome instanceof Outcome.Message message) {
      console.println(message.text());
    } else if (outcome instanceof Outcome.Text text) {
      console.print(text.text());
    } else if (outcome instanceof Outcome.Rows rows) {
      ResultRenderer renderer = ResultRenderer.create(ResultRenderer.Format.TABLE, console);
      renderer.begin(rows.schema());
      List<String[]> cells = new ArrayList<>();
      for (List<Object> row : rows.rows()) {
        cells.add(row.stream().map(v -> v == null ? null : String.valueOf(v)).toArray(String[]::new));
      }
      renderer.acceptCells(cells);
      renderer.end();
    } else if (outcome instanceof Outcome.Query query) {
      // Unbounded results stream as CSV lines; bounded ones print as one aligned table.
      ResultRenderer.Format format = query.bounded() ? ResultRenderer.Format.TABLE : ResultRenderer.Format.CSV;
      ResultRenderer renderer = ResultRenderer.create(format, console);
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
        console.println(Errors.describe(job.failure()));
      } else {
        long rows = renderer.rowCount();
        console.println(rows + (rows == 1 ? " row" : " rows") + (job.isCancelled() ? " (cancelled)" : ""));
      }
    } else if (outcome instanceof Outcome.Insert insert) {
      console.println("Started " + insert.job().name() + "; SHOW JOBS lists it.");
    }
  }
}
