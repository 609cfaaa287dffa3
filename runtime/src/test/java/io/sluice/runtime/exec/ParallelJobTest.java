package io.sluice.runtime.exec;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.row;
import static io.sluice.runtime.testing.TestTables.run;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.plan.WatermarkSpec;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.operator.Collector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** Tests of parallel execution: splits, hash and gather exchanges, and watermark merging across channels. */
class ParallelJobTest {
  private static final Schema BID = schema(field("auction", TypeKind.BIGINT), field("price", TypeKind.BIGINT),
      new Field("date_time", DataType.of(TypeKind.TIMESTAMP)));

  private static TableSpec bids(long events) {
    return new TableSpec("bid", BID, Map.of("connector", "nexmark", "nexmark.table", "bid", "nexmark.events",
        String.valueOf(events), "batch.size", "300"), null, List.of());
  }

  private static PlanNode.Scan scan(TableSpec table) {
    return new PlanNode.Scan(table, List.of(0, 1, 2), null, table.schema());
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing((List<Object> r) -> r.toString()));
    return copy;
  }

  @Test
  void generatorSplitsTogetherProduceTheSameEventsAsOneReader() {
    PlanNode.Scan scan = scan(bids(23_456));

    List<List<Object>> one = run(scan, Map.of("parallelism", "1"));
    List<List<Object>> three = run(scan, Map.of("parallelism", "3"));

    // 46 of every 50 events are bids.
    assertEquals(23_456 / 50 * 46 + Math.max(0, 23_456 % 50 - 4), one.size());
    assertEquals(sorted(one), sorted(three));
  }

  @Test
  void keyedAggregateBehindAHashExchangeMatchesTheSingleThreadedResult() {
    PlanNode.Scan scan = scan(bids(40_000));
    Schema out = schema(field("auction", TypeKind.BIGINT), field("num", TypeKind.BIGINT),
        field("top", TypeKind.BIGINT));
    PlanNode.Aggregate aggregate = new PlanNode.Aggregate(scan, List.of(0), List.of(
        new AggregateCall(AggregateKind.COUNT, List.of(), false, -1, DataType.of(TypeKind.BIGINT), "num"),
        new AggregateCall(AggregateKind.MAX, List.of(1), false, -1, DataType.of(TypeKind.BIGINT), "top")), out);

    List<List<Object>> one = run(aggregate, Map.of("parallelism", "1"));
    List<List<Object>> parallel = run(aggregate, Map.of("parallelism", "2"));

    assertTrue(one.size() > 100, "expected many auctions, got " + one.size());
    assertEquals(sorted(one), sorted(parallel));
    assertEquals(36_800L, parallel.stream().mapToLong(r -> (Long) r.get(1)).sum());
  }

  @Test
  void serialLeafFeedsAKeyedAggregateOnEveryWorker() {
    Schema in = schema(field("k", TypeKind.BIGINT), field("v", TypeKind.BIGINT));
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < 1000; i++) {
      rows.add(row(i % 7, i));
    }
    PlanNode.Aggregate sum = new PlanNode.Aggregate(new PlanNode.Values(in, rows), List.of(0), List.of(
        new AggregateCall(AggregateKind.SUM, List.of(1), false, -1, DataType.of(TypeKind.BIGINT), "s")),
        schema(field("k", TypeKind.BIGINT), field("s", TypeKind.BIGINT)));

    assertEquals(sorted(run(sum, Map.of("parallelism", "1"))), sorted(run(sum, Map.of("parallelism", "4"))));
  }

  @Test
  void channelReaderEmitsTheMinimumWatermarkOfItsSendersAndEndsAfterAll() {
    Channel channel = new Channel(2);
    ChannelReader reader = new ChannelReader(channel);
    List<Long> watermarks = new ArrayList<>();
    Collector out = new Collector() {
      @Override
      public void emit(Batch batch) {}

      @Override
      public void emitWatermark(long watermark) {
        watermarks.add(watermark);
      }
    };
    send(channel, 0, 100, false);
    send(channel, 1, 50, false);
    send(channel, 1, 200, false);
    send(channel, 0, 0, true);
    send(channel, 1, 300, false);
    send(channel, 1, 0, true);

    List<Object> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      statuses.add(reader.poll(out));
    }

    // 100 alone is not yet a watermark (sender 1 has none); then min(100, 50), min(100, 200);
    // after sender 0 ends, sender 1 alone decides.
    assertEquals(List.of(50L, 100L, 200L, 300L), watermarks);
    assertEquals(io.sluice.runtime.connector.SourceReader.Status.END, statuses.get(5));
  }

  private static void send(Channel channel, int sender, long watermark, boolean end) {
    channel.send(new Channel.Message(sender, null, new ConcurrentLinkedQueue<>(), watermark, end), () -> false);
  }

  @Test
  void watermarkedGeneratorTableEndsWithTheFinalWatermarkThroughExchanges() {
    TableSpec table = new TableSpec("bid", BID, Map.of("connector", "nexmark", "nexmark.table", "bid",
        "nexmark.events", "5000"), new WatermarkSpec(2,
        new io.sluice.plan.ExprSpec.InputRef(2, DataType.of(TypeKind.TIMESTAMP)), "date_time"), List.of());
    Schema out = schema(field("n", TypeKind.BIGINT));
    PlanNode.Aggregate count = new PlanNode.Aggregate(scan(table), List.of(), List.of(
        new AggregateCall(AggregateKind.COUNT, List.of(), false, -1, DataType.of(TypeKind.BIGINT), "n")), out);

    assertEquals(List.of(row(4600L)), run(count, Map.of("parallelism", "2")));
  }
  @Test
  void aSharedSubplanRunsOnceAndFeedsEachOfItsUses() throws Exception {
    PlanNode.Scan scan = scan(bids(30_000));
    Schema counted = schema(field("auction", TypeKind.BIGINT), field("num", TypeKind.BIGINT));
    // One aggregate instance used twice: by a keyed self-join and, through a Calc, by a union.
    PlanNode.Aggregate perAuction = new PlanNode.Aggregate(scan, List.of(0), List.of(
        new AggregateCall(AggregateKind.COUNT, List.of(), false, -1, DataType.of(TypeKind.BIGINT), "num")), counted);
    Schema joined = schema(field("auction", TypeKind.BIGINT), field("num", TypeKind.BIGINT),
        field("auction0", TypeKind.BIGINT), field("num0", TypeKind.BIGINT));
    PlanNode.Join self = new PlanNode.Join(perAuction, perAuction, io.sluice.plan.JoinKind.INNER, List.of(0),
        List.of(0), null, true, joined);
    PlanNode.Calc firstTwo = new PlanNode.Calc(self, List.of(new io.sluice.plan.ExprSpec.InputRef(0,
        DataType.of(TypeKind.BIGINT)), new io.sluice.plan.ExprSpec.InputRef(3, DataType.of(TypeKind.BIGINT))), null,
        counted);
    PlanNode.Union both = new PlanNode.Union(List.of(perAuction, firstTwo), counted);

    List<List<Object>> one = run(both, Map.of("parallelism", "1"));
    io.sluice.runtime.testing.TestTables.Collecting consumer = new io.sluice.runtime.testing.TestTables.Collecting();
    Job job = new JobBuilder(new io.sluice.plan.PhysicalPlan(both, new io.sluice.plan.SinkSpec.Result()))
        .resultConsumer(consumer).calcProvider(io.sluice.runtime.operator.CalcProvider.COMPILER)
        .options(Map.of("parallelism", "2")).build();
    job.run();

    assertEquals(sorted(one), sorted(consumer.rows()));
    assertTrue(one.size() > 200, "expected every auction twice, got " + one.size());
    // The three uses of the scan's rows read them once: 46 of every 50 events are bids.
    assertEquals(30_000L / 50 * 46, job.metrics().snapshot().get("bid.rows-read"));
  }
  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aSatisfiedLimitOverASharedSubplanDoesNotHoldBackItsOtherUse() {
    PlanNode.Scan scan = scan(bids(200_000));
    // The LIMIT stops reading its exchange after 5 rows; the shared scan must still feed the union's other input.
    PlanNode.Union both = new PlanNode.Union(List.of(new PlanNode.Limit(scan, 0, 5, BID), scan), BID);

    List<List<Object>> rows = run(both, Map.of("parallelism", "2"));

    assertEquals(200_000 / 50 * 46 + 5, rows.size());
  }
}
