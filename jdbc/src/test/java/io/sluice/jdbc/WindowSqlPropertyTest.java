package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Rows;
import io.sluice.runtime.exec.Job;
import io.sluice.runtime.exec.ResultConsumer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random events (random keys and values with NULLs, times shuffled within the watermark delay)
 * written to a CSV file and aggregated through SQL in TUMBLE, HOP, CUMULATE and SESSION windows
 * (window table functions, Calcite's group-window forms, and early firing folded to its final
 * results) and through OVER aggregates over a RANGE frame, with {@code SET 'parallelism' = '2'};
 * every result must equal the same aggregates computed over the finite input by plain Java here.
 */
class WindowSqlPropertyTest {
  private static final long DELAY = 3_000;
  private static final long BASE = 1_704_067_200_000L;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  @TempDir
  Path dir;
  private SluiceSession session;
  private List<Object[]> events;

  @BeforeEach
  void setUp() throws IOException {
    Random random = new Random(20_261_127);
    events = new ArrayList<>();
    List<long[]> order = new ArrayList<>();
    long time = BASE + random.nextInt(5_000);
    for (int i = 0; i < 4_000; i++) {
      time += random.nextInt(5) == 0 ? random.nextInt(4_000) : random.nextInt(150);
      events.add(new Object[] {random.nextInt(9) == 0 ? null : "k" + random.nextInt(6),
          random.nextInt(7) == 0 ? null : (long) random.nextInt(100) - 20, time});
      order.add(new long[] {time + random.nextInt((int) DELAY), i});
    }
    order.sort(Comparator.comparingLong((long[] o) -> o[0]).thenComparingLong(o -> o[1]));
    StringBuilder csv = new StringBuilder("k,v,ts\n");
    for (long[] o : order) {
      Object[] e = events.get((int) o[1]);
      csv.append(e[0] == null ? "NULL" : e[0]).append(',').append(e[1] == null ? "NULL" : e[1]).append(',')
          .append(TIME.format(Instant.ofEpochMilli((Long) e[2]))).append('\n');
    }
    Files.writeString(dir.resolve("events.csv"), csv);
    session = new SluiceSession(dir);
    session.execute("SET 'parallelism' = '2'");
    session.execute("CREATE TABLE ev (k STRING, v BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '3' SECOND)"
        + " WITH ('connector' = 'file', 'path' = 'events.csv', 'format' = 'csv', 'csv.header' = 'true',"
        + " 'csv.null-literal' = 'NULL', 'batch.size' = '64')");
  }

  @AfterEach
  void tearDown() {
    session.close();
  }

  private static final BiFunction<Long, List<long[]>, List<long[]>> TUMBLE_5S = (t, out) -> {
    long start = Math.floorDiv(t, 5_000) * 5_000;
    out.add(new long[] {start, start + 5_000});
    return out;
  };

  private static final BiFunction<Long, List<long[]>, List<long[]>> HOP_2S_10S = (t, out) -> {
    for (long start = Math.floorDiv(t, 2_000) * 2_000; start > t - 10_000; start -= 2_000) {
      out.add(new long[] {start, start + 10_000});
    }
    return out;
  };

  @Test
  void tumbleMatchesBatchOracle() throws Exception {
    check("TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '5' SECOND)", TUMBLE_5S);
  }

  @Test
  void tumbleGroupWindowMatchesBatchOracle() throws Exception {
    List<List<Object>> actual = collect((Outcome.Query) session.execute("SELECT k, TUMBLE_START(ts, INTERVAL '5' SECOND),"
        + " TUMBLE_END(ts, INTERVAL '5' SECOND), COUNT(*), COUNT(v), SUM(v), MIN(v), MAX(v)"
        + " FROM ev GROUP BY TUMBLE(ts, INTERVAL '5' SECOND), k"));
    assertSame(aggregate(assign(TUMBLE_5S)), actual);
  }

  @Test
  void hopMatchesBatchOracle() throws Exception {
    check("HOP(TABLE ev, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)", HOP_2S_10S);
  }

  @Test
  void hopGroupWindowMatchesBatchOracle() throws Exception {
    List<List<Object>> actual = collect((Outcome.Query) session.execute("SELECT k,"
        + " HOP_START(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND), HOP_END(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND),"
        + " COUNT(*), COUNT(v), SUM(v), MIN(v), MAX(v)"
        + " FROM ev GROUP BY HOP(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND), k"));
    assertSame(aggregate(assign(HOP_2S_10S)), actual);
  }

  /** Early firing on every watermark, at parallelism 2: the changelog folds to the final batch answer. */
  @Test
  void earlyFiringHopFoldsToBatchOracle() throws Exception {
    // One pipeline: across an exchange, a split reader that is late to send its (empty) end holds the
    // watermark back, and on a busy machine every row can arrive before the first early firing.
    session.execute("SET 'parallelism' = '1'");
    session.execute("SET 'window.early-fire.interval' = '0 s'");
    List<List<Object>> changes = query("HOP(TABLE ev, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)");
    Map<List<Object>, List<Object>> results = new LinkedHashMap<>();
    for (List<Object> change : changes) {
      List<Object> row = change.subList(0, change.size() - 1);
      List<Object> key = row.subList(0, 3);
      byte kind = ((Number) change.get(change.size() - 1)).byteValue();
      if (kind == 1) {
        assertEquals(results.remove(key), row, "-U repeats the last row emitted");
      } else {
        assertNull(results.put(key, row), "a +I or +U replaces no row: " + row);
      }
    }
    assertTrue(changes.size() > results.size(), "early firing emitted updates");
    assertSame(aggregate(assign(HOP_2S_10S)), new ArrayList<>(results.values()));
  }

  @Test
  void cumulateMatchesBatchOracle() throws Exception {
    check("CUMULATE(TABLE ev, DESCRIPTOR(ts), INTERVAL '3' SECOND, INTERVAL '12' SECOND)", (t, out) -> {
      long cycle = Math.floorDiv(t, 12_000) * 12_000;
      for (long end = Math.floorDiv(t, 3_000) * 3_000 + 3_000; end <= cycle + 12_000; end += 3_000) {
        out.add(new long[] {cycle, end});
      }
      return out;
    });
  }

  @Test
  void sessionMatchesBatchOracle() throws Exception {
    List<List<Object>> actual = query("SESSION(TABLE ev PARTITION BY k, DESCRIPTOR(ts), INTERVAL '2' SECOND)");
    assertSame(aggregate(sessions()), actual);
  }

  @Test
  void sessionGroupWindowMatchesBatchOracle() throws Exception {
    List<List<Object>> actual = collect((Outcome.Query) session.execute("SELECT k, SESSION_START(ts, INTERVAL '2' SECOND),"
        + " SESSION_END(ts, INTERVAL '2' SECOND), COUNT(*), COUNT(v), SUM(v), MIN(v), MAX(v)"
        + " FROM ev GROUP BY SESSION(ts, INTERVAL '2' SECOND), k"));
    assertSame(aggregate(sessions()), actual);
  }

  /** Per key, rows closer than 2 s to each other (touching counts) form one session. */
  private Map<List<Object>, List<Object[]>> sessions() {
    Map<List<Object>, List<Object[]>> groups = new LinkedHashMap<>();
    Map<String, List<Object[]>> byKey = new LinkedHashMap<>();
    for (Object[] e : events) {
      byKey.computeIfAbsent(Objects.toString(e[0]), k -> new ArrayList<>()).add(e);
    }
    for (List<Object[]> rows : byKey.values()) {
      rows.sort(Comparator.comparingLong(e -> (Long) e[2]));
      List<Object[]> session = new ArrayList<>();
      long start = 0;
      long end = 0;
      for (Object[] e : rows) {
        long t = (Long) e[2];
        if (!session.isEmpty() && t > end) {  // a row touching a session joins it
          groups.put(Arrays.asList(session.get(0)[0], start, end), session);
          session = new ArrayList<>();
        }
        if (session.isEmpty()) {
          start = t;
        }
        end = Math.max(session.isEmpty() ? 0 : end, t + 2_000);
        session.add(e);
      }
      groups.put(Arrays.asList(session.get(0)[0], start, end), session);
    }
    return groups;
  }

  @Test
  void overRangeMatchesBatchOracle() throws Exception {
    List<List<Object>> actual = collect((Outcome.Query) session.execute("SELECT k, v, ts, COUNT(*) OVER w, SUM(v) OVER w,"
        + " MAX(v) OVER w FROM ev WINDOW w AS (PARTITION BY k ORDER BY ts"
        + " RANGE BETWEEN INTERVAL '4' SECOND PRECEDING AND CURRENT ROW)"));
    List<List<Object>> expected = new ArrayList<>();
    Map<String, List<Object[]>> byKey = new LinkedHashMap<>();
    for (Object[] e : events) {
      byKey.computeIfAbsent(Objects.toString(e[0]), k -> new ArrayList<>()).add(e);
    }
    for (List<Object[]> rows : byKey.values()) {
      for (Object[] e : rows) {
        long t = (Long) e[2];
        List<Long> frame = new ArrayList<>();
        long count = 0;
        for (Object[] other : rows) {
          long u = (Long) other[2];
          if (u <= t && u >= t - 4_000) {
            count++;
            if (other[1] != null) {
              frame.add((Long) other[1]);
            }
          }
        }
        expected.add(Arrays.asList(e[0], e[1], t, count,
            frame.isEmpty() ? null : frame.stream().mapToLong(Long::longValue).sum(),
            frame.stream().max(Comparator.naturalOrder()).orElse(null)));
      }
    }
    assertSame(expected, actual);
  }

  /** Runs the window aggregation over {@code window} and compares it with rows assigned by {@code windowsOf}. */
  private void check(String window, BiFunction<Long, List<long[]>, List<long[]>> windowsOf) throws Exception {
    assertSame(aggregate(assign(windowsOf)), query(window));
  }

  /** The events of each key and window, the windows of each event given by {@code windowsOf}. */
  private Map<List<Object>, List<Object[]>> assign(BiFunction<Long, List<long[]>, List<long[]>> windowsOf) {
    Map<List<Object>, List<Object[]>> groups = new LinkedHashMap<>();
    for (Object[] e : events) {
      for (long[] w : windowsOf.apply((Long) e[2], new ArrayList<>())) {
        groups.computeIfAbsent(Arrays.asList(e[0], w[0], w[1]), g -> new ArrayList<>()).add(e);
      }
    }
    return groups;
  }

  private List<List<Object>> query(String window) throws InterruptedException {
    return collect((Outcome.Query) session.execute("SELECT k, window_start, window_end, COUNT(*), COUNT(v),"
        + " SUM(v), MIN(v), MAX(v) FROM TABLE(" + window + ") GROUP BY k, window_start, window_end"));
  }

  private List<List<Object>> collect(Outcome.Query query) throws InterruptedException {
    List<List<Object>> rows = new ArrayList<>();
    Job job = query.start(new ResultConsumer() {
      @Override
      public void accept(Batch batch) {
        synchronized (rows) {
          rows.addAll(Rows.toLists(batch, query.schema()));
        }
      }
    });
    job.await();
    assertNull(job.failure(), "the job failed");
    assertEquals(0L, job.metrics().snapshot().getOrDefault("ev.late-rows-dropped", 0L), "no row is late");
    return rows;
  }

  private static List<List<Object>> aggregate(Map<List<Object>, List<Object[]>> groups) {
    List<List<Object>> out = new ArrayList<>();
    groups.forEach((key, rows) -> {
      List<Long> v = rows.stream().map(e -> (Long) e[1]).filter(Objects::nonNull).toList();
      List<Object> row = new ArrayList<>(key);
      row.add((long) rows.size());
      row.add((long) v.size());
      row.add(v.isEmpty() ? null : v.stream().mapToLong(Long::longValue).sum());
      row.add(v.stream().min(Comparator.naturalOrder()).orElse(null));
      row.add(v.stream().max(Comparator.naturalOrder()).orElse(null));
      out.add(row);
    });
    return out;
  }

  private static void assertSame(List<List<Object>> expected, List<List<Object>> actual) {
    List<String> e = expected.stream().map(Object::toString).sorted().toList();
    List<String> a = actual.stream().map(Object::toString).sorted().toList();
    assertEquals(e.size(), a.size(), "number of windows");
    assertEquals(e, a);
  }
}
