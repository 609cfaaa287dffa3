package io.sluice.runtime.operator;

import static io.sluice.runtime.testing.TestTables.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.LatenessSpec;
import io.sluice.plan.PlanNode;
import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.plan.TypeKind;
import io.sluice.plan.WindowSpec;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.checkpoint.CheckpointStore;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.connector.Connectors;
import io.sluice.runtime.exec.JobMetrics;
import io.sluice.runtime.testing.CheckpointRoundTrip;
import io.sluice.runtime.testing.CheckpointRoundTrip.Step;
import io.sluice.runtime.testing.TestTables;
import io.sluice.udf.UserFunction;
import io.sluice.udf.spi.AggregateFunction;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead letters of a user aggregate that throws for some rows belong to the checkpoint
 * epochs of the aggregate operator holding it: run with checkpoints, crashes between them and
 * restores that replay the rows after the newest checkpoint, every operator kind leaves in its
 * exactly-once file dead-letter table exactly the dead letters of a straight run without
 * checkpoints: no duplicate, no gap.
 */
class UserAggregateDeadLettersCheckpointTest {
  private static final DataType TIME = new DataType(TypeKind.TIMESTAMP, 3, 0, false);
  private static final Schema INPUT = Schema.of(field("k", TypeKind.VARCHAR), field("n", TypeKind.INTEGER),
      field("v", TypeKind.BIGINT), new Field("ts", TIME));
  private static final Schema DEAD_LETTERS = Schema.of(field("function_name", TypeKind.VARCHAR),
      field("arguments", TypeKind.VARCHAR), field("error", TypeKind.VARCHAR), new Field("failed_at",
          new DataType(TypeKind.TIMESTAMP, 3, 0, true)));
  private static final int ROWS = 3000;
  /** A checkpoint after every few steps; crashes after these steps, each once, some right after a snapshot. */
  private static final int CHECKPOINT_EVERY = 4;
  private static final Set<Integer> CRASHES = Set.of(3, 8, 13, 14, 24, 31, 40, 57, 66, 80, 97, 110);

  @TempDir
  Path dir;

  @Test
  void hashAggregateWritesEachDeadLetterOnce() throws Exception {
    List<AggregateCall> calls = calls();
    PlanNode.Aggregate spec = new PlanNode.Aggregate(new PlanNode.Values(INPUT, List.of()), List.of(0), calls,
        schema(List.of(INPUT.field(0)), calls, false));
    List<Step> steps = batches(rows(), false);
    List<String> deadLetters = assertSameDeadLetters("hash", () -> new HashAggregateOperator(spec), steps);
    assertEquals(failingRows(), deadLetters.size(), "one dead letter per row the function throws on");
  }

  @Test
  void continuousGroupByWritesEachDeadLetterOnce() throws Exception {
    List<AggregateCall> calls = calls();
    PlanNode.GroupAggregate spec = new PlanNode.GroupAggregate(new PlanNode.Values(INPUT, List.of()), List.of(0),
        calls, schema(List.of(INPUT.field(0)), calls, true));
    List<String> deadLetters = assertSameDeadLetters("group", () -> new GroupAggregateOperator(spec),
        batches(rows(), false));
    assertEquals(failingRows(), deadLetters.size());
  }

  @Test
  void windowAggregatesWriteEachDeadLetterOnce() throws Exception {
    List<AggregateCall> calls = calls();
    List<Field> fields = new ArrayList<>(List.of(INPUT.field(0), new Field("window_start", TIME),
        new Field("window_end", TIME), new Field("window_time", TIME)));
    Schema output = schema(fields, calls, false);
    for (WindowSpec window : List.of(WindowSpec.tumble(3, 5_000, 0), WindowSpec.hop(3, 2_000, 6_000, 0))) {
      PlanNode.WindowAggregate spec = new PlanNode.WindowAggregate(new PlanNode.Values(INPUT, List.of()), window,
          List.of(0), calls, new LatenessSpec("events", 0), output);
      List<String> deadLetters = assertSameDeadLetters("window-" + window.kind(),
          () -> new WindowAggregateOperator(spec), batches(rows(), true));
      assertEquals(failingRows(), deadLetters.size(), window.toString());
    }
    PlanNode.WindowAggregate session = new PlanNode.WindowAggregate(new PlanNode.Values(INPUT, List.of()),
        WindowSpec.session(3, 300), List.of(0), calls, new LatenessSpec("events", 0), output);
    List<String> deadLetters = assertSameDeadLetters("session", () -> new SessionWindowOperator(session),
        batches(rows(), true));
    assertEquals(failingRows(), deadLetters.size());
  }

  @Test
  void overAggregateWritesEachDeadLetterOnce() throws Exception {
    List<AggregateCall> calls = calls();
    PlanNode.OverAggregate spec = new PlanNode.OverAggregate(new PlanNode.Values(INPUT, List.of()), List.of(0), 3,
        true, 3, calls, new LatenessSpec("events", 0), schema(INPUT.fields(), calls, false));
    // Each row is folded into the frames of the rows after it too: more dead letters than failing rows.
    List<String> deadLetters = assertSameDeadLetters("over", () -> new OverAggregateOperator(spec),
        batches(rows(), true));
    assertTrue(deadLetters.size() > failingRows(), deadLetters.size() + " dead letters");
  }

  /**
   * Runs {@code steps} straight without checkpoints, and again with checkpoints, crashes and
   * restores; asserts that both leave the same dead letters (without their time) and returns them.
   */
  private List<String> assertSameDeadLetters(String name, Supplier<StreamOperator> operators, List<Step> steps)
      throws IOException {
    Path straight = dir.resolve(name + "-straight");
    run(operators, steps, straight, false);
    Path restored = dir.resolve(name + "-restored");
    run(operators, steps, restored, true);
    List<String> expected = deadLetters(straight);
    assertTrue(!expected.isEmpty(), "the function fails for some rows");
    assertEquals(expected, deadLetters(restored), name + ": dead letters after crashes and restores");
    return expected;
  }

  /**
   * Drives a fresh operator through {@code steps}, writing dead letters to a file table in
   * {@code folder}. With {@code checkpointed}, snapshots every {@value #CHECKPOINT_EVERY} steps
   * (completing each checkpoint one step later, as the coordinator does once it is durable) and at
   * each of {@link #CRASHES} closes the operator without finishing it and restores a new one from
   * the newest checkpoint, replaying the steps after it.
   */
  private void run(Supplier<StreamOperator> operators, List<Step> steps, Path folder, boolean checkpointed) {
    TableSpec table = new TableSpec("dead", DEAD_LETTERS, Map.of("connector", "file", "path", folder.toString(),
        "format", "csv"), null, List.of());
    Map<String, String> options = new HashMap<>(Map.of(UserErrors.OPTION, "dead-letter", UserErrors.TABLE_OPTION,
        "dead"));
    if (checkpointed) {
      options.put(CheckpointStore.DIR_OPTION, dir.resolve("checkpoints").toString());
    }
    Connectors connectors = Connectors.builtIn();
    TableSinks tables = new TableSinks() {
      @Override
      public Optional<TableSpec> table(String name) {
        return name.equals(table.name()) ? Optional.of(table) : Optional.empty();
      }

      @Override
      public StreamOperator createSink(TableSpec spec) {
        return connectors.get(spec).createSink(spec);
      }
    };
    try (BufferAllocator allocator = new RootAllocator()) {
      Supplier<StreamOperator> opened = () -> {
        StreamOperator operator = operators.get();
        operator.open(new OperatorContext("op", allocator, new JobMetrics(), options, tables));
        assertTrue(operator.supportsCheckpoints(), "checkpoints cover a user aggregate's file dead-letter table");
        return operator;
      };
      StreamOperator operator = opened.get();
      Map<String, byte[]> blobs = new HashMap<>();
      Set<Integer> crashed = new HashSet<>();
      byte[] newest = null;
      long checkpoint = 0;
      long notCompleted = 0;
      int resumeAt = 0;
      try {
        for (int i = 0; i < steps.size(); ) {
          Step step = steps.get(i);
          if (step.rows() == null) {
            operator.processWatermark(step.watermark(), NOWHERE);
          } else {
            TestTables.feed(operator, 0, INPUT, step.rows(), allocator, NOWHERE);
          }
          if (notCompleted > 0) {
            operator.checkpointComplete(notCompleted);
            notCompleted = 0;
          }
          i++;
          if (checkpointed && i % CHECKPOINT_EVERY == 0) {
            StateWriter state = new StateWriter();
            operator.snapshot(++checkpoint, state);
            CheckpointRoundTrip.keepBlobs(state, blobs);
            newest = state.toByteArray();
            resumeAt = i;
            notCompleted = checkpoint;
          }
          if (checkpointed && CRASHES.contains(i) && crashed.add(i)) {
            // What a killed process leaves: no finish, the dead-letter parts after the checkpoint unpublished.
            operator.close();
            operator = opened.get();
            if (newest != null) {
              operator.restore(checkpoint, new StateReader(newest, blobs));
            }
            notCompleted = 0;
            i = resumeAt;
          }
        }
        assertTrue(!checkpointed || crashed.size() >= 10, "only " + crashed.size() + " crashes");
        operator.processWatermark(Long.MAX_VALUE, NOWHERE);
        operator.finish(NOWHERE);
      } finally {
        operator.close();
      }
      assertEquals(0, allocator.getAllocatedMemory(), "operator leaked Arrow memory");
    }
  }

  /** The published dead-letter rows in {@code folder} without their last column, the time of the failure, sorted. */
  private static List<String> deadLetters(Path folder) throws IOException {
    List<String> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
        for (String line : Files.readAllLines(file)) {
          rows.add(line.substring(0, line.lastIndexOf(',')));
        }
      }
    }
    rows.sort(null);
    return rows;
  }

  private static List<AggregateCall> calls() throws NoSuchMethodException {
    return List.of(new AggregateCall(AggregateKind.USER, List.of(2, 1), false, -1, DataType.of(TypeKind.BIGINT),
        "picky", UserFunction.of("picky", PickySum.class),
        PickySum.class.getMethod("accumulate", PickySum.Acc.class, Long.class, int.class)));
  }

  private static Schema schema(List<Field> leading, List<AggregateCall> calls, boolean changelog) {
    List<Field> fields = new ArrayList<>(leading);
    calls.forEach(c -> fields.add(new Field(c.name(), c.type())));
    if (changelog) {
      fields.add(new Field(RowKind.COLUMN, DataType.of(TypeKind.TINYINT).withNullable(false)));
    }
    return new Schema(fields);
  }

  /** Rows in time order over 8 keys; v is a distinct number per row, so each dead letter names its row. */
  private static List<List<Object>> rows() {
    Random random = new Random(11);
    List<List<Object>> rows = new ArrayList<>();
    long time = 1_704_067_200_000L;
    for (int i = 0; i < ROWS; i++) {
      time += random.nextInt(40);
      rows.add(Arrays.asList("k" + random.nextInt(8), random.nextInt(5), (long) i, time));
    }
    return rows;
  }

  /** How many of {@link #rows()} {@link PickySum} throws on. */
  private static long failingRows() {
    return rows().stream().filter(row -> PickySum.fails((Long) row.get(2))).count();
  }

  /** Batches of 37 rows, each followed (for windowed operators) by a watermark at its last row's time. */
  private static List<Step> batches(List<List<Object>> rows, boolean watermarks) {
    List<Step> steps = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += 37) {
      List<List<Object>> batch = rows.subList(from, Math.min(rows.size(), from + 37));
      steps.add(Step.batch(0, batch));
      if (watermarks) {
        steps.add(Step.watermark((Long) batch.get(batch.size() - 1).get(3)));
      }
    }
    return steps;
  }

  /** Operator output is not checked here: it goes nowhere. */
  private static final Collector NOWHERE = new Collector() {
    @Override
    public void emit(Batch batch) {}

    @Override
    public void emitWatermark(long watermark) {}
  };

  /** A user aggregate summing v times n that throws for every v divisible by 13. */
  public static final class PickySum extends AggregateFunction<PickySum.Acc, Long> {
    /** The running sum of one group. */
    public static final class Acc implements Serializable {
      private static final long serialVersionUID = 1L;
      long sum;
    }

    static boolean fails(Long value) {
      return value != null && value % 13 == 0;
    }

    @Override
    public Acc createAccumulator() {
      return new Acc();
    }

    public void accumulate(Acc acc, Long value, int weight) {
      if (fails(value)) {
        throw new IllegalArgumentException("unlucky value " + value);
      }
      if (value != null) {
        acc.sum += value * weight;
      }
    }

    @Override
    public Long getValue(Acc acc) {
      return acc.sum;
    }

    @Override
    public void merge(Acc acc, Acc other) {
      acc.sum += other.sum;
    }
  }
}
