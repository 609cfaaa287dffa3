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
 * IntervalJoinOperator with a column bound, Nexmark q4's {@code b.ts BETWEEN a.ts AND
 * a.expires}: state release by each row's own expiry, the output watermark held back to the
 * state's earliest time, and random streams compared with a nested-loop join.
 */
class ColumnBoundIntervalJoinTest {
  /** Left (auction): key, event time, expiry, value; right (bid): event time, key, value. */
  private static final Schema LEFT = schema(field("k", TypeKind.INTEGER), field("lt", TypeKind.BIGINT),
      field("expires", TypeKind.BIGINT), field("lv", TypeKind.VARCHAR));
  private static final Schema RIGHT = schema(field("rt", TypeKind.BIGINT), field("k", TypeKind.INTEGER),
      field("rv", TypeKind.VARCHAR));

  private final BufferAllocator allocator = new RootAllocator();
  private final List<List<Object>> output = new ArrayList<>();
  private final List<Long> watermarks = new ArrayList<>();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void auctionsStayUntilTheirExpiryAndBidsUntilTheirTime() {
    try (IntervalJoinOperator join = open(JoinKind.LEFT)) {
      Collector out = collector(join(JoinKind.LEFT).schema());
      feed(join, 0, LEFT, List.of(row(1, 100L, 500L, "long"), row(2, 100L, 120L, "short"),
          row(3, 100L, null, "no expiry")), out);
      feed(join, 1, RIGHT, List.of(row(100L, 1, "at start"), row(130L, 2, "after expiry"), row(90L, 4, "early")), out);
      assertEquals(List.of(row(1, 100L, 500L, "long", 100L, 1, "at start")), output);
      output.clear();
      join.processWatermark(121, out);
      // The short auction expired unmatched; the one without an expiry could never match.
      assertEquals(List.of(row(2, 100L, 120L, "short", null, null, null),
          row(3, 100L, null, "no expiry", null, null, null)), output);
      assertEquals(2, join.stateRows(), "the long auction and the bid at 130");
      output.clear();
      // A bid long after the auction started still meets it: the bound is the auction's expiry.
      feed(join, 1, RIGHT, List.of(row(480L, 1, "late in the auction")), out);
      assertEquals(List.of(row(1, 100L, 500L, "long", 480L, 1, "late in the auction")), output);
      output.clear();
      join.processWatermark(500, out);
      assertEquals(1, join.stateRows(), "bids leave once the watermark passes them; the auction stays to 500");
      join.processWatermark(501, out);
      assertEquals(0, join.stateRows());
      assertEquals(List.of(), output, "the long auction matched, so it is not padded");
      // Held back to the earliest time in the state (the auctions at 100), then free.
      assertEquals(List.of(100L, 100L, 501L), watermarks);
    }
  }

  @ParameterizedTest
  @EnumSource(value = JoinKind.class, names = {"INNER", "LEFT", "RIGHT", "FULL"})
  void outOfOrderStreamsGiveTheNestedLoopResultWithBoundedState(JoinKind kind) {
    for (int seed = 1; seed <= 5; seed++) {
      Random random = new Random(seed * 17L + kind.ordinal());
      List<List<Object>> left = new ArrayList<>();
      List<List<Object>> right = new ArrayList<>();
      output.clear();
      long maxState = 0;
      try (IntervalJoinOperator join = open(kind)) {
        Collector out = collector(join(kind).schema());
        long maxTime = 0;
        long watermark = Long.MIN_VALUE;
        for (int step = 0; step < 400; step++) {
          boolean isLeft = random.nextInt(4) == 0;
          List<List<Object>> batch = new ArrayList<>();
          int rows = 1 + random.nextInt(8);
          for (int i = 0; i < rows; i++) {
            // Out of order by up to 30 ms but never late.
            long time = Math.max(watermark + 1, maxTime - random.nextInt(30)) + random.nextInt(20);
            maxTime = Math.max(maxTime, time);
            Integer key = random.nextInt(10) == 0 ? null : random.nextInt(6);
            Long expires = random.nextInt(12) == 0 ? null : time + random.nextInt(100);
            batch.add(isLeft ? row(key, time, expires, "l" + left.size() + i) : row(time, key, "r" + right.size() + i));
          }
          (isLeft ? left : right).addAll(batch);
          feed(join, isLeft ? 0 : 1, isLeft ? LEFT : RIGHT, batch, out);
          if (random.nextInt(3) == 0) {
            watermark = Math.max(watermark, maxTime - 30);
            join.processWatermark(watermark, out);
            maxState = Math.max(maxState, join.stateRows());
          }
        }
        join.finish(out);
      }
      assertEquals(sorted(nestedLoop(kind, left, right)), sorted(output), kind + " seed " + seed);
      assertTrue(maxState < (left.size() + right.size()) / 4,
          "state stays bounded: at most " + maxState + " of " + (left.size() + right.size()) + " rows");
    }
  }

  private static List<List<Object>> nestedLoop(JoinKind kind, List<List<Object>> left, List<List<Object>> right) {
    List<List<Object>> out = new ArrayList<>();
    boolean[] rightMatched = new boolean[right.size()];
    for (List<Object> l : left) {
      boolean matched = false;
      for (int j = 0; j < right.size(); j++) {
        List<Object> r = right.get(j);
        long bidTime = (Long) r.get(0);
        if (l.get(0) != null && l.get(0).equals(r.get(1)) && l.get(2) != null && bidTime >= (Long) l.get(1)
            && bidTime <= (Long) l.get(2)) {
          matched = true;
          rightMatched[j] = true;
          List<Object> joined = new ArrayList<>(l);
          joined.addAll(r);
          out.add(joined);
        }
      }
      if (!matched && kind.keepsUnmatchedLeft()) {
        out.add(Arrays.asList(l.get(0), l.get(1), l.get(2), l.get(3), null, null, null));
      }
    }
    for (int j = 0; j < right.size(); j++) {
      if (!rightMatched[j] && kind.keepsUnmatchedRight()) {
        List<Object> r = right.get(j);
        out.add(Arrays.asList(null, null, null, null, r.get(0), r.get(1), r.get(2)));
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

  /** Right time at least the left time (lower bound 0), at most the left row's expires column. */
  private static PlanNode.IntervalJoin join(JoinKind kind) {
    List<Field> fields = new ArrayList<>(LEFT.fields());
    fields.addAll(RIGHT.fields());
    return new PlanNode.IntervalJoin(new PlanNode.Values(LEFT, List.of()), new PlanNode.Values(RIGHT, List.of()),
        kind, List.of(0), List.of(1), 1, 0, 0, 0, 0, Long.MAX_VALUE, new PlanNode.IntervalJoin.ColumnBound(2, 0),
        null, null, new Schema(fields));
  }

  private void feed(IntervalJoinOperator operator, int input, Schema schema, List<List<Object>> rows, Collector out) {
    TestTables.feed(operator, input, schema, rows, allocator, out);
  }

  private Collector collector(Schema schema) {
    return TestTables.collector(schema, output, watermarks);
  }
}
