package io.sluice.bench;

import io.sluice.jdbc.Outcome;
import io.sluice.jdbc.SluiceSession;
import io.sluice.runtime.connector.NexmarkCsvWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nexmark q0-q2 over one CSV file of bids, on one thread: the engine (SQL into a blackhole
 * table, parallelism 1) against a hand-written loop that decodes the same bytes into the
 * same Arrow vectors and applies the query. Scores are milliseconds per file; the ratio
 * engine/baseline says how far the engine is from this limit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.nio=ALL-UNNAMED")
public class NexmarkBaselineBenchmark {
  private static final int BATCH = 4096;

  @Param({"q0", "q1", "q2"})
  public String query;

  @Param({"500000"})
  public long events;

  private Path directory;
  private byte[] bytes;
  private BufferAllocator allocator;
  private BigIntVector auction;
  private BigIntVector bidder;
  private BigIntVector price;
  private TimeStampMilliVector dateTime;
  private VarCharVector extra;
  private DecimalVector scaledPrice;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    directory = Files.createTempDirectory("sluice-bench");
    new NexmarkCsvWriter(42, 1_704_067_200_000L, 10_000).write(directory, events, 1);
    bytes = Files.readAllBytes(directory.resolve("bid/part-0.csv"));
    allocator = new RootAllocator();
    auction = new BigIntVector("auction", allocator);
    bidder = new BigIntVector("bidder", allocator);
    price = new BigIntVector("price", allocator);
    dateTime = new TimeStampMilliVector("date_time", allocator);
    extra = new VarCharVector("extra", allocator);
    scaledPrice = new DecimalVector("price", allocator, 24, 3);
    for (var vector : new org.apache.arrow.vector.FieldVector[] {auction, bidder, price, dateTime, extra, scaledPrice}) {
      vector.setInitialCapacity(BATCH);
      vector.allocateNew();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    auction.close();
    bidder.close();
    price.close();
    dateTime.close();
    extra.close();
    scaledPrice.close();
    allocator.close();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** The engine: the query as SQL into a blackhole table, on one thread. */
  @Benchmark
  public long engine() throws InterruptedException {
    try (SluiceSession session = new SluiceSession()) {
      session.setOption("parallelism", "1");
      session.execute("CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, "
          + "date_time TIMESTAMP(3), extra STRING) WITH ('connector' = 'file', 'path' = '"
          + directory.resolve("bid") + "', 'format' = 'csv')");
      String select = switch (query) {
        case "q0" -> "SELECT auction, bidder, price, date_time, extra FROM bid";
        case "q1" -> "SELECT auction, bidder, 0.908 * price AS price, date_time, extra FROM bid";
        default -> "SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0";
      };
      String columns = query.equals("q2") ? "auction BIGINT, price BIGINT"
          : "auction BIGINT, bidder BIGINT, price " + (query.equals("q1") ? "DECIMAL(24, 3)" : "BIGINT")
              + ", date_time TIMESTAMP(3), extra STRING";
      session.execute("CREATE TABLE sink (" + columns + ") WITH ('connector' = 'blackhole')");
      var job = ((Outcome.Insert) session.execute("INSERT INTO sink " + select)).job();
      job.await();
      if (job.failure() != null) {
        throw new IllegalStateException(job.failure());
      }
      return job.metrics().snapshot().getOrDefault("sink.rows-written", 0L);
    }
  }

  /**
   * The limit: a loop that knows the file layout, parses each line's bytes into the
   * vectors (skipping channel and url) and applies the query to each full batch.
   */
  @Benchmark
  public long baseline() {
    byte[] b = bytes;
    int p = 0;
    int rows = 0;
    long output = 0;
    while (p < b.length) {
      long value = 0;
      for (; b[p] != ','; p++) {
        value = value * 10 + (b[p] - '0');
      }
      auction.set(rows, value);
      value = 0;
      for (p++; b[p] != ','; p++) {
        value = value * 10 + (b[p] - '0');
      }
      bidder.set(rows, value);
      value = 0;
      for (p++; b[p] != ','; p++) {
        value = value * 10 + (b[p] - '0');
      }
      price.set(rows, value);
      for (p++; b[p] != ','; p++) {
        // channel: not read by q0-q2
      }
      for (p++; b[p] != ','; p++) {
        // url
      }
      p++;
      dateTime.set(rows, timestamp(b, p));
      p += 24;
      int start = p;
      while (b[p] != '\n') {
        p++;
      }
      extra.setSafe(rows, b, start, p - start);
      p++;
      if (++rows == BATCH) {
        output += query(rows);
        rows = 0;
      }
    }
    return output + query(rows);
  }

  /** Applies the query to a decoded batch; returns its output rows. */
  private long query(int rows) {
    switch (query) {
      case "q0" -> {
        return rows;
      }
      case "q1" -> {
        for (int r = 0; r < rows; r++) {
          scaledPrice.set(r, price.get(r) * 908);
        }
        return rows;
      }
      default -> {
        long kept = 0;
        for (int r = 0; r < rows; r++) {
          if (auction.get(r) % 123 == 0) {
            kept++;
          }
        }
        return kept;
      }
    }
  }

  /** {@code yyyy-MM-dd HH:mm:ss.SSS} at {@code p} as epoch millis. */
  private static long timestamp(byte[] b, int p) {
    int year = digits(b, p, 4);
    int month = digits(b, p + 5, 2);
    int day = digits(b, p + 8, 2);
    long days = io.sluice.runtime.batch.DateTimes.daysFromCivil(year, month, day);
    long millis = ((digits(b, p + 11, 2) * 60L + digits(b, p + 14, 2)) * 60 + digits(b, p + 17, 2)) * 1000
        + digits(b, p + 20, 3);
    return days * 86_400_000L + millis;
  }

  private static int digits(byte[] b, int p, int count) {
    int value = 0;
    for (int i = 0; i < count; i++) {
      value = value * 10 + (b[p + i] - '0');
    }
    return value;
  }
}
