package io.sluice.bench;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.plan.ScalarOp;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.codegen.CalcCompiler;
import io.sluice.runtime.codegen.CompiledCalc;
import io.sluice.runtime.exec.JobMetrics;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.HashAggregateOperator;
import io.sluice.runtime.operator.OperatorContext;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kernels over one 4096-row batch of (auction, price) BIGINTs: the compiled filter of q2,
 * a compiled projection, and hash aggregation (COUNT, MAX per auction). Scores are
 * microseconds per batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.nio=ALL-UNNAMED")
public class KernelBenchmark {
  private static final int ROWS = 4096;
  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  private static final Schema INPUT = Schema.of(new Field("auction", BIGINT), new Field("price", BIGINT));

  private RootAllocator allocator;
  private VectorSchemaRoot input;
  private VectorSchemaRoot output;
  private CompiledCalc filter;
  private CompiledCalc projection;
  private HashAggregateOperator aggregate;
  private final Collector discard = new Collector() {
    @Override
    public void emit(Batch batch) {}

    @Override
    public void emitWatermark(long watermark) {}
  };

  @Setup(Level.Trial)
  public void setUp() {
    allocator = new RootAllocator();
    input = ArrowTypes.createRoot(INPUT, allocator);
    output = ArrowTypes.createRoot(INPUT, allocator);
    SplittableRandom random = new SplittableRandom(1);
    BigIntVector auction = (BigIntVector) input.getVector(0);
    BigIntVector price = (BigIntVector) input.getVector(1);
    for (int r = 0; r < ROWS; r++) {
      auction.setSafe(r, 1000 + random.nextInt(5000));
      price.setSafe(r, random.nextInt(1_000_000));
    }
    input.setRowCount(ROWS);
    ExprSpec auctionRef = new ExprSpec.InputRef(0, BIGINT);
    ExprSpec priceRef = new ExprSpec.InputRef(1, BIGINT);
    DataType bool = DataType.of(TypeKind.BOOLEAN);
    ExprSpec mod = new ExprSpec.Call(ScalarOp.MOD, List.of(auctionRef, new ExprSpec.Literal(123L, BIGINT)), BIGINT);
    filter = CalcCompiler.compile(INPUT, List.of(auctionRef, priceRef),
        new ExprSpec.Call(ScalarOp.EQUALS, List.of(mod, new ExprSpec.Literal(0L, BIGINT)), bool));
    projection = CalcCompiler.compile(INPUT, List.of(auctionRef, new ExprSpec.Call(ScalarOp.TIMES,
        List.of(priceRef, new ExprSpec.Literal(908L, BIGINT)), BIGINT)), null);
    Schema aggregated = Schema.of(new Field("auction", BIGINT), new Field("num", BIGINT), new Field("top", BIGINT));
    aggregate = new HashAggregateOperator(new PlanNode.Aggregate(new PlanNode.Values(INPUT, List.of()), List.of(0),
        List.of(new AggregateCall(AggregateKind.COUNT, List.of(), false, -1, BIGINT, "num"),
            new AggregateCall(AggregateKind.MAX, List.of(1), false, -1, BIGINT, "top")), aggregated));
    aggregate.open(new OperatorContext("aggregate", allocator.newChildAllocator("aggregate", 0, Long.MAX_VALUE),
        new JobMetrics(), Map.of()));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    aggregate.close();
    input.close();
    output.close();
  }

  @Benchmark
  public int filter() {
    Vectors.prepareForReuse(output);
    return filter.evaluate(input, output);
  }

  @Benchmark
  public int projection() {
    Vectors.prepareForReuse(output);
    return projection.evaluate(input, output);
  }

  @Benchmark
  public void hashAggregation() {
    aggregate.processBatch(0, new Batch(input), discard);
  }
}
