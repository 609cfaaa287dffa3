package io.sluice.runtime.operator;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.row;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.JoinKind;
import io.sluice.plan.PlanNode;
import io.sluice.plan.ScalarOp;
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
 * TemporalJoinOperator: when left rows leave, which version they meet as versions change and
 * arrive out of order, that old versions are dropped, and random streams compared with a
 * batch oracle (for each left row, the latest version of its key at or before its time).
 */
class TemporalJoinOperatorTest {
  /** Left: key, event time (ms), value; right (versions): key, value, version time. */
  private static final Schema LEFT = schema(field("k", TypeKind.INTEGER), field("lt", TypeKind.BIGINT),
      field("lv", TypeKind.VARCHAR));
  private static final Schema RIGHT = schema(field("k", TypeKind.INTEGER), field("rv", TypeKind.INTEGER),
      field("rt", TypeKind.BIGINT));

  private final BufferAllocator allocator = new RootAllocator();
  private final List<List<Object>> output = new ArrayList<>();
  private final List<Long> watermarks = new ArrayList<>();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void leftRowsWaitForTheWatermarkAndMeetTheVersionValidAtTheirTime() {
    try (TemporalJoinOperator join = open(join(JoinKind.LEFT, null))) {
      Collector out = collector(join(JoinKind.LEFT, null).schema());
      feed(join, 1, RIGHT, List.of(row(1, 10, 100L), row(1, 11, 200L), row(null, 99, 100L)), out);
      feed(join, 0, LEFT, List.of(row(1, 150L, "a"), row(1, 250L, "b"), row(2, 150L, "c"), row(null, 150L, "d")), out);
      assertEquals(List.of(), output, "nothing leaves before the watermark");
      // A version at 140 arriving out of order is the one valid at 150.
      feed(join, 1, RIGHT, List.of(row(1, 12, 140L)), out);
      join.processWatermark(150, out);
      assertEquals(List.of(), output, "a row at 150 waits until the watermark is past 150");
      join.processWatermark(151, out);
      assertEquals(List.of(row(1, 150L, "a", 1, 12, 140L), row(2, 150L, "c", null, null, null),
          row(null, 150L, "d", null, null, null)), output);
      output.clear();
      join.processWatermark(300, out);
      assertEquals(List.of(row(1, 250L, "b", 1, 11, 200L)), output);
      assertEquals(List.of(150L, 151L, 300L), watermarks);
      // Of key 1's versions only the latest before 300 is kept.
      assertEquals(1, join.stateRows());
    }
  }

  @Test
  void theResidualConditionAppliesToTheChosenVersionOnly() {
    // rv > 10: the version valid at the left row's time has rv 10, so the row is padded even
    // though an older version would pass.
    ExprSpec condition = new ExprSpec.Call(ScalarOp.GREATER_THAN, List.of(
        new ExprSpec.InputRef(4, DataType.of(TypeKind.INTEGER)),
        new ExprSpec.Literal(10, DataType.of(TypeKind.INTEGER))), DataType.of(TypeKind.BOOLEAN));
    try (TemporalJoinOperator join = open(join(JoinKind.LEFT, condition))) {
      Collector out = collector(join(JoinKind.LEFT, condition).schema());
      feed(join, 1, RIGHT, List.of(row(1, 50, 100L), row(1, 10, 200L), row(1, 60, 300L)), out);
      feed(join, 0, LEFT, List.of(row(1, 250L, "a"), row(1, 350L, "b")), out);
      join.finish(out);
      assertEquals(List.of(row(1, 250L, "a", null, null, null), row(1, 350L, "b", 1, 60, 300L)), output);
    }
  }

  @Test
  void stateStaysBoundedAsVersionsAccumulate() {
    try (TemporalJoinOperator join = open(join(JoinKind.INNER, null))) {
      Collector out = collector(join(JoinKind.INNER, null).schema());
      for (int step = 0; step < 200; step++) {
        List<List<Object>> versions = new ArrayList<>();
        List<List<Object>> lefts = new ArrayList<>();
        for (int key = 0; key < 50; key++) {
          versions.add(row(key, step, step * 100L + key));
          lefts.add(row(key, step * 100L + 50, "l"));
        }
        feed(join, 1, RIGHT, versions, out);
        feed(join, 0, LEFT, lefts, out);
        join.processWatermark(step * 100L + 60, out);
        assertTrue(join.stateRows() <= 100, "state holds " + join.stateRows() + " rows at step " + step);
      }
      assertEquals(200 * 50, output.size());
    }
  }

  @ParameterizedTest
  @EnumSource(value = JoinKind.class, names = {"INNER", "LEFT"})
  void outOfOrderStreamsGiveTheBatchOracleResult(JoinKind kind) {
    for (int seed = 1; seed <= 20; seed++) {
      checkRandomRun(kind, seed, 80);
    }
  }

  /**
   * A run long enough that the operator reclaims dropped versions several times (moving the
   * kept ones in bulk to fresh vectors) while left rows of several watermarks wait.
   */
  @ParameterizedTest
  @EnumSource(value = JoinKind.class, names = {"INNER", "LEFT"})
  void aLongRunThatCompactsItsVersionsGivesTheBatchOracleResult(JoinKind kind) {
    for (int seed = 1; seed <= 3; seed++) {
      checkRandomRun(kind, seed, 1500);
    }
  }

  private void checkRandomRun(JoinKind kind, int seed, int steps) {
    Random random = new Random(seed * 31L + kind.ordinal());
    List<List<Object>> left = new ArrayList<>();
    List<List<Object>> right = new ArrayList<>();
    output.clear();
    try (TemporalJoinOperator join = open(join(kind, null))) {
      Collector out = collector(join(kind, null).schema());
      long maxTime = 0;
      long watermark = Long.MIN_VALUE;
      for (int step = 0; step < steps; step++) {
        boolean isLeft = random.nextBoolean();
        List<List<Object>> batch = new ArrayList<>();
        int rows = 1 + random.nextInt(8);
        for (int i = 0; i < rows; i++) {
          // Out of order by up to 30 ms but never late: times stay at or above the watermark.
          long time = Math.max(watermark, maxTime - random.nextInt(30)) + random.nextInt(20);
          maxTime = Math.max(maxTime, time);
          Integer key = random.nextInt(10) == 0 ? null : random.nextInt(4);
          batch.add(isLeft ? row(key, time, "l" + left.size() + "." + i)
              : row(key, right.size() + i, time));
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
    assertEquals(sorted(oracle(kind, left, right)), sorted(output), kind + " seed " + seed + ", " + steps + " steps");
  }

  /** The batch answer: each left row with its key's latest version at or before its time (later arrivals win ties). */
  private static List<List<Object>> oracle(JoinKind kind, List<List<Object>> left, List<List<Object>> right) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> l : left) {
      List<Object> best = null;
      for (List<Object> r : right) {
        if (l.get(0) != null && l.get(0).equals(r.get(0)) && (Long) r.get(2) <= (Long) l.get(1)
            && (best == null || (Long) r.get(2) >= (Long) best.get(2))) {
          best = r;
        }
      }
      if (best != null) {
        List<Object> joined = new ArrayList<>(l);
        joined.addAll(best);
        out.add(joined);
      } else if (kind == JoinKind.LEFT) {
        out.add(Arrays.asList(l.get(0), l.get(1), l.get(2), null, null, null));
      }
    }
    return out;
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Object::toString));
    return copy;
  }

  private TemporalJoinOperator open(PlanNode.TemporalJoin spec) {
    TemporalJoinOperator operator = new TemporalJoinOperator(spec, CalcProvider.COMPILER);
    operator.open(new OperatorContext("join", allocator, new JobMetrics(), Map.of()));
    return operator;
  }

  private static PlanNode.TemporalJoin join(JoinKind kind, ExprSpec residual) {
    List<Field> fields = new ArrayList<>(LEFT.fields());
    for (Field field : RIGHT.fields()) {
      fields.add(new Field(field.name(), field.type().withNullable(true)));
    }
    return new PlanNode.TemporalJoin(new PlanNode.Values(LEFT, List.of()), new PlanNode.Values(RIGHT, List.of()),
        kind, List.of(0), List.of(0), 1, 2, residual, new Schema(fields));
  }

  private void feed(TemporalJoinOperator operator, int input, Schema schema, List<List<Object>> rows, Collector out) {
    TestTables.feed(operator, input, schema, rows, allocator, out);
  }

  private Collector collector(Schema schema) {
    return TestTables.collector(schema, output, watermarks);
  }
}
