package io.sluice.bench;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.format.FormatColumn;
import io.sluice.runtime.format.Formats;
import io.sluice.runtime.format.RecordDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Record decoding on one thread: Nexmark-bid-shaped records (three BIGINTs, three VARCHARs,
 * a TIMESTAMP(3)) as JSON objects or CSV lines, decoded by the connectors' {@link RecordDecoder}
 * into 4096-row Arrow batches. One operation is one batch; the {@code rows} and {@code bytes}
 * counters give rows/s and bytes/s per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.nio=ALL-UNNAMED")
public class DecodeBenchmark {
  private static final int BATCH = 4096;
  /** Distinct records cycled through, so the decoder sees varied text rather than one line. */
  private static final int RECORDS = 16 * BATCH;

  private static final Schema BIDS = new Schema(List.of(
      new Field("auction", DataType.of(TypeKind.BIGINT)), new Field("bidder", DataType.of(TypeKind.BIGINT)),
      new Field("price", DataType.of(TypeKind.BIGINT)), new Field("channel", DataType.of(TypeKind.VARCHAR)),
      new Field("url", DataType.of(TypeKind.VARCHAR)), new Field("date_time", DataType.of(TypeKind.TIMESTAMP)),
      new Field("extra", DataType.of(TypeKind.VARCHAR))));

  @Param({"json", "csv"})
  public String format;

  private byte[][] records;
  private BufferAllocator allocator;
  private VectorSchemaRoot root;
  private RecordDecoder decoder;
  private int next;

  /** Rows and bytes decoded, reported by JMH as rates. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Decoded {
    public long rows;
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
      rows = 0;
      bytes = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    records = new byte[RECORDS][];
    String[] channels = {"Google", "Facebook", "Baidu", "Apple"};
    for (int i = 0; i < RECORDS; i++) {
      long auction = 1000 + random.nextInt(100_000);
      long bidder = 1000 + random.nextInt(1_000_000);
      long price = random.nextInt(10_000_000);
      String channel = channels[random.nextInt(channels.length)];
      String url = "https://www.nexmark.com/item.htm?query=" + random.nextInt(1000) + "&channel_id=" + i;
      String time = String.format("2024-01-%02d %02d:%02d:%02d.%03d", 1 + i % 28, i % 24, i % 60, (i / 60) % 60,
          i % 1000);
      String extra = "x".repeat(random.nextInt(20, 60));
      String text = format.equals("json")
          ? "{\"auction\":" + auction + ",\"bidder\":" + bidder + ",\"price\":" + price + ",\"channel\":\"" + channel
              + "\",\"url\":\"" + url + "\",\"date_time\":\"" + time + "\",\"extra\":\"" + extra + "\"}"
          : auction + "," + bidder + "," + price + "," + channel + "," + url + "," + time + "," + extra;
      records[i] = text.getBytes(StandardCharsets.UTF_8);
    }
    allocator = new RootAllocator();
    root = ArrowTypes.createRoot(BIDS, allocator);
    List<FormatColumn> columns = new ArrayList<>();
    for (int c = 0; c < BIDS.size(); c++) {
      columns.add(new FormatColumn(BIDS.field(c).name(), BIDS.type(c), c));
    }
    TableSpec table = new TableSpec("bids", BIDS, Map.of("connector", "file", "format", format), null, List.of());
    decoder = Formats.decoder(format, table, "", columns, root.getFieldVectors().toArray(new FieldVector[0]));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    root.close();
    allocator.close();
  }

  @Benchmark
  public int decodeBatch(Decoded decoded) {
    Vectors.prepareForReuse(root);
    long bytes = 0;
    for (int row = 0; row < BATCH; row++) {
      byte[] record = records[next];
      next = next + 1 == RECORDS ? 0 : next + 1;
      decoder.decode(record, 0, record.length, row);
      bytes += record.length + 1;
    }
    root.setRowCount(BATCH);
    decoded.rows += BATCH;
    // Each record counts with its line's newline, as a file of lines holds it.
    decoded.bytes += bytes;
    return root.getRowCount();
  }
}
