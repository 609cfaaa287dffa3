package io.sluice.runtime.exec;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.row;
import static io.sluice.runtime.testing.TestTables.run;
import static io.sluice.runtime.testing.TestTables.schema;
import static io.sluice.runtime.testing.TestTables.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.PhysicalPlan;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.SinkSpec;
import io.sluice.plan.SortKey;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.connector.ConnectorFactory;
import io.sluice.runtime.connector.Connectors;
import io.sluice.runtime.connector.SourceReader;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.OperatorContext;
import io.sluice.runtime.operator.StreamOperator;
import io.sluice.runtime.codegen.ExpressionException;
import io.sluice.runtime.operator.CalcProvider;
import io.sluice.runtime.testing.TestTables;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JobTest {
  private static final Schema BIDS = schema(field("channel", TypeKind.VARCHAR), field("price", TypeKind.BIGINT));

  private static PlanNode.Values bids() {
    return values(BIDS, List.of(row("a", 10L), row("b", 5L), row("a", 30L), row(null, 7L), row("b", null)));
  }

  private static TableSpec datagen(String name, Map<String, String> options) {
    Map<String, String> all = new java.util.HashMap<>(options);
    all.put("connector", "datagen");
    return new TableSpec(name, schema(field("id", TypeKind.BIGINT), field("v", TypeKind.INTEGER)), all, null,
        List.of());
  }

  private static PlanNode.Scan scan(TableSpec table) {
    return new PlanNode.Scan(table, List.of(0, 1), null, table.schema());
  }

  @Test
  void valuesThroughAggregateAndSort() {
    DataType bigint = DataType.of(TypeKind.BIGINT);
    PlanNode.Aggregate aggregate = new PlanNode.Aggregate(bids(), List.of(0), List.of(
        new AggregateCall(AggregateKind.COUNT, List.of(), false, -1, bigint, "n"),
        new AggregateCall(AggregateKind.SUM, List.of(1), false, -1, bigint, "total"),
        new AggregateCall(AggregateKind.MAX, List.of(1), false, -1, bigint, "top")),
        schema(field("channel", TypeKind.VARCHAR), field("n", TypeKind.BIGINT), field("total", TypeKind.BIGINT),
            field("top", TypeKind.BIGINT)));
    PlanNode.Sort sort = new PlanNode.Sort(aggregate, List.of(new SortKey(0, false, true)), 0, -1, aggregate.schema());

    assertEquals(List.of(row(null, 1L, 7L, 7L), row("a", 2L, 40L, 30L), row("b", 2L, 5L, 5L)), run(sort));
  }

  @Test
  void boundedDatagenThroughLimit() {
    TableSpec table = datagen("gen", Map.of("number-of-rows", "100", "fields.id.kind", "sequence",
        "fields.id.start", "1", "seed", "7", "batch.size", "16"));
    PlanNode.Limit limit = new PlanNode.Limit(scan(table), 5, 3, table.schema());

    List<List<Object>> rows = run(limit);

    assertEquals(List.of(6L, 7L, 8L), rows.stream().map(r -> r.get(0)).toList());
  }

  @Test
  void restartsFromEveryCheckpointGiveTheStraightResult() throws Exception {
    TableSpec table = datagen("gen", Map.of("number-of-rows", "3000", "seed", "11", "batch.size", "50",
        "fields.v.min", "0", "fields.v.max", "40"));
    DataType bigint = DataType.of(TypeKind.BIGINT);
    PlanNode.Aggregate aggregate = new PlanNode.Aggregate(scan(table), List.of(1), List.of(
        new AggregateCall(AggregateKind.COUNT, List.of(), false, -1, bigint, "n"),
        new AggregateCall(AggregateKind.SUM, List.of(0), false, -1, bigint, "total")),
        schema(field("v", TypeKind.INTEGER), field("n", TypeKind.BIGINT), field("total", TypeKind.BIGINT)));
    PlanNode.Sort sort = new PlanNode.Sort(aggregate, List.of(new SortKey(0, false, true)), 0, -1, aggregate.schema());
    List<List<Object>> straight = run(sort);

    TestTables.Collecting consumer = new TestTables.Collecting();
    Job job = new JobBuilder(new PhysicalPlan(sort, new SinkSpec.Result())).resultConsumer(consumer)
        .calcProvider(CalcProvider.COMPILER)
        .options(Map.of("checkpoint.test.restart-every", "1", "checkpoint.interval", "1 ms")).build();
    job.run();

    assertEquals(straight, consumer.rows());
    assertEquals(41, straight.size());
    assertTrue(job.metrics().snapshot().getOrDefault("checkpoint.test-restarts", 0L) > 0,
        "the job restarted from a checkpoint: " + job.metrics().snapshot());
  }

  @Test
  void unionForwardsEveryInput() {
    PlanNode.Union union = new PlanNode.Union(List.of(bids(), bids()), BIDS);
    assertEquals(10, run(union).size());
  }

  @Test
  void limitOverUnboundedSourceTerminates() {
    TableSpec table = datagen("endless", Map.of("batch.size", "10"));
    assertEquals(25, run(new PlanNode.Limit(scan(table), 0, 25, table.schema())).size());
  }

  @Test
  void cancelStopsAnUnboundedJobAndEndsTheResult() throws Exception {
    TableSpec table = datagen("endless", Map.of("rows-per-second", "1000", "batch.size", "10"));
    TestTables.Collecting consumer = new TestTables.Collecting();
    Job job = TestTables.job(scan(table), consumer).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (consumer.count() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    job.cancel();

    assertTrue(job.await(Duration.ofSeconds(5)), "job did not stop after cancel");
    assertTrue(consumer.ended());
    assertTrue(consumer.count() > 0);
    assertEquals(null, job.failure());
    assertTrue(job.metrics().snapshot().get("endless.rows-read") > 0);
  }

  @Test
  void leakingOperatorFailsTheJobNamingIt() {
    ConnectorFactory leaky = new ConnectorFactory() {
      @Override
      public String name() {
        return "leaky";
      }

      @Override
      public SourceReader createReader(PlanNode.Scan scan) {
        throw new UnsupportedOperationException();
      }

      @Override
      public StreamOperator createSink(TableSpec table) {
        return new StreamOperator() {
          @Override
          public void open(OperatorContext context) {
            context.allocator().buffer(64);
          }

          @Override
          public void processBatch(int input, Batch batch, Collector out) {}
        };
      }
    };
    TableSpec sinkTable = new TableSpec("out", BIDS, Map.of("connector", "leaky"), null, List.of());
    Job job = new JobBuilder(new PhysicalPlan(bids(), new SinkSpec.Table(sinkTable)))
        .connectors(Connectors.builtIn(CalcProvider.COMPILER).register(leaky)).build();

    IllegalStateException failure = assertThrows(IllegalStateException.class, job::run);

    assertTrue(failure.getMessage().contains("operator 'TableSink[out]#0' leaked 64 bytes"), failure.getMessage());
  }

  @Test
  void operatorErrorFailsTheJobWithItsCause() {
    ExprSpec.InputRef price = new ExprSpec.InputRef(1, DataType.of(TypeKind.BIGINT));
    ExprSpec zero = new ExprSpec.Literal(0L, price.type());
    ExprSpec failing = new ExprSpec.Call(io.sluice.plan.ScalarOp.DIVIDE, List.of(price, zero), price.type());
    PlanNode.Calc calc = new PlanNode.Calc(bids(), List.of(failing), null, schema(field("p", TypeKind.BIGINT)));
    TestTables.Collecting consumer = new TestTables.Collecting();
    Job job = TestTables.job(calc, consumer);

    ExpressionException error = assertThrows(ExpressionException.class, job::run);
    assertEquals("Division by zero", error.getMessage());
    assertInstanceOf(ExpressionException.class, job.failure());
    assertTrue(consumer.ended());
  }

  @Test
  void unknownConnectorIsNamed() {
    TableSpec table = new TableSpec("t", BIDS, Map.of("connector", "kafkaa"), null, List.of());
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> run(scan(table)));
    assertEquals("Table 't' uses unknown connector 'kafkaa'; known connectors: blackhole, datagen, file, kafka, nexmark, print",
        error.getMessage());
  }

  @Test
  void memoryLimitIsEnforced() {
    TableSpec table = datagen("gen", Map.of("number-of-rows", "10000", "batch.size", "10000"));
    Throwable error = assertThrows(RuntimeException.class,
        () -> run(scan(table), Map.of(Job.MEMORY_LIMIT_OPTION, "1k")));
    assertTrue(error.getClass().getSimpleName().contains("OutOfMemory"), error.toString());
  }
}
