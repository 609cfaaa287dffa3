package io.sluice.runtime.operator;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.JoinKind;
import io.sluice.plan.PlanNode;
import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.checkpoint.StateBytes;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import io.sluice.runtime.exec.JobMetrics;
import io.sluice.runtime.testing.CheckpointRoundTrip;
import io.sluice.runtime.testing.TestTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HashJoinOperator's incremental snapshots: a run that snapshots every few batches and goes
 * on, and a fresh operator restored from any one of those snapshots (its blobs chained over
 * all earlier ones) and fed the rest of the input, emit together what the straight run emits;
 * each snapshot writes only the rows that arrived since the previous one.
 */
class HashJoinIncrementalSnapshotTest {
  private static final Schema LEFT = schema(field("k", TypeKind.INTEGER), field("lv", TypeKind.BIGINT),
      field("ls", TypeKind.VARCHAR));
  private static final Schema RIGHT = schema(field("rs", TypeKind.VARCHAR), field("k", TypeKind.INTEGER),
      field("rv", TypeKind.BIGINT));
  private static final int SNAPSHOT_EVERY = 4;

  /** One batch on one input, and the operator clock (milliseconds) when it arrives. */
  private record Step(int input, List<List<Object>> rows, long time) {}

  /** A snapshot of the continuing run: its bytes, what had been emitted before it, and its clock. */
  private record Taken(byte[] state, int emitted, int step, long time) {}

  @ParameterizedTest
  @EnumSource(JoinKind.class)
  void restoreFromAnyIncrementalSnapshotEqualsTheStraightRun(JoinKind kind) {
    for (boolean bounded : new boolean[] {true, false}) {
      PlanNode.Join join = join(kind, bounded);
      checkEverySnapshot(join, steps(new Random(kind.ordinal() * 7L + (bounded ? 1 : 0)), 60, 25), null);
    }
  }

  /** With a TTL, rows expire and the sides compact: the snapshot after a compaction starts a new base. */
  @ParameterizedTest
  @EnumSource(value = JoinKind.class, names = {"INNER", "LEFT", "FULL"})
  void compactionStartsANewBaseThatRestoresToo(JoinKind kind) {
    PlanNode.Join join = join(kind, false);
    checkEverySnapshot(join, steps(new Random(99 + kind.ordinal()), 120, 200), "300 ms");
  }

  /**
   * With a small fan-in, blobs merge by levels (two or three of a level make one of the next):
   * a side refers to a few blobs only, and a restore from any snapshot still equals the straight run.
   */
  @ParameterizedTest
  @EnumSource(value = JoinKind.class, names = {"INNER", "LEFT", "FULL", "ANTI"})
  void mergedBlobsStayFewAndRestoreToo(JoinKind kind) {
    for (int fanIn : new int[] {2, 3}) {
      for (boolean bounded : new boolean[] {true, false}) {
        int[] mostBlobs = {0};
        checkEverySnapshot(join(kind, bounded), steps(new Random(31L * fanIn + kind.ordinal()), 80, 25), null, fanIn,
            mostBlobs);
        // 20 snapshots: at most (fanIn - 1) blobs per level and side, levels up to log_fanIn(20).
        int levels = (int) Math.ceil(Math.log(21) / Math.log(fanIn));
        assertTrue(mostBlobs[0] <= 2 * (fanIn - 1) * levels, "a snapshot referred to " + mostBlobs[0] + " blobs");
      }
    }
  }

  private static void checkEverySnapshot(PlanNode.Join join, List<Step> steps, String ttl) {
    checkEverySnapshot(join, steps, ttl, BlobLevels.FAN_IN, new int[1]);
  }

  /** As above with blobs merged {@code fanIn} per level; records the most blobs a snapshot referred to. */
  private static void checkEverySnapshot(PlanNode.Join join, List<Step> steps, String ttl, int fanIn,
      int[] mostBlobs) {
    Map<String, String> options = ttl == null ? Map.of() : Map.of(HashJoinOperator.TTL_OPTION, ttl);
    long[] clock = {0};
    List<List<Object>> straight = new ArrayList<>();
    List<Taken> taken = new ArrayList<>();
    Map<String, byte[]> blobs = new HashMap<>();
    int fedSinceSnapshot = 0;
    int referred = 0;
    boolean rebased = false;
    try (BufferAllocator allocator = new RootAllocator()) {
      HashJoinOperator operator = open(join, clock, allocator, options, fanIn);
      Collector out = TestTables.collector(join.schema(), straight, null);
      for (int i = 0; i < steps.size(); i++) {
        Step step = steps.get(i);
        clock[0] = step.time();
        TestTables.feed(operator, step.input(), step.input() == 0 ? LEFT : RIGHT, step.rows(), allocator, out);
        fedSinceSnapshot += step.rows().size();
        if ((i + 1) % SNAPSHOT_EVERY == 0) {
          StateWriter state = new StateWriter();
          operator.snapshot(taken.size() + 1, state);
          if (ttl == null && fanIn == BlobLevels.FAN_IN) {
            assertEquals(fedSinceSnapshot, newRows(state), "a snapshot writes the rows since the previous one");
          }
          CheckpointRoundTrip.keepBlobs(state, blobs);
          rebased |= state.blobEntries().size() < referred;
          referred = state.blobEntries().size();
          mostBlobs[0] = Math.max(mostBlobs[0], referred);
          taken.add(new Taken(state.toByteArray(), straight.size(), i, step.time()));
          fedSinceSnapshot = 0;
        }
      }
      operator.finish(out);
      operator.close();
      assertEquals(0, allocator.getAllocatedMemory(), "the join leaked Arrow memory");
    }
    assertFalse(straight.isEmpty(), "the steps produce output");
    if (fanIn == BlobLevels.FAN_IN) {
      assertEquals(ttl != null, rebased, "a snapshot after a compaction refers to fewer blobs");
    } else {
      assertTrue(rebased, "merging blobs makes a snapshot refer to fewer blobs than the one before");
    }
    for (int t = 0; t < taken.size(); t++) {
      Taken snapshot = taken.get(t);
      List<List<Object>> resumed = new ArrayList<>(straight.subList(0, snapshot.emitted()));
      try (BufferAllocator allocator = new RootAllocator()) {
        clock[0] = snapshot.time();
        HashJoinOperator operator = open(join, clock, allocator, options, fanIn);
        operator.restore(t + 1, new StateReader(snapshot.state(), blobs));
        Collector out = TestTables.collector(join.schema(), resumed, null);
        for (Step step : steps.subList(snapshot.step() + 1, steps.size())) {
          clock[0] = step.time();
          TestTables.feed(operator, step.input(), step.input() == 0 ? LEFT : RIGHT, step.rows(), allocator, out);
        }
        operator.finish(out);
        operator.close();
        assertEquals(0, allocator.getAllocatedMemory(), "the restored join leaked Arrow memory");
      }
      assertEquals(straight, resumed, join.kind() + " restored from snapshot " + (t + 1) + " (blob fan-in " + fanIn + ")");
    }
  }

  /** LEFT.k = RIGHT.k, with a row-kind column when unbounded outer and anti joins take rows back. */
  private static PlanNode.Join join(JoinKind kind, boolean bounded) {
    List<Field> fields = new ArrayList<>(LEFT.fields());
    if (kind.emitsRight()) {
      fields.addAll(RIGHT.fields());
    }
    if (!bounded && (kind.keepsUnmatchedLeft() || kind.keepsUnmatchedRight())) {
      fields.add(new Field(RowKind.COLUMN, new DataType(TypeKind.TINYINT, -1, 0, false)));
    }
    return new PlanNode.Join(new PlanNode.Values(LEFT, List.of()), new PlanNode.Values(RIGHT, List.of()), kind,
        List.of(0), List.of(1), null, bounded, new Schema(fields));
  }

  private static HashJoinOperator open(PlanNode.Join join, long[] clock, BufferAllocator allocator,
      Map<String, String> options, int fanIn) {
    HashJoinOperator operator = new HashJoinOperator(join, CalcProvider.COMPILER, () -> clock[0], fanIn);
    operator.open(new OperatorContext("join", allocator, new JobMetrics(), options));
    return operator;
  }

  /** The rows in the new blobs of a snapshot (each blob starts with its first row and its row count). */
  private static int newRows(StateWriter state) {
    int rows = 0;
    for (StateBytes content : state.blobEntries().values()) {
      if (content != StateWriter.EARLIER_BLOB) {
        StateReader blob = new StateReader(content.toByteArray());
        blob.readInt();
        rows += blob.readInt();
      }
    }
    return rows;
  }

  /**
   * Batches on random sides; keys are drawn from a range that widens as the input goes on, so
   * that many rows stay unmatched across snapshots and match for the first time later.
   */
  private static List<Step> steps(Random random, int count, int maxRows) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int input = random.nextInt(2);
      List<List<Object>> rows = new ArrayList<>();
      int size = random.nextInt(maxRows + 1);
      for (int r = 0; r < size; r++) {
        Integer key = random.nextInt(15) == 0 ? null : random.nextInt(10 + 3 * i);
        long value = random.nextInt(1000);
        String text = random.nextInt(10) == 0 ? null : "s" + i + "-" + r;
        rows.add(input == 0 ? Arrays.asList(key, value, text) : Arrays.asList(text, key, value));
      }
      steps.add(new Step(input, rows, i * 10L));
    }
    return steps;
  }
}
