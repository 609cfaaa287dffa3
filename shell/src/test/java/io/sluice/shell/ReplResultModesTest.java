package io.sluice.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.jdbc.SluiceSession;
import io.sluice.runtime.exec.Job;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell on a virtual xterm (a JLine terminal over pipes, with its line discipline: a typed
 * Ctrl-C raises the interrupt signal): continuous results in the table, changelog and tableau
 * modes with the live status line, and tall bounded results through the pager.
 */
@Timeout(90)
class ReplResultModesTest {
  private static final String CTRL_C = "\u0003";
  /** xterm's cursor_up and clr_eos, which an in-place redraw sends. */
  private static final String CURSOR_UP = "\u001b[A";
  private static final String CLEAR_BELOW = "\u001b[J";
  private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]|\u001b[=>]|\r");
  private static final Pattern ROWS_IN_TABLE = Pattern.compile("(\\d+) rows, \\1 changes");
  private static final String CLICKS = "CREATE TABLE clicks (id BIGINT, ts TIMESTAMP(3), "
      + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen', 'rows-per-second' = '200', "
      + "'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '1000000000');";
  private static final String PER_SECOND = "SELECT window_start, MOD(id, 2) AS parity, COUNT(*) AS clicks "
      + "FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' SECOND)) "
      + "GROUP BY window_start, window_end, MOD(id, 2);";

  @TempDir
  Path dir;

  private PipedOutputStream keys;
  private Screen screen;
  private Terminal terminal;
  private SluiceSession session;
  private Thread shell;

  @BeforeEach
  void openShell() throws IOException {
    keys = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keys, 1 << 16);
    screen = new Screen();
    terminal = new ExternalTerminal("test", "xterm", in, screen, StandardCharsets.UTF_8);
    terminal.setSize(new Size(100, 24));
    session = new SluiceSession(dir);
    Repl repl = new Repl(terminal, session, dir.resolve("history"), true);
    shell = new Thread(repl::run, "shell-under-test");
    shell.start();
  }

  @AfterEach
  void closeShell() throws Exception {
    keys.close();
    shell.join(10_000);
    session.close();
    terminal.close();
  }

  private void type(String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  /** Types a statement and waits until the shell has printed what it answered. */
  private void run(String statement, String answer) throws Exception {
    type(statement + "\r");
    screen.await(s -> s.contains(answer));
  }

  @Test
  void tableModeRedrawsAWindowedResultInPlaceUnderAStatusLine() throws Exception {
    run(CLICKS, "Table 'clicks' created.");
    type(PER_SECOND + "\r");
    // At least two windows closed (two rows each), the table redrawn in place as they did.
    screen.await(s -> ROWS_IN_TABLE.matcher(s).results().anyMatch(m -> Integer.parseInt(m.group(1)) >= 4));
    String raw = screen.raw();
    assertTrue(raw.contains(CURSOR_UP) && raw.contains(CLEAR_BELOW), "the table is redrawn in place");
    String text = screen.text();
    assertTrue(count(text, "| window_start ") >= 2, "the header is drawn again with each redraw\n" + text);
    assertTrue(Pattern.compile("\\| \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.000 \\|\\s+[01] \\|\\s+\\d+ \\|")
        .matcher(text).find(), "window rows\n" + text);
    assertTrue(Pattern.compile("rows, \\d+ changes \\| [0-9.]+/s \\| watermark \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} "
        + "\\| 0:00:\\d\\d \\| Ctrl-C cancels").matcher(text).find(), "the status line\n" + text);
    cancelAndSeeThePrompt();
  }

  @Test
  void changelogModeShowsTheOpOfEveryChange() throws Exception {
    run(CLICKS, "Table 'clicks' created.");
    run("MODE changelog", "Continuous results show in changelog mode.");
    type("SELECT MOD(id, 3) AS k, COUNT(*) AS n FROM clicks GROUP BY MOD(id, 3);\r");
    screen.await(s -> Pattern.compile("\\| -U +\\| +\\d \\|").matcher(s).find()
        && Pattern.compile("\\| \\+U +\\| +\\d \\|").matcher(s).find() && s.contains(" rows | "));
    String text = screen.text();
    assertTrue(text.contains("| op "), "the op column leads\n" + text);
    assertTrue(Pattern.compile("\\| \\+I +\\| +\\d \\| +1 \\|").matcher(text).find(), "the first row per key\n" + text);
    cancelAndSeeThePrompt();
    // An append-only result shows its op too in changelog mode.
    type(PER_SECOND + "\r");
    screen.await(s -> Pattern.compile("\\| \\+I +\\| \\d{4}-").matcher(s).find());
    cancelAndSeeThePrompt();
  }

  @Test
  void tableauModePrintsRowsAsTheyArriveWithoutAnOp() throws Exception {
    run(CLICKS, "Table 'clicks' created.");
    run("SET '" + Repl.RESULT_MODE_OPTION + "' = 'tableau';", "set to 'tableau'");
    type(PER_SECOND + "\r");
    screen.await(s -> Pattern.compile("\\| \\d{4}-\\d\\d-\\d\\d [0-9:.]+ \\|\\s+[01] \\|").matcher(s).find());
    String text = screen.text();
    assertFalse(text.contains("| op "), text);
    assertFalse(screen.raw().contains(CLEAR_BELOW), "rows are printed, never redrawn");
    cancelAndSeeThePrompt();
  }

  /** Presses Ctrl-C while a continuous query runs: the job is cancelled and the prompt comes back. */
  private void cancelAndSeeThePrompt() throws Exception {
    int prompts = count(screen.text(), Repl.PROMPT);
    type(CTRL_C);
    screen.await(s -> s.contains("(cancelled)") && count(s, Repl.PROMPT) > prompts);
    for (Job job : session.jobs().values()) {
      assertTrue(job.isDone(), job.name() + " has ended");
    }
    assertTrue(session.jobs().values().stream().anyMatch(Job::isCancelled));
    assertTrue(shell.isAlive(), "the shell keeps running");
  }

  @Test
  void aTallBoundedResultGoesThroughThePagerUnlessItIsOff() throws Exception {
    Path paged = dir.resolve("paged.txt");
    String tall = "SELECT x FROM (VALUES " + IntStream.rangeClosed(101, 130).mapToObj(String::valueOf)
        .collect(Collectors.joining(", ")) + ") AS t(x);";
    run("SET '" + Repl.PAGER_OPTION + "' = 'cat > " + paged + "';", "set to");
    run(tall, "30 rows");
    String pager = Files.readString(paged);
    assertTrue(pager.startsWith("+-----+\n| x   |\n+-----+\n| 101 |\n"), pager);
    assertTrue(pager.endsWith("| 130 |\n+-----+\n"), pager);
    assertFalse(screen.text().contains("| 130 |"), "the pager showed the table, not the shell");

    run("SELECT 7 AS short;", "1 row");
    assertTrue(screen.text().contains("|     7 |"), "a result that fits prints directly");
    assertEquals(pager, Files.readString(paged), "the pager was not started");

    run("SET '" + Repl.PAGER_OPTION + "' = 'off';", "set to 'off'");
    type(tall + "\r");
    screen.await(s -> count(s, "30 rows") == 2);
    assertTrue(screen.text().contains("| 130 |"), "with the pager off the table prints directly");
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      count++;
    }
    return count;
  }

  /** What the terminal printed, readable while the shell writes to it: raw, or without escape sequences. */
  private static final class Screen extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    synchronized String raw() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    String text() {
      return ESCAPES.matcher(raw()).replaceAll("");
    }

    void await(Predicate<String> condition) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!condition.test(text())) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the screen never showed what was expected:\n" + raw());
        }
        Thread.sleep(20);
      }
    }
  }
}
