package io.sluice.runtime.operator;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.row;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.Field;
import io.sluice.plan.JoinKind;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.exec.JobMetrics;
import io.sluice.runtime.testing.TestTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * IntervalJoinOperator: exact timing of NULL padding and state release as the watermark
 * advances, and random out-of-order streams compared with a nested-loop interval join.
 */
class IntervalJoinOperatorTest {
  /** Left: key, event time (ms), value; right: event time, key, value. */
  private static final Schema LEFT = schema(field("k", TypeKind.INTEGER), field("lt", TypeKind.BIGINT),
      field("lv", TypeKind.VARCHAR));
  private static final Schema RIGHT = schema(field("rt", TypeKind.BIGINT), field("k", TypeKind.INTEGER),
      field("rv", TypeKind.VARCHAR));
  /** Right time within [left time - 50, left time + 10]. */
  private static final long LOWER = -50;
  private static final long UPPER = 10;

  private final BufferAllocator allocator = new RootAllocator();
  private final List<List<Object>> output = new ArrayList<>();
  private final List<Long> watermarks = new ArrayList<>();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void outerRowsArePaddedExactlyWhenTheWatermarkPassesTheirInterval() {
    try (IntervalJoinOperator join = open(JoinKind.FULL)) {
      Collector out = collector(join(JoinKind.FULL).schema());
      feed(join, 0, LEFT, List.of(row(1, 100L, "a"), row(2, 100L, "b"), row(null, 100L, "nokey")), out);
      // A NULL key can never match: padded at once.
      assertEquals(List.of(row(null, 100L, "nokey", null, null, null)), output);
      output.clear();
      feed(join, 1, RIGHT, List.of(row(60L, 1, "x"), row(49L, 1, "too early"), row(140L, 3, "y")), out);
      assertEquals(List.of(row(1, 100L, "a", 60L, 1, "x")), output);
      output.clear();
      // Left rows at 100 may still meet right rows up to 110; the right row at 49 left rows up to 99.
      join.processWatermark(99, out);
      assertEquals(List.of(), output);
      join.processWatermark(100, out);
      assertEquals(List.of(row(null, null, null, 49L, 1, "too early")), output);
      output.clear();
      join.processWatermark(110, out);
      assertEquals(List.of(), output);
      join.processWatermark(111, out);
      // Row a matched, b did not; both leave the state.
      assertEquals(List.of(row(2, 100L, "b", null, null, null)), output);
      assertEquals(1, join.stateRows(), "only the right row at 140 can still match");
      output.clear();
      join.finish(out);
      assertEquals(List.of(row(null, null, null, 140L, 3, "y")), output);
      // The output watermark is held back by the widest bound, 50 ms.
      assertEquals(List.of(49L, 50L, 60L, 61L), watermarks);
    }
  }

  @Test
  void rowsLeaveTheStateAsTheWatermarkAdvances() {
    try (IntervalJoinOperator join = open(JoinKind.INNER)) {
      Collector out = collector(join(JoinKind.INNER).schema());
      for (int step = 0; step < 100; step++) {
        List<List<Object>> lefts = new ArrayList<>();
        List<List<Object>> rights = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          lefts.add(row(i, step * 1000L + i, "l"));
          rights.add(row(step * 1000L + i, i, "r"));
        }
        feed(join, 0, LEFT, lefts, out);
        feed(join, 1, RIGHT, rights, out);
        join.processWatermark(step * 1000L + 500, out);
        assertTrue(join.stateRows() <= 200, "state holds only the current step, not " + join.stateRows());
      }
      assertEquals(100 * 100, output.size());
    }
  }

  @ParameterizedTest
  @EnumSource(value = JoinKind.class, names = {"INNER", "LEFT", "RIGHT", "FULL"})
  void outOfOrderStreamsGiveTheNestedLoopResult(JoinKind kind) {
    for (int seed = 1; seed <= 5; seed++) {
      Random random = new Random(seed * 41L + kind.ordinal());
      List<List<Object>> left = new ArrayList<>();
      List<List<Object>> right = new ArrayList<>();
      output.clear();
      try (IntervalJoinOperator join = open(kind)) {
        Collector out = collector(join(kind).schema());
        long maxTime = 0;
        long watermark = Long.MIN_VALUE;
        for (int step = 0; step < 60; step++) {
          boolean isLeft = random.nextBoolean();
          List<List<Object>> batch = new ArrayList<>();
          int rows = 1 + random.nextInt(8);
          for (int i = 0; i < rows; i++) {
            // Out of order by up to 30 ms but never late: times stay above the watermark.
            long time = Math.max(watermark + 1, maxTime - random.nextInt(30)) + random.nextInt(20);
            maxTime = Math.max(maxTime, time);
            Integer key = random.nextInt(10) == 0 ? null : random.nextInt(4);
            batch.add(isLeft ? row(key, time, "l" + left.size() + i) : row(time, key, "r" + right.size() + i));
          }
          (isLeft ? left : right).addAll(batch);
          feed(join, isLeft ? 0 : 1, isLeft ? LEFT : RIGHT, batch, out);
          if (random.nextInt(3) == 0) {
            watermark = Math.max(watermark, maxTime - 30);
            join.processWatermark(watermark, out);
          }
        }
        join.finish(out);
      }
      assertEquals(sorted(nestedLoop(kind, left, right)), sorted(output), kind + " seed " + seed);
    }
  }

  private static List<List<Object>> nestedLoop(JoinKind kind, List<List<Object>> left, List<List<Object>> right) {
    List<List<Object>> out = new ArrayList<>();
    boolean[] rightMatched = new boolean[right.size()];
    for (List<Object> l : left) {
      boolean matched = false;
      for (int j = 0; j < right.size(); j++) {
        List<Object> r = right.get(j);
        long difference = (Long) r.get(0) - (Long) l.get(1);
        if (l.get(0) != null && l.get(0).equals(r.get(1)) && difference >= LOWER && difference <= UPPER) {
          matched = true;
          rightMatched[j] = true;
          List<Object> joined = new ArrayList<>(l);
          joined.addAll(r);
          out.add(joined);
        }
      }
      if (!matched && kind.keepsUnmatchedLeft()) {
        out.add(Arrays.asList(l.get(0), l.get(1), l.get(2), null, null, null));
      }
    }
    for (int j = 0; j < right.size(); j++) {
      if (!rightMatched[j] && kind.keepsUnmatchedRight()) {
        List<Object> r = right.get(j);
        out.add(Arrays.asList(null, null, null, r.get(0), r.get(1), r.get(2)));
      }
    }
    return out;
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Object::toString));
    return copy;
  }

  private IntervalJoinOperator open(JoinKind kind) {
    IntervalJoinOperator operator = new IntervalJoinOperator(join(kind), CalcProvider.COMPILER);
    operator.open(new OperatorContext("join", allocator, new JobMetrics(), Map.of()));
    return operator;
  }

  private static PlanNode.IntervalJoin join(JoinKind kind) {
    List<Field> fields = new ArrayList<>(LEFT.fields());
    fields.addAll(RIGHT.fields());
    return new PlanNode.IntervalJoin(new PlanNode.Values(LEFT, List.of()), new PlanNode.Values(RIGHT, List.of()),
        kind, List.of(0), List.of(1), 1, 0, 0, 0, LOWER, UPPER, null, new Schema(fields));
  }

  private void feed(IntervalJoinOperator operator, int input, Schema schema, List<List<Object>> rows, Collector out) {
    TestTables.feed(operator, input, schema, rows, allocator, out);
  }

  private Collector collector(Schema schema) {
    return TestTables.collector(schema, output, watermarks);
  }
}
