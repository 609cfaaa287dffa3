package io.sluice.runtime.testing;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.PhysicalPlan;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.SinkSpec;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Rows;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.exec.Job;
import io.sluice.runtime.exec.JobBuilder;
import io.sluice.runtime.exec.ResultConsumer;
import io.sluice.runtime.operator.CalcProvider;
import io.sluice.runtime.operator.Collector;
import io.sluice.runtime.operator.StreamOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Table fixtures for runtime tests: schemas, literal rows, and collected results as lists. */
public final class TestTables {
  private TestTables() {}

  public static Field field(String name, TypeKind kind) {
    return new Field(name, DataType.of(kind));
  }

  public static Schema schema(Field... fields) {
    return Schema.of(fields);
  }

  public static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  public static PlanNode.Values values(Schema schema, List<List<Object>> rows) {
    return new PlanNode.Values(schema, rows);
  }

  /** Runs {@code root} to the end as a query and returns its rows. */
  public static List<List<Object>> run(PlanNode root) {
    return run(root, Map.of());
  }

  public static List<List<Object>> run(PlanNode root, Map<String, String> options) {
    Collecting consumer = new Collecting();
    new JobBuilder(new PhysicalPlan(root, new SinkSpec.Result()))
        .resultConsumer(consumer).calcProvider(CalcProvider.COMPILER).options(options).build().run();
    return consumer.rows();
  }

  public static Job job(PlanNode root, ResultConsumer consumer) {
    return new JobBuilder(new PhysicalPlan(root, new SinkSpec.Result()))
        .resultConsumer(consumer).calcProvider(CalcProvider.COMPILER).build();
  }

  /** A job running {@code root} as a query with session {@code options}. */
  public static Job job(PlanNode root, ResultConsumer consumer, Map<String, String> options) {
    return new JobBuilder(new PhysicalPlan(root, new SinkSpec.Result()))
        .resultConsumer(consumer).calcProvider(CalcProvider.COMPILER).options(options).build();
  }

  /** Pushes {@code rows} of {@code schema} into input {@code input} of {@code operator} as one Arrow batch. */
  public static void feed(StreamOperator operator, int input, Schema schema, List<List<Object>> rows,
      BufferAllocator allocator, Collector out) {
    try (VectorSchemaRoot root = ArrowTypes.createRoot(schema, allocator)) {
      for (int r = 0; r < rows.size(); r++) {
        for (int c = 0; c < schema.size(); c++) {
          Vectors.setObject(root.getVector(c), r, rows.get(r).get(c), schema.type(c));
        }
      }
      root.setRowCount(rows.size());
      operator.processBatch(input, new Batch(root), out);
    }
  }

  /**
   * A collector that copies the emitted rows of {@code schema} into {@code rows} and the
   * watermarks into {@code watermarks}, or drops them when that is null.
   */
  public static Collector collector(Schema schema, List<List<Object>> rows, List<Long> watermarks) {
    return new Collector() {
      @Override
      public void emit(Batch batch) {
        rows.addAll(Rows.toLists(batch, schema));
      }

      @Override
      public void emitWatermark(long watermark) {
        if (watermarks != null) {
          watermarks.add(watermark);
        }
      }
    };
  }

  /** A result consumer that copies every row out as Java objects. */
  public static final class Collecting implements ResultConsumer {
    private final List<List<Object>> rows = new ArrayList<>();
    private Schema schema;
    private volatile boolean ended;
    private volatile int count;

    @Override
    public void begin(Schema schema) {
      this.schema = schema;
    }

    @Override
    public synchronized void accept(Batch batch) {
      rows.addAll(Rows.toLists(batch, schema));
      count = rows.size();
    }

    @Override
    public void end() {
      ended = true;
    }

    public synchronized List<List<Object>> rows() {
      return new ArrayList<>(rows);
    }

    public int count() {
      return count;
    }

    public boolean ended() {
      return ended;
    }
  }
}
