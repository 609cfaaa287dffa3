package io.sluice.runtime.operator;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.run;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.DataType;
import io.sluice.plan.ExprSpec;
import io.sluice.plan.Field;
import io.sluice.plan.JoinKind;
import io.sluice.plan.PlanNode;
import io.sluice.plan.RowKind;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Random inputs through HashJoinOperator compared with a nested-loop join on Java lists:
 * bounded inputs through a whole job (append-only, padding at the end), and unbounded
 * inputs fed in random interleavings whose changelog, once applied, must give the same rows.
 */
class HashJoinPropertyTest {
  private static final Schema LEFT = schema(field("k1", TypeKind.VARCHAR), field("k2", TypeKind.INTEGER),
      field("lv", TypeKind.BIGINT));
  private static final Schema RIGHT = schema(field("rk2", TypeKind.INTEGER), field("rv", TypeKind.BIGINT),
      field("rk1", TypeKind.VARCHAR));
  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  /** lv < rv, over the left columns then the right ones. */
  private static final ExprSpec RESIDUAL = new ExprSpec.Call(ScalarOp.LESS_THAN,
      List.of(new ExprSpec.InputRef(2, BIGINT), new ExprSpec.InputRef(4, BIGINT)), DataType.of(TypeKind.BOOLEAN));

  @ParameterizedTest
  @EnumSource(JoinKind.class)
  void boundedJoinMatchesNestedLoop(JoinKind kind) {
    for (int seed = 1; seed <= 4; seed++) {
      Random random = new Random(seed * 31L + kind.ordinal());
      List<List<Object>> left = leftRows(random, 300 + random.nextInt(300));
      List<List<Object>> right = rightRows(random, 300 + random.nextInt(300));
      for (ExprSpec residual : Arrays.asList(null, RESIDUAL)) {
        PlanNode.Join join = join(kind, new PlanNode.Values(LEFT, left), new PlanNode.Values(RIGHT, right),
            residual, true);
        assertEquals(sorted(nestedLoop(kind, left, right, residual != null)), sorted(run(join)),
            kind + " seed " + seed + (residual == null ? "" : " with residual"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(JoinKind.class)
  void changelogOfUnboundedJoinEndsInNestedLoopResult(JoinKind kind) {
    for (int seed = 1; seed <= 4; seed++) {
      Random random = new Random(seed * 17L + kind.ordinal());
      List<List<Object>> left = leftRows(random, 200 + random.nextInt(200));
      List<List<Object>> right = rightRows(random, 200 + random.nextInt(200));
      PlanNode.Join join = join(kind, new PlanNode.Values(LEFT, List.of()), new PlanNode.Values(RIGHT, List.of()),
          RESIDUAL, false);
      List<List<Object>> changes = feedInterleaved(join, left, right, random);
      List<List<Object>> result = join.changelog() ? apply(changes) : changes;
      assertEquals(sorted(nestedLoop(kind, left, right, true)), sorted(result), kind + " seed " + seed);
    }
  }

  static PlanNode.Join join(JoinKind kind, PlanNode left, PlanNode right, ExprSpec residual, boolean bounded) {
    List<Field> fields = new ArrayList<>(left.schema().fields());
    if (kind.emitsRight()) {
      fields.addAll(right.schema().fields());
    }
    if (!bounded && (kind.keepsUnmatchedLeft() || kind.keepsUnmatchedRight())) {
      // Outer and anti joins over unbounded inputs take back rows they emitted too early.
      fields.add(new Field(RowKind.COLUMN, new DataType(TypeKind.TINYINT, -1, 0, false)));
    }
    return new PlanNode.Join(left, right, kind, List.of(0, 1), List.of(2, 0), residual, bounded, new Schema(fields));
  }

  /** Feeds both inputs in random batch sizes and random order; returns every output row with its kind. */
  private static List<List<Object>> feedInterleaved(PlanNode.Join join, List<List<Object>> left,
      List<List<Object>> right, Random random) {
    List<List<Object>> output = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
        HashJoinOperator operator = new HashJoinOperator(join, CalcProvider.COMPILER)) {
      operator.open(new OperatorContext("join", allocator, new JobMetrics(), Map.of()));
      Collector out = collector(join.schema(), output);
      int l = 0;
      int r = 0;
      while (l < left.size() || r < right.size()) {
        boolean fromLeft = r == right.size() || (l < left.size() && random.nextBoolean());
        int count = 1 + random.nextInt(40);
        if (fromLeft) {
          int end = Math.min(left.size(), l + count);
          feed(operator, 0, LEFT, left.subList(l, end), allocator, out);
          l = end;
        } else {
          int end = Math.min(right.size(), r + count);
          feed(operator, 1, RIGHT, right.subList(r, end), allocator, out);
          r = end;
        }
      }
      operator.finish(out);
    }
    return output;
  }

  static void feed(HashJoinOperator operator, int input, Schema schema, List<List<Object>> rows,
      BufferAllocator allocator, Collector out) {
    TestTables.feed(operator, input, schema, rows, allocator, out);
  }

  static Collector collector(Schema schema, List<List<Object>> sink) {
    return TestTables.collector(schema, sink, null);
  }

  /** The rows left after applying a changelog (last column: the row kind) as a multiset. */
  static List<List<Object>> apply(List<List<Object>> changes) {
    List<List<Object>> rows = new ArrayList<>();
    for (List<Object> change : changes) {
      List<Object> row = new ArrayList<>(change.subList(0, change.size() - 1));
      if (RowKind.of((Byte) change.get(change.size() - 1)).isAccumulate()) {
        rows.add(row);
      } else {
        assertTrue(rows.remove(row), "retracted a row that was never emitted: " + row);
      }
    }
    return rows;
  }

  private static List<List<Object>> leftRows(Random random, int count) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(Arrays.asList(random.nextInt(12) == 0 ? null : "k" + random.nextInt(6),
          random.nextInt(12) == 0 ? null : random.nextInt(5), (long) random.nextInt(100)));
    }
    return rows;
  }

  private static List<List<Object>> rightRows(Random random, int count) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(Arrays.asList(random.nextInt(12) == 0 ? null : random.nextInt(5),
          random.nextInt(10) == 0 ? null : (long) random.nextInt(100), random.nextInt(12) == 0 ? null : "k" + random.nextInt(7)));
    }
    return rows;
  }

  /** The reference join: every pair of rows, keys compared with SQL equality (NULL never matches). */
  private static List<List<Object>> nestedLoop(JoinKind kind, List<List<Object>> left, List<List<Object>> right,
      boolean residual) {
    List<List<Object>> out = new ArrayList<>();
    boolean[] rightMatched = new boolean[right.size()];
    for (List<Object> l : left) {
      boolean matched = false;
      for (int j = 0; j < right.size(); j++) {
        List<Object> r = right.get(j);
        boolean keys = l.get(0) != null && l.get(0).equals(r.get(2)) && l.get(1) != null && l.get(1).equals(r.get(0));
        boolean extra = !residual || (r.get(1) != null && (Long) l.get(2) < (Long) r.get(1));
        if (keys && extra) {
          matched = true;
          rightMatched[j] = true;
          if (kind.emitsRight()) {
            List<Object> joined = new ArrayList<>(l);
            joined.addAll(r);
            out.add(joined);
          }
        }
      }
      if ((kind == JoinKind.SEMI && matched) || (kind == JoinKind.ANTI && !matched)) {
        out.add(l);
      } else if (!matched && kind.keepsUnmatchedLeft() && kind.emitsRight()) {
        List<Object> padded = new ArrayList<>(l);
        padded.addAll(Arrays.asList(null, null, null));
        out.add(padded);
      }
    }
    if (kind.keepsUnmatchedRight()) {
      for (int j = 0; j < right.size(); j++) {
        if (!rightMatched[j]) {
          List<Object> padded = new ArrayList<>(Arrays.asList(null, null, null));
          padded.addAll(right.get(j));
          out.add(padded);
        }
      }
    }
    return out;
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Object::toString));
    return copy;
  }
}
