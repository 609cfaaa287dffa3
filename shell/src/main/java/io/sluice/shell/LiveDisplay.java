package io.sluice.shell;

import io.sluice.runtime.batch.DateTimes;
import io.sluice.shell.render.MaterializedTable;
import io.sluice.shell.render.ResultRenderer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.utils.Curses;
import org.jline.utils.InfoCmp.Capability;

/**
 * The screen of a continuous query on a terminal that can move its cursor: a status line
 * (rows, rows/s, watermark, elapsed time) at the bottom, refreshed in place, under either the
 * rows printed as they arrive or, in the {@code table} result mode, the current result redrawn
 * in place. Redraws happen on a timer, at most {@link #REDRAWS_PER_SECOND} a second, however
 * fast rows arrive.
 */
final class LiveDisplay implements AutoCloseable {
  static final int REDRAWS_PER_SECOND = 5;
  /** Used when the terminal does not know its size. */
  private static final int DEFAULT_WIDTH = 80;
  private static final int DEFAULT_HEIGHT = 24;

  private final Terminal terminal;
  private final PrintStream console;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "sluice-live-display");
    thread.setDaemon(true);
    return thread;
  });
  private final long started = System.nanoTime();
  private ResultRenderer renderer;
  private MaterializedTable table;
  /** Lines of the last table frame, above the status line. */
  private int frameLines;
  private boolean statusShown;
  private long sampleRows;
  private long sampleNanos = started;
  private double rowsPerSecond;

  LiveDisplay(Terminal terminal, PrintStream console) {
    this.terminal = terminal;
    this.console = console;
  }

  /** Whether the terminal can move its cursor up and clear lines, which redrawing needs. */
  static boolean supported(Terminal terminal) {
    return !terminal.getType().startsWith(Terminal.TYPE_DUMB)
        && terminal.getStringCapability(Capability.cursor_up) != null
        && terminal.getStringCapability(Capability.clr_eos) != null
        && terminal.getStringCapability(Capability.clr_eol) != null;
  }

  /** A stream for a renderer that prints rows as they arrive: each flush prints above the status line. */
  PrintStream above() {
    return new PrintStream(new OutputStream() {
      private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

      @Override
      public void write(int b) {
        pending.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
      }

      @Override
      public void flush() {
        if (pending.size() > 0) {
          printAbove(pending.toString(StandardCharsets.UTF_8));
          pending.reset();
        }
      }
    }, false, StandardCharsets.UTF_8);
  }

  /** Draws {@code table} (when not null) above the status line; call before {@link #start}. */
  LiveDisplay withTable(MaterializedTable table) {
    this.table = table;
    return this;
  }

  /** Starts refreshing the screen for the rows and watermark {@code renderer} sees. */
  void start(ResultRenderer renderer) {
    this.renderer = renderer;
    long period = 1000 / REDRAWS_PER_SECOND;
    timer.scheduleAtFixedRate(this::refresh, 0, period, TimeUnit.MILLISECONDS);
  }

  private synchronized void printAbove(String text) {
    StringBuilder out = new StringBuilder();
    clearStatus(out);
    out.append(text);
    appendStatus(out);
    write(out);
  }

  /** Draws the table if it changed, and the status line. */
  synchronized void refresh() {
    StringBuilder out = new StringBuilder();
    if (table != null && table.takeChanged()) {
      clearStatus(out);
      if (frameLines > 0) {
        // Back to the first line of the previous frame, then clear everything below.
        Curses.tputs(out, terminal.getStringCapability(Capability.cursor_up));
        for (int i = 1; i < frameLines; i++) {
          Curses.tputs(out, terminal.getStringCapability(Capability.cursor_up));
        }
        Curses.tputs(out, terminal.getStringCapability(Capability.clr_eos));
      }
      List<String> frame = table.frame(width() - 1, height() - 1);
      for (String line : frame) {
        out.append(line).append('\n');
      }
      frameLines = frame.size();
    } else {
      clearStatus(out);
    }
    appendStatus(out);
    write(out);
  }

  private void clearStatus(StringBuilder out) {
    if (statusShown) {
      out.append('\r');
      Curses.tputs(out, terminal.getStringCapability(Capability.clr_eol));
    }
  }

  private void appendStatus(StringBuilder out) {
    if (renderer == null) {
      return;
    }
    long now = System.nanoTime();
    long rows = renderer.rowCount();
    if (now - sampleNanos >= TimeUnit.SECONDS.toNanos(1) || sampleNanos == started) {
      double seconds = Math.max(1e-3, (now - sampleNanos) / 1e9);
      rowsPerSecond = (rows - sampleRows) / seconds;
      sampleRows = rows;
      sampleNanos = now;
    }
    String line = status(rows, table == null ? -1 : table.size(), rowsPerSecond, renderer.currentWatermark(),
        now - started);
    out.append(line.length() >= width() ? line.substring(0, width() - 1) : line);
    statusShown = true;
  }

  private void write(StringBuilder out) {
    console.print(out);
    console.flush();
  }

  /**
   * The status line: rows received (and, in table mode, rows in the result now), the recent
   * rate, the watermark (UTC) and the elapsed time.
   */
  static String status(long rows, long current, double rowsPerSecond, long watermark, long elapsedNanos) {
    StringBuilder line = new StringBuilder();
    if (current >= 0) {
      line.append(current).append(current == 1 ? " row, " : " rows, ").append(rows).append(rows == 1 ? " change" : " changes");
    } else {
      line.append(rows).append(rows == 1 ? " row" : " rows");
    }
    line.append(String.format(Locale.ROOT, " | %.1f/s | watermark ", rowsPerSecond));
    if (watermark == Long.MIN_VALUE) {
      line.append('-');
    } else if (watermark == Long.MAX_VALUE) {
      line.append("end");
    } else {
      DateTimes.appendTimestamp(line, watermark, 3);
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(elapsedNanos);
    line.append(String.format(Locale.ROOT, " | %d:%02d:%02d | Ctrl-C cancels", seconds / 3600, seconds / 60 % 60,
        seconds % 60));
    return line.toString();
  }

  private int width() {
    int width = terminal.getWidth();
    return width > 1 ? width : DEFAULT_WIDTH;
  }

  private int height() {
    int height = terminal.getHeight();
    return height > 5 ? height : DEFAULT_HEIGHT;
  }

  /** Stops the timer, draws the final state and leaves the cursor on a fresh line below it. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (renderer != null) {
        refresh();
      }
      if (statusShown) {
        console.print('\n');
        console.flush();
      }
    }
  }
}
