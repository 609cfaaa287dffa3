package io.sluice.shell;

import io.sluice.grammar.ScriptPart;
import io.sluice.jdbc.Outcome;
import io.sluice.jdbc.SluiceSession;
import io.sluice.runtime.exec.Job;
import io.sluice.shell.render.ResultRenderer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a script statement by statement in one session: each statement runs to completion
 * (INSERT jobs and queries over bounded sources end by themselves) before the next is
 * parsed, and the first failure stops the script.
 */
final class ScriptRunner {
  private final ResultRenderer.Format format;
  private final PrintStream out;
  private final PrintStream err;
  private final java.util.Map<String, String> options;

  ScriptRunner(ResultRenderer.Format format, PrintStream out, PrintStream err) {
    this(format, out, err, java.util.Map.of());
  }

  /** A runner whose sessions start with {@code options} set, as if by SET statements. */
  ScriptRunner(ResultRenderer.Format format, PrintStream out, PrintStream err, java.util.Map<String, String> options) {
    this.format = format;
    this.out = out;
    this.err = err;
    this.options = java.util.Map.copyOf(options);
  }

  /** Runs every statement, resolving relative paths against {@code baseDirectory}; returns the exit code. */
  int run(String script, Path baseDirectory) {
    try (SluiceSession session = new SluiceSession(baseDirectory)) {
      options.forEach(session::setOption);
      Thread cancelOnExit = new Thread(session::close, "sluice-cancel-jobs");
      Runtime.getRuntime().addShutdownHook(cancelOnExit);
      try {
        for (ScriptPart part : SluiceSession.split(script)) {
          if (!runStatement(part, session::execute)) {
            return 1;
          }
        }
        return 0;
      } finally {
        removeHook(cancelOnExit);
      }
    }
  }

  /** Runs DDL and SET statements, and prints the plans of queries and INSERTs instead of running them. */
  int explain(String script, Path baseDirectory) {
    try (SluiceSession session = new SluiceSession(baseDirectory)) {
      for (ScriptPart part : SluiceSession.split(script)) {
        if (!runStatement(part, session::explainOrExecute)) {
          return 1;
        }
      }
      return 0;
    }
  }

  /** Executes one statement and prints what it produced; false when it failed (already reported). */
  private boolean runStatement(ScriptPart part, Function<ScriptPart, Outcome> action) {
    Outcome outcome;
    try {
      outcome = action.apply(part);
    } catch (RuntimeException e) {
      err.println(Errors.describe(e));
      return false;
    }
    if (outcome instanceof Outcome.Message message) {
      err.println(message.text());
      return true;
    }
    if (outcome instanceof Outcome.Text text) {
      out.print(text.text());
      out.flush();
      return true;
    }
    if (outcome instanceof Outcome.Rows rows) {
      ResultRenderer renderer = ResultRenderer.create(format, out);
      renderer.begin(rows.schema());
      List<String[]> cells = new ArrayList<>();
      for (List<Object> row : rows.rows()) {
        cells.add(row.stream().map(v -> v == null ? null : String.valueOf(v)).toArray(String[]::new));
      }
      renderer.acceptCells(cells);
      renderer.end();
      return true;
    }
    if (outcome instanceof Outcome.Query query) {
      ResultRenderer renderer = ResultRenderer.create(format, out);
      Job job = query.start(renderer);
      boolean ok = awaitJob(job);
      if (ok) {
        err.println(renderer.rowCount() + (renderer.rowCount() == 1 ? " row" : " rows") + " in result.");
      }
      return ok;
    }
    if (outcome instanceof Outcome.Insert insert) {
      boolean ok = awaitJob(insert.job());
      if (ok) {
        err.println("Inserted into '" + insert.table() + "'.");
      }
      return ok;
    }
    throw new IllegalStateException("unhandled outcome " + outcome);
  }

  private boolean awaitJob(Job job) {
    try {
      job.await();
    } catch (InterruptedException e) {
      job.cancel();
      Thread.currentThread().interrupt();
      return false;
    }
    reportSkippedRows(job);
    if (job.failure() != null) {
      err.println(Errors.describe(job.failure()));
      return false;
    }
    return true;
  }

  private void reportSkippedRows(Job job) {
    for (Map.Entry<String, Long> counter : job.metrics().snapshot().entrySet()) {
      if (counter.getKey().endsWith(".rows-skipped") && counter.getValue() > 0) {
        String table = counter.getKey().substring(0, counter.getKey().length() - ".rows-skipped".length());
        err.println("Skipped " + counter.getValue() + " bad row" + (counter.getValue() == 1 ? "" : "s")
            + " in table '" + table + "'.");
      }
      if (counter.getKey().endsWith(".udf-rows-skipped") && counter.getValue() > 0) {
        String function = counter.getKey().substring(0, counter.getKey().length() - ".udf-rows-skipped".length());
        err.println("Skipped " + counter.getValue() + " row" + (counter.getValue() == 1 ? "" : "s")
            + " on which function '" + function + "' failed.");
      }
      if (counter.getKey().endsWith(".late-rows-dropped") && counter.getValue() > 0) {
        String table = counter.getKey().substring(0, counter.getKey().length() - ".late-rows-dropped".length());
        String routedTo = job.metrics().notes().get(table + ".late-rows-table");
        err.println("Dropped " + counter.getValue() + " late row" + (counter.getValue() == 1 ? "" : "s")
            + " in table '" + table + "' (their windows had already closed)"
            + (routedTo == null ? "." : "; written to table '" + routedTo + "'."));
      }
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting and the hook is running: nothing to remove.
    }
  }
}
