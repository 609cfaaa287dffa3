package io.sluice.shell;

import io.sluice.jdbc.Outcome;
import io.sluice.jdbc.SluiceSession;
import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.runtime.connector.NexmarkCsvWriter;
import io.sluice.runtime.exec.Job;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The Nexmark benchmark behind {@code sluice bench nexmark}: writes the CSV data set, or
 * runs each query (read from the generator or from CSV files) into a counting blackhole
 * sink and reports events, seconds, events per second (in total and per worker), output
 * rows and peak memory. Queries the planner cannot run yet are reported, not fatal.
 */
final class NexmarkBench {
  static final String USAGE = """
      Usage:
        sluice bench nexmark [--events N] [--queries q0,q1,...] [--parallelism P]
                             [--source generator|csv --data DIR] [--format table|csv] [--warmup N]
        sluice bench nexmark --write-csv DIR [--events N] [--parallelism P]

      --events N       events of the generated stream, over persons, auctions and bids (default 10000000)
      --queries        comma-separated names (default: all); known: %s
      --parallelism P  worker threads (default: the number of cores); with --write-csv, files per table
      --source         generator (default) or csv, reading DIR/{person,auction,bid}/*.csv
      --warmup N       unmeasured runs of each query before the measured one, for the JIT (default 1; 0 = cold)
      """;

  /** Event time of event 0 and the virtual event rate, shared by the generator tables and the CSV writer. */
  private static final String BASE_TIME = "2024-01-01 00:00:00";
  private static final long EVENT_RATE = 10_000;
  private static final long SEED = 42;

  private static final String WATERMARK = "WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND";
  private static final Map<String, String> TABLES = Map.of(
      "person", "id BIGINT, name STRING, email_address STRING, credit_card STRING, city STRING, state STRING, "
          + "date_time TIMESTAMP(3), extra STRING",
      "auction", "id BIGINT, item_name STRING, description STRING, initial_bid BIGINT, reserve BIGINT, "
          + "date_time TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra STRING",
      "bid", "auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, date_time TIMESTAMP(3), "
          + "extra STRING");

  /** The queries, by name, in report order; each runs whenever the planner and runtime support it. */
  static final Map<String, String> QUERIES = new LinkedHashMap<>();

  static {
    QUERIES.put("q0", "SELECT auction, bidder, price, date_time, extra FROM bid");
    QUERIES.put("q1", "SELECT auction, bidder, 0.908 * price AS price, date_time, extra FROM bid");
    QUERIES.put("q2", "SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0");
    QUERIES.put("win_max", """
        SELECT window_start, window_end, MAX(price) AS maxprice
        FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
        GROUP BY window_start, window_end""");
    QUERIES.put("win_count_sum", """
        SELECT auction, window_start, window_end, COUNT(*) AS num, SUM(price) AS volume
        FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
        GROUP BY auction, window_start, window_end""");
    QUERIES.put("hop_count", """
        SELECT auction, window_start, window_end, COUNT(*) AS num
        FROM TABLE(HOP(TABLE bid, DESCRIPTOR(date_time), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
        GROUP BY auction, window_start, window_end""");
    QUERIES.put("q5", """
        WITH per_auction AS (
          SELECT auction, window_start AS ws, window_end AS we, COUNT(*) AS num
          FROM TABLE(HOP(TABLE bid, DESCRIPTOR(date_time), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
          GROUP BY auction, window_start, window_end)
        SELECT c.auction, c.num
        FROM per_auction c
        JOIN (SELECT ws, we, MAX(num) AS maxn FROM per_auction GROUP BY ws, we) m
          ON c.ws = m.ws AND c.we = m.we AND c.num >= m.maxn""");
    QUERIES.put("q7", """
        SELECT b.auction, b.price, b.bidder, b.date_time, b.extra
        FROM bid b
        JOIN (
          SELECT MAX(price) AS maxprice, window_end AS we
          FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
          GROUP BY window_start, window_end) m
        ON b.price = m.maxprice
        WHERE b.date_time BETWEEN m.we - INTERVAL '10' SECOND AND m.we""");
    QUERIES.put("q3", """
        SELECT p.name, p.city, p.state, a.id
        FROM auction a JOIN person p ON a.seller = p.id
        WHERE a.category = 10 AND p.state IN ('OR', 'ID', 'CA')""");
    QUERIES.put("q4", """
        SELECT w.category, AVG(w.final_price) AS avg_price
        FROM (
          SELECT a.id, a.category, MAX(b.price) AS final_price
          FROM auction a JOIN bid b ON a.id = b.auction
          WHERE b.date_time BETWEEN a.date_time AND a.expires
          GROUP BY a.id, a.category) w
        GROUP BY w.category""");
    QUERIES.put("q8", """
        SELECT p.id, p.name, p.ws AS starttime
        FROM (
          SELECT id, name, window_start AS ws, window_end AS we
          FROM TABLE(TUMBLE(TABLE person, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
          GROUP BY id, name, window_start, window_end) p
        JOIN (
          SELECT seller, window_start AS ws, window_end AS we
          FROM TABLE(TUMBLE(TABLE auction, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
          GROUP BY seller, window_start, window_end) a
        ON p.id = a.seller AND p.ws = a.ws AND p.we = a.we""");
    // Winning bids: each auction with its highest bid placed while it was open. Flink's form
    // ranks with ROW_NUMBER(); without Top-N this joins the bids back to each auction's maximum.
    QUERIES.put("q9", """
        WITH open_bids AS (
          SELECT a.id, a.item_name, a.description, a.initial_bid, a.reserve, a.date_time, a.expires, a.seller,
                 a.category, b.bidder, b.price, b.date_time AS bid_date_time
          FROM auction a JOIN bid b ON a.id = b.auction AND b.date_time BETWEEN a.date_time AND a.expires)
        SELECT o.*
        FROM open_bids o
        JOIN (SELECT id, MAX(price) AS maxprice FROM open_bids GROUP BY id) w
          ON o.id = w.id AND o.price = w.maxprice""");
  }

  /**
   * Apache Flink 2.3's events/s on this machine kind (embedded, parallelism 2, 10 M events from
   * the CSV layout, counting sink), from the performance issue; q5 takes the top of its 290-360 k range.
   */
  static final Map<String, Double> FLINK_EVENTS_PER_SECOND = Map.ofEntries(Map.entry("q0", 680e3),
      Map.entry("q1", 540e3), Map.entry("q2", 730e3), Map.entry("win_max", 500e3), Map.entry("win_count_sum", 570e3),
      Map.entry("hop_count", 500e3), Map.entry("q5", 360e3), Map.entry("q7", 130e3), Map.entry("q3", 147e3),
      Map.entry("q4", 218e3), Map.entry("q8", 133e3));

  /** One query's measurement, or why it did not run. */
  record Result(String query, long events, double seconds, double cpuSeconds, long outputRows, long peakHeap,
      long peakArrow, int parallelism, String problem) {
    double eventsPerSecond() {
      return seconds > 0 ? events / seconds : 0;
    }

    /** Events/s over Flink's figure for the query, or 0 when there is none. */
    double flinkRatio() {
      Double flink = FLINK_EVENTS_PER_SECOND.get(query);
      return flink == null ? 0 : eventsPerSecond() / flink;
    }

    /** Events per second of CPU time the process used: the per-core rate, even on a busy machine. */
    double eventsPerCpuSecond() {
      return cpuSeconds > 0 ? events / cpuSeconds : 0;
    }
  }

  private final PrintStream out;
  private final PrintStream err;

  NexmarkBench(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs {@code bench nexmark ARGS} (the arguments after {@code nexmark}); returns the exit code. */
  int run(List<String> args) {
    long events = 10_000_000;
    List<String> queries = new ArrayList<>(QUERIES.keySet());
    int parallelism = Runtime.getRuntime().availableProcessors();
    String source = "generator";
    Path data = null;
    Path writeCsv = null;
    String format = "table";
    int warmup = 1;
    try {
      for (int i = 0; i < args.size(); i++) {
        String flag = args.get(i);
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args.get(++i);
        switch (flag) {
          case "--events" -> events = Long.parseLong(value.replace("_", ""));
          case "--queries" -> queries = List.of(value.split(","));
          case "--parallelism" -> parallelism = Integer.parseInt(value);
          case "--source" -> source = value;
          case "--data" -> data = Path.of(value);
          case "--write-csv" -> writeCsv = Path.of(value);
          case "--format" -> format = value;
          case "--warmup" -> warmup = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown option " + flag);
        }
      }
      for (String query : queries) {
        if (!QUERIES.containsKey(query)) {
          throw new IllegalArgumentException("unknown query '" + query + "'");
        }
      }
      if (!source.equals("generator") && !source.equals("csv")) {
        throw new IllegalArgumentException("--source must be generator or csv, not '" + source + "'");
      }
      if (source.equals("csv") && data == null) {
        throw new IllegalArgumentException("--source csv needs --data DIR");
      }
      if (!format.equals("table") && !format.equals("csv")) {
        throw new IllegalArgumentException("--format must be table or csv, not '" + format + "'");
      }
      if (parallelism < 1 || events < 0 || warmup < 0) {
        throw new IllegalArgumentException("--parallelism, --events and --warmup must be positive");
      }
    } catch (IllegalArgumentException e) {
      err.println("bench nexmark: " + e.getMessage());
      err.printf(USAGE, String.join(", ", QUERIES.keySet()));
      return 2;
    }
    if (writeCsv != null) {
      return writeCsv(writeCsv, events, parallelism);
    }
    List<Result> results = new ArrayList<>();
    err.println(warmup == 0 ? "Cold runs: each query is measured on its first run."
        : "Each query runs " + warmup + "x unmeasured first (JIT warm-up), then measured; --warmup 0 for cold runs.");
    for (String query : queries) {
      for (int i = 0; i < warmup; i++) {
        runQuery(query, events, parallelism, source, data);
      }
      Result result = runQuery(query, events, parallelism, source, data);
      results.add(result);
      if (format.equals("table")) {
        // Print as we go: a long run shows progress.
        if (results.size() == 1) {
          out.println(tableHeader());
        }
        out.println(tableRow(result));
      }
    }
    if (format.equals("csv")) {
      out.println("query,events,seconds,events_per_second,events_per_second_per_core,events_per_cpu_second,"
          + "output_rows,peak_heap_bytes,peak_arrow_bytes,parallelism,problem,times_flink");
      for (Result r : results) {
        out.printf(Locale.ROOT, "%s,%d,%.3f,%.0f,%.0f,%.0f,%d,%d,%d,%d,%s,%.2f%n", r.query(), r.events(), r.seconds(),
            r.eventsPerSecond(), r.eventsPerSecond() / r.parallelism(), r.eventsPerCpuSecond(), r.outputRows(),
            r.peakHeap(), r.peakArrow(),
            r.parallelism(), r.problem() == null ? "" : r.problem().replace(',', ';'), r.flinkRatio());
      }
    }
    return 0;
  }

  private int writeCsv(Path directory, long events, int parts) {
    long start = System.nanoTime();
    try {
      new NexmarkCsvWriter(SEED, baseTimeMillis(), EVENT_RATE).write(directory, events, parts);
    } catch (IOException e) {
      err.println("bench nexmark: cannot write " + directory + ": " + e.getMessage());
      return 1;
    }
    err.printf(Locale.ROOT, "Wrote %d events to %s/{person,auction,bid}/part-0..%d.csv in %.1f s%n", events,
        directory, parts - 1, (System.nanoTime() - start) / 1e9);
    return 0;
  }

  /** Plans and runs one query into a blackhole table with the query's columns. */
  Result runQuery(String name, long events, int parallelism, String source, Path data) {
    try (SluiceSession session = new SluiceSession()) {
      session.setOption("parallelism", String.valueOf(parallelism));
      for (Map.Entry<String, String> table : TABLES.entrySet()) {
        session.execute("CREATE TABLE " + table.getKey() + " (" + table.getValue() + ", " + WATERMARK + ") WITH ("
            + connectorOptions(table.getKey(), events, source, data) + ")");
      }
      String sql = QUERIES.get(name);
      List<Field> fields;
      Map<String, Integer> scans = new java.util.HashMap<>();
      try {
        if (!(session.execute(sql) instanceof Outcome.Query query)) {
          throw new IllegalStateException("not a query");
        }
        fields = query.schema().fields();
        // Parallel jobs run a subplan the query uses twice once (shared scans); on one thread it runs per use.
        countScans(query.plan().root(), scans, parallelism > 1 ? Collections.newSetFromMap(new IdentityHashMap<>())
            : null);
      } catch (RuntimeException e) {
        return unsupported(name, parallelism, e);
      }
      StringJoiner columns = new StringJoiner(", ");
      for (Field field : fields) {
        columns.add("`" + field.name() + "` " + field.type().sql());
      }
      session.execute("CREATE TABLE sink (" + columns + ") WITH ('connector' = 'blackhole')");
      resetPeaks();
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      Job job;
      try {
        job = ((Outcome.Insert) session.execute("INSERT INTO sink " + sql)).job();
      } catch (RuntimeException e) {
        return unsupported(name, parallelism, e);
      }
      job.await();
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
      if (job.failure() != null) {
        return unsupported(name, parallelism, job.failure());
      }
      Map<String, Long> counters = job.metrics().snapshot();
      // Events are the input's rows, each counted once however many times the query scans its table.
      long read = 0;
      for (Map.Entry<String, Integer> table : scans.entrySet()) {
        read += counters.getOrDefault(table.getKey() + ".rows-read", 0L) / table.getValue();
      }
      return new Result(name, read, seconds, cpuSeconds, counters.getOrDefault("sink.rows-written", 0L), peakHeap(),
          job.peakArrowMemory(), parallelism, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unsupported(name, parallelism, e);
    }
  }

  /** Counts the scans of each table, each shared node once when {@code seen} is given. */
  private static void countScans(PlanNode node, Map<String, Integer> scans, Set<PlanNode> seen) {
    if (seen != null && !seen.add(node)) {
      return;
    }
    if (node instanceof PlanNode.Scan scan) {
      scans.merge(scan.table().name(), 1, Integer::sum);
    }
    node.inputs().forEach(input -> countScans(input, scans, seen));
  }

  private static Result unsupported(String name, int parallelism, Throwable e) {
    String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    return new Result(name, 0, 0, 0, 0, 0, 0, parallelism, "not supported yet: " + message);
  }

  private static String connectorOptions(String table, long events, String source, Path data) {
    if (source.equals("csv")) {
      return "'connector' = 'file', 'path' = '" + data.resolve(table).toAbsolutePath() + "', 'format' = 'csv', "
          + "'csv.header' = 'false'";
    }
    return "'connector' = 'nexmark', 'nexmark.table' = '" + table + "', 'nexmark.events' = '" + events + "', "
        + "'nexmark.event-rate' = '" + EVENT_RATE + "', 'nexmark.seed' = '" + SEED + "', "
        + "'nexmark.base-time' = '" + BASE_TIME + "'";
  }

  private static long baseTimeMillis() {
    return LocalDateTime.parse(BASE_TIME.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  /** The sum of the heap pools' peaks since the last reset: an upper bound of the peak heap in use. */
  private static long peakHeap() {
    long total = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        total += pool.getPeakUsage().getUsed();
      }
    }
    return total;
  }

  private static String tableHeader() {
    return String.format(Locale.ROOT, "%-14s %12s %9s %12s %8s %14s %14s %12s %10s %10s", "query", "events", "seconds",
        "events/s", "x Flink", "events/s/core", "events/cpu-s", "output rows", "heap MiB", "arrow MiB");
  }

  private static String tableRow(Result r) {
    if (r.problem() != null) {
      return String.format(Locale.ROOT, "%-14s %s", r.query(), r.problem());
    }
    String flink = r.flinkRatio() > 0 ? String.format(Locale.ROOT, "%.1f", r.flinkRatio()) : "-";
    return String.format(Locale.ROOT, "%-14s %,12d %9.2f %,12.0f %8s %,14.0f %,14.0f %,12d %10.0f %10.1f", r.query(),
        r.events(), r.seconds(), r.eventsPerSecond(), flink, r.eventsPerSecond() / r.parallelism(),
        r.eventsPerCpuSecond(),
        r.outputRows(),
        r.peakHeap() / 1048576.0, r.peakArrow() / 1048576.0);
  }
}
