package io.sluice.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.jdbc.SluiceSession;
import io.sluice.shell.console.SqlHighlighter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell driven through a JLine dumb terminal: keystrokes go in through a pipe, the
 * screen is what the terminal printed.
 */
@Timeout(60)
class ReplTest {
  private static final String TICKS = "CREATE TABLE ticks (id BIGINT, v INT) WITH ('connector' = 'datagen', "
      + "'rows-per-second' = '50', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', "
      + "'fields.id.end' = '1000000000');";

  @TempDir
  Path dir;

  private PipedOutputStream keys;
  private Screen screen;
  private Terminal terminal;
  private SluiceSession session;
  private Repl repl;
  private Thread shell;
  private volatile int exitCode = -1;

  @BeforeEach
  void openShell() throws IOException {
    keys = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keys, 1 << 16);
    screen = new Screen();
    terminal = new DumbTerminal("test", Terminal.TYPE_DUMB, in, screen, StandardCharsets.UTF_8);
    session = new SluiceSession(dir);
    repl = new Repl(terminal, session, dir.resolve("history"));
    shell = new Thread(() -> exitCode = repl.run(), "shell-under-test");
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

  @Test
  void aStatementSpansLinesUntilItsSemicolon() throws Exception {
    type("SELECT x,\n");
    type("  x * 2 AS twice\n");
    type("FROM (VALUES 1, 2) AS t(x);\n");
    screen.await(s -> s.contains("2 rows"));
    String text = screen.text();
    assertTrue(text.contains(Repl.CONTINUATION), "continuation lines show their own prompt\n" + text);
    assertTrue(text.contains("| x | twice |"), text);
    assertTrue(text.contains("| 2 |     4 |"), text);
  }

  @Test
  void anErrorShowsItsPositionAndTheShellGoesOn() throws Exception {
    type("SELECT nope\nFROM (VALUES 1) AS t(x);\n");
    screen.await(s -> s.contains("not found"));
    type("SELECT 41 + 1 AS answer;\n");
    screen.await(s -> s.contains("1 row"));
    String text = screen.text();
    assertTrue(text.contains("line 1:8: Column 'nope' not found"), text);
    assertTrue(text.contains("SELECT nope\n       ^"), "a caret under the column\n" + text);
    assertTrue(text.contains("|     42 |"), text);
  }

  @Test
  void ctrlCCancelsAContinuousQueryAndReturnsToThePrompt() throws Exception {
    type(TICKS + "\n");
    screen.await(s -> s.contains("Table 'ticks' created."));
    type("SELECT id, v IS NULL AS missing FROM ticks WHERE MOD(id, 2) = 0;\n");
    // Rows stream under a header while the query runs.
    screen.await(s -> s.contains("| id ") && s.matches("(?s).*\\|\\s+6 \\|.*"));
    int promptsBefore = screen.count(Repl.PROMPT);
    terminal.raise(Terminal.Signal.INT);
    screen.await(s -> s.contains("rows (cancelled)"));
    type("SHOW JOBS;\n");
    screen.await(s -> s.contains("CANCELLED"));
    assertTrue(screen.count(Repl.PROMPT) > promptsBefore, "the prompt came back");
    assertTrue(shell.isAlive(), "the shell keeps running");
  }

  @Test
  void helpAndShellCommands() throws Exception {
    type("help\n");
    screen.await(s -> s.contains("Ctrl-R searches"));
    type("FORMAT csv;\nSELECT 1 AS one, 'a,b' AS two;\n");
    screen.await(s -> s.contains("one,two\n1,\"a,b\"\n"));
    type("quit\n");
    shell.join(10_000);
    assertEquals(0, exitCode);
  }

  @Test
  void historyIsKeptInTheFile() throws Exception {
    type("SELECT 7 AS seven;\n");
    screen.await(s -> s.contains("1 row"));
    keys.close();
    shell.join(10_000);
    assertEquals(0, exitCode, "Ctrl-D (end of input) leaves the shell");
    List<String> lines = Files.readAllLines(dir.resolve("history"));
    assertTrue(lines.stream().anyMatch(l -> l.endsWith("SELECT 7 AS seven;")), lines.toString());
  }

  @Test
  void completionOffersCatalogObjects() throws Exception {
    session.execute("CREATE TABLE orders (order_id BIGINT, customer STRING, amount DOUBLE) WITH ("
        + "'connector' = 'datagen', 'number-of-rows' = '1')");
    session.execute("CREATE TABLE other (zeta INT) WITH ('connector' = 'blackhole')");
    session.execute("CREATE MODEL churn WITH ('type' = 'logistic_regression', 'weights' = '[1.0]')");
    assertEquals(List.of("order_id", "orders"), complete("SELECT ord", "ord"));
    assertEquals(List.of("customer"), complete("SELECT cu FROM orders", "cu"));
    assertEquals(List.of("orders.amount"), complete("SELECT orders.am", "orders.am"));
    assertEquals(List.of("SELECT"), complete("SEL", "SEL"));
    assertEquals(List.of("UPPER"), complete("SELECT UPP", "UPP"));
    assertEquals(List.of("churn"), complete("SELECT chu", "chu"));
    assertEquals(List.of(), complete("SELECT ze FROM orders", "ze"), "only the named table's columns");
  }

  /** The candidates JLine would offer with the cursor just after {@code word} in {@code line}. */
  private List<String> complete(String line, String word) {
    int cursor = line.indexOf(word) + word.length();
    ParsedLine parsed = repl.reader().getParser().parse(line, cursor, Parser.ParseContext.COMPLETE);
    assertEquals(word, parsed.word());
    List<Candidate> candidates = new ArrayList<>();
    repl.completer().complete(repl.reader(), parsed, candidates);
    return candidates.stream().map(Candidate::value).filter(v -> v.startsWith(word)).distinct().sorted().toList();
  }

  @Test
  void highlightingColoursKeywordsStringsNumbersAndComments() {
    String sql = "SELECT 'x', 42 -- note";
    AttributedString text = new SqlHighlighter().highlight(repl.reader(), sql);
    assertEquals(sql, text.toString());
    assertEquals(AttributedStyle.BOLD.foreground(AttributedStyle.BLUE), text.styleAt(0));
    assertEquals(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN), text.styleAt(sql.indexOf("'x'")));
    assertEquals(AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN), text.styleAt(sql.indexOf("42")));
    assertTrue(text.styleAt(sql.indexOf("note")).equals(text.styleAt(sql.indexOf("--"))));
    assertTrue(!text.styleAt(sql.indexOf("--")).equals(AttributedStyle.DEFAULT), "comments are styled");
  }

  /** What the terminal printed, readable while the shell writes to it. */
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

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    int count(String needle) {
      String text = text();
      int count = 0;
      for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
        count++;
      }
      return count;
    }

    void await(Predicate<String> condition) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!condition.test(text())) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the screen never showed what was expected:\n" + text());
        }
        Thread.sleep(20);
      }
    }
  }
}
