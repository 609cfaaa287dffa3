package io.sluice.bench;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.codegen.CalcCompiler;
import io.sluice.runtime.codegen.CompiledCalc;
import io.sluice.udf.UserFunction;
import io.sluice.udf.spi.VectorizedFunction;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A trivial scalar user function ({@code x * 3 + 1} over BIGINT) in a compiled projection of
 * 4096-row batches, called per row through {@code eval} versus once per batch through
 * {@link VectorizedFunction}. Scores are rows per second on one thread (one core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.nio=ALL-UNNAMED")
public class UserFunctionBenchmark {
  private static final int ROWS = 4096;
  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  private static final Schema INPUT = Schema.of(new Field("x", BIGINT));

  /** The function with only the per-row method. */
  public static class RowScale {
    public long eval(long x) {
      return x * 3 + 1;
    }
  }

  /** The same function with a batch method as well. */
  public static class BatchScale extends RowScale implements VectorizedFunction {
    @Override
    public void evalBatch(int overload, FieldVector[] arguments, int rowCount, FieldVector output) {
      BigIntVector in = (BigIntVector) arguments[0];
      BigIntVector out = (BigIntVector) output;
      out.allocateNew(rowCount);
      for (int i = 0; i < rowCount; i++) {
        if (in.isNull(i)) {
          out.setNull(i);
        } else {
          out.set(i, in.get(i) * 3 + 1);
        }
      }
      out.setValueCount(rowCount);
    }
  }

  private RootAllocator allocator;
  private VectorSchemaRoot input;
  private VectorSchemaRoot output;
  private CompiledCalc rowCalc;
  private CompiledCalc batchCalc;

  @Setup(Level.Trial)
  public void setUp() throws NoSuchMethodException {
    allocator = new RootAllocator();
    input = ArrowTypes.createRoot(INPUT, allocator);
    output = ArrowTypes.createRoot(INPUT, allocator);
    BigIntVector x = (BigIntVector) input.getVector(0);
    for (int r = 0; r < ROWS; r++) {
      if (r % 16 == 0) {
        x.setNull(r);
      } else {
        x.setSafe(r, r);
      }
    }
    input.setRowCount(ROWS);
    rowCalc = compile(UserFunction.of("row_scale", RowScale.class));
    batchCalc = compile(UserFunction.of("batch_scale", BatchScale.class));
  }

  private static CompiledCalc compile(UserFunction function) throws NoSuchMethodException {
    ExprSpec call = new ExprSpec.UserCall(function, function.type().getMethod("eval", long.class),
        List.of(new ExprSpec.InputRef(0, BIGINT)), BIGINT);
    return CalcCompiler.compile(INPUT, List.of(call), null);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    input.close();
    output.close();
    allocator.close();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int rowMethod() {
    return rowCalc.evaluate(input, output);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int batchMethod() {
    return batchCalc.evaluate(input, output);
  }
}
