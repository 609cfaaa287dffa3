package io.sluice.runtime.operator;

import static io.sluice.runtime.testing.TestTables.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.JoinKind;
import io.sluice.plan.LatenessSpec;
import io.sluice.plan.PlanNode;
import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.plan.WindowSpec;
import io.sluice.runtime.testing.CheckpointRoundTrip;
import io.sluice.runtime.testing.CheckpointRoundTrip.Step;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Operators snapshotted and restored into fresh instances between batches (as a job restarted
 * from a checkpoint does) emit exactly what they emit when run straight.
 */
class OperatorCheckpointTest {
  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  private static final DataType DOUBLE = DataType.of(TypeKind.DOUBLE);
  private static final DataType VARCHAR = DataType.of(TypeKind.VARCHAR);
  private static final DataType KIND = DataType.of(TypeKind.TINYINT).withNullable(false);
  private static final DataType TIME = new DataType(TypeKind.TIMESTAMP, 3, 0, false);
  private static final Schema INPUT = Schema.of(field("k", TypeKind.VARCHAR), field("n", TypeKind.INTEGER),
      field("v", TypeKind.BIGINT), new Field("d", DataType.decimal(20, 2)), field("x", TypeKind.DOUBLE),
      field("s", TypeKind.VARCHAR), field("f", TypeKind.BOOLEAN), new Field("ts", TIME));
  private static final Schema CHANGELOG = Schema.of(field("k", TypeKind.VARCHAR), field("v", TypeKind.BIGINT),
      new Field("d", DataType.decimal(20, 2)), field("x", TypeKind.DOUBLE), new Field(RowKind.COLUMN, KIND));

  /** Every accumulator kind the batch and window aggregates checkpoint, with FILTER and DISTINCT. */
  private static final List<AggregateCall> CALLS = List.of(
      new AggregateCall(AggregateKind.COUNT, List.of(), false, -1, BIGINT, "cnt"),
      new AggregateCall(AggregateKind.SUM, List.of(2), false, 6, BIGINT, "sum_v_filtered"),
      new AggregateCall(AggregateKind.AVG, List.of(3), false, -1, DataType.decimal(38, 4), "avg_d"),
      new AggregateCall(AggregateKind.SUM, List.of(4), false, -1, DOUBLE, "sum_x"),
      new AggregateCall(AggregateKind.MIN, List.of(5), false, -1, VARCHAR, "min_s"),
      new AggregateCall(AggregateKind.MAX, List.of(2), false, -1, BIGINT, "max_v"),
      new AggregateCall(AggregateKind.STDDEV_SAMP, List.of(4), false, -1, DOUBLE, "sd_x"),
      new AggregateCall(AggregateKind.CORR, List.of(4, 2), false, -1, DOUBLE, "corr"),
      new AggregateCall(AggregateKind.COUNT, List.of(2), true, -1, BIGINT, "distinct_v"),
      new AggregateCall(AggregateKind.APPROX_COUNT_DISTINCT, List.of(5), true, -1, BIGINT, "approx_s"));

  @Test
  void groupedHashAggregateRestoresItsGroups() {
    PlanNode.Aggregate spec = new PlanNode.Aggregate(new PlanNode.Values(INPUT, List.of()), List.of(0, 1),
        CALLS, outputSchema(INPUT, List.of(0, 1), CALLS, false));
    List<Step> steps = batches(randomRows(new Random(1), 4000), 0, 97);
    for (int every : new int[] {1, 5}) {
      List<List<Object>> rows = CheckpointRoundTrip.assertSameAfterRestores(() -> new HashAggregateOperator(spec),
          List.of(INPUT), spec.schema(), steps, every);
      assertEquals(60, rows.size(), "12 keys times 5 values of n");
    }
  }

  @Test
  void globalHashAggregateRestoresItsOneGroup() {
    PlanNode.Aggregate spec = new PlanNode.Aggregate(new PlanNode.Values(INPUT, List.of()), List.of(),
        CALLS, outputSchema(INPUT, List.of(), CALLS, false));
    List<Step> steps = batches(randomRows(new Random(2), 1000), 0, 64);
    List<List<Object>> rows = CheckpointRoundTrip.assertSameAfterRestores(() -> new HashAggregateOperator(spec),
        List.of(INPUT), spec.schema(), steps, 2);
    assertEquals(1000L, rows.get(0).get(0));
  }

  @Test
  void windowAggregateRestoresItsSlices() {
    for (WindowSpec window : List.of(WindowSpec.tumble(7, 5_000, 0), WindowSpec.hop(7, 2_000, 6_000, 0),
        WindowSpec.cumulate(7, 2_000, 8_000, 1_000))) {
      List<Field> fields = new ArrayList<>(List.of(INPUT.field(0), new Field("window_start", TIME),
          new Field("window_end", TIME), new Field("window_time", TIME)));
      CALLS.forEach(c -> fields.add(new Field(c.name(), c.type())));
      PlanNode.WindowAggregate spec = new PlanNode.WindowAggregate(new PlanNode.Values(INPUT, List.of()), window,
          List.of(0), CALLS, new LatenessSpec("events", 0), new Schema(fields));
      List<Step> steps = withWatermarks(batches(randomRows(new Random(3), 2000), 0, 50));
      CheckpointRoundTrip.assertSameAfterRestores(() -> new WindowAggregateOperator(spec), List.of(INPUT),
          spec.schema(), steps, 3);
    }
  }

  @Test
  void sessionWindowRestoresOpenSessions() {
    List<Field> fields = new ArrayList<>(List.of(INPUT.field(0), new Field("window_start", TIME),
        new Field("window_end", TIME), new Field("window_time", TIME)));
    CALLS.forEach(c -> fields.add(new Field(c.name(), c.type())));
    PlanNode.WindowAggregate spec = new PlanNode.WindowAggregate(new PlanNode.Values(INPUT, List.of()),
        WindowSpec.session(7, 300), List.of(0), CALLS, new LatenessSpec("events", 0), new Schema(fields));
    // Late rows bridge sessions: watermarks trail the batch's greatest time by a second.
    List<Step> steps = new ArrayList<>();
    Random random = new Random(7);
    List<List<Object>> rows = randomRows(random, 3000);
    for (int from = 0; from < rows.size(); from += 40) {
      List<List<Object>> batch = new ArrayList<>(rows.subList(from, Math.min(rows.size(), from + 40)));
      java.util.Collections.shuffle(batch, random);
      steps.add(Step.batch(0, batch));
      steps.add(Step.watermark((Long) rows.get(Math.min(rows.size(), from + 40) - 1).get(7) - 1000));
    }
    List<List<Object>> straight = sorted(CheckpointRoundTrip.run(() -> new SessionWindowOperator(spec),
        List.of(INPUT), spec.schema(), steps, 0));
    for (int every : new int[] {1, 3, -3}) {
      assertEquals(straight, sorted(CheckpointRoundTrip.run(() -> new SessionWindowOperator(spec), List.of(INPUT),
          spec.schema(), steps, every)), "restores every " + every + " steps");
    }
    assertFalse(straight.isEmpty());
  }

  /** Sessions of different keys ending at the same time fire in heap order, so these compare as multisets. */
  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(java.util.Comparator.comparing(Object::toString));
    return copy;
  }

  @Test
  void continuousGroupByOverAChangelogRestoresCountsDistinctPairsAndMinMaxMultisets() {
    List<AggregateCall> calls = List.of(
        new AggregateCall(AggregateKind.COUNT, List.of(), false, -1, BIGINT, "cnt"),
        new AggregateCall(AggregateKind.SUM, List.of(1), false, -1, BIGINT, "sum_v"),
        new AggregateCall(AggregateKind.AVG, List.of(2), false, -1, DataType.decimal(38, 4), "avg_d"),
        new AggregateCall(AggregateKind.SUM, List.of(3), false, -1, DOUBLE, "sum_x"),
        new AggregateCall(AggregateKind.COUNT, List.of(1), true, -1, BIGINT, "distinct_v"),
        new AggregateCall(AggregateKind.MIN, List.of(1), false, -1, BIGINT, "min_v"),
        new AggregateCall(AggregateKind.MAX, List.of(2), false, -1, DataType.decimal(20, 2), "max_d"),
        new AggregateCall(AggregateKind.MIN, List.of(3), false, -1, DOUBLE, "min_x"),
        new AggregateCall(AggregateKind.MAX, List.of(0), false, -1, VARCHAR, "max_k"));
    PlanNode.GroupAggregate spec = new PlanNode.GroupAggregate(new PlanNode.Values(CHANGELOG, List.of()),
        List.of(0), calls, outputSchema(CHANGELOG, List.of(0), calls, true));
    List<Step> steps = batches(changelog(new Random(4), 3000), 0, 41);
    for (int every : new int[] {1, 4}) {
      CheckpointRoundTrip.assertSameAfterRestores(() -> new GroupAggregateOperator(spec), List.of(CHANGELOG),
          spec.schema(), steps, every);
    }
  }

  @Test
  void continuousGroupByOverAppendOnlyInputRestoresMinAndMax() {
    PlanNode.GroupAggregate spec = new PlanNode.GroupAggregate(new PlanNode.Values(INPUT, List.of()), List.of(0),
        CALLS, outputSchema(INPUT, List.of(0), CALLS, true));
    List<Step> steps = batches(randomRows(new Random(5), 2000), 0, 33);
    CheckpointRoundTrip.assertSameAfterRestores(() -> new GroupAggregateOperator(spec), List.of(INPUT),
        spec.schema(), steps, 3);
  }

  @Test
  void hashJoinRestoresBothSidesOfEveryKind() {
    Schema left = Schema.of(field("k1", TypeKind.VARCHAR), field("k2", TypeKind.INTEGER), field("lv", TypeKind.BIGINT));
    Schema right = Schema.of(field("rk2", TypeKind.INTEGER), field("rv", TypeKind.BIGINT),
        field("rk1", TypeKind.VARCHAR));
    Random random = new Random(6);
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      List<List<Object>> rows = new ArrayList<>();
      boolean ofLeft = random.nextBoolean();
      for (int r = 0; r < 1 + random.nextInt(20); r++) {
        String k1 = random.nextInt(10) == 0 ? null : "k" + random.nextInt(4);
        Integer k2 = random.nextInt(3);
        long v = random.nextInt(100);
        rows.add(ofLeft ? Arrays.asList(k1, k2, v) : Arrays.asList(k2, v, k1));
      }
      steps.add(Step.batch(ofLeft ? 0 : 1, rows));
    }
    for (JoinKind kind : JoinKind.values()) {
      for (boolean bounded : new boolean[] {true, false}) {
        PlanNode.Join join = HashJoinPropertyTest.join(kind, new PlanNode.Values(left, List.of()),
            new PlanNode.Values(right, List.of()), null, bounded);
        CheckpointRoundTrip.assertSameAfterRestores(() -> new HashJoinOperator(join, CalcProvider.COMPILER),
            List.of(left, right), join.schema(), steps, 3);
      }
    }
  }

  @Test
  void intervalJoinRestoresLiveAndMatchedRows() {
    Schema left = Schema.of(field("k", TypeKind.INTEGER), field("lt", TypeKind.BIGINT), field("lv", TypeKind.VARCHAR));
    Schema right = Schema.of(field("rt", TypeKind.BIGINT), field("k", TypeKind.INTEGER), field("rv", TypeKind.VARCHAR));
    List<Field> fields = new ArrayList<>(left.fields());
    fields.addAll(right.fields());
    Random random = new Random(8);
    List<Step> steps = new ArrayList<>();
    long time = 0;
    for (int i = 0; i < 200; i++) {
      boolean ofLeft = random.nextBoolean();
      List<List<Object>> rows = new ArrayList<>();
      for (int r = 0; r < 1 + random.nextInt(30); r++) {
        Integer key = random.nextInt(15) == 0 ? null : random.nextInt(6);
        long t = time + random.nextInt(40);
        rows.add(ofLeft ? Arrays.asList(key, t, "l" + i) : Arrays.asList(t, key, "r" + i));
      }
      time += 10;
      steps.add(Step.batch(ofLeft ? 0 : 1, rows));
      if (i % 3 == 2) {
        steps.add(Step.watermark(time - 60));
      }
    }
    for (JoinKind kind : List.of(JoinKind.INNER, JoinKind.LEFT, JoinKind.RIGHT, JoinKind.FULL)) {
      PlanNode.IntervalJoin join = new PlanNode.IntervalJoin(new PlanNode.Values(left, List.of()),
          new PlanNode.Values(right, List.of()), kind, List.of(0), List.of(1), 1, 0, 0, 0, -50, 10, null,
          new Schema(fields));
      CheckpointRoundTrip.assertSameAfterRestores(() -> new IntervalJoinOperator(join, CalcProvider.COMPILER),
          List.of(left, right), join.schema(), steps, 7);
    }
  }

  @Test
  void overAggregateRestoresWaitingRowsAndHistory() {
    for (boolean rowsFrame : new boolean[] {true, false}) {
      List<Field> fields = new ArrayList<>(INPUT.fields());
      CALLS.forEach(c -> fields.add(new Field(c.name(), c.type())));
      PlanNode.OverAggregate spec = new PlanNode.OverAggregate(new PlanNode.Values(INPUT, List.of()), List.of(0), 7,
          rowsFrame, rowsFrame ? 5 : 400, CALLS, new LatenessSpec("events", 0), new Schema(fields));
      // 4500 rows with watermarks trailing by 200 ms: rows wait, history is evicted and the store compacts.
      List<Step> steps = new ArrayList<>();
      List<List<Object>> rows = randomRows(new Random(9), 4500);
      for (int from = 0; from < rows.size(); from += 50) {
        int to = Math.min(rows.size(), from + 50);
        steps.add(Step.batch(0, rows.subList(from, to)));
        steps.add(Step.watermark((Long) rows.get(to - 1).get(7) - 200));
      }
      CheckpointRoundTrip.assertSameAfterRestores(() -> new OverAggregateOperator(spec), List.of(INPUT),
          spec.schema(), steps, 11);
    }
  }

  private static Schema outputSchema(Schema input, List<Integer> keys, List<AggregateCall> calls, boolean changelog) {
    List<Field> fields = new ArrayList<>();
    keys.forEach(k -> fields.add(input.field(k)));
    calls.forEach(c -> fields.add(new Field(c.name(), c.type())));
    if (changelog) {
      fields.add(new Field(RowKind.COLUMN, KIND));
    }
    return new Schema(fields);
  }

  private static List<List<Object>> randomRows(Random random, int count) {
    List<List<Object>> rows = new ArrayList<>();
    long time = 1_704_067_200_000L;
    for (int i = 0; i < count; i++) {
      time += random.nextInt(40);
      rows.add(Arrays.asList(
          "k" + random.nextInt(12),
          random.nextInt(5),
          random.nextInt(8) == 0 ? null : (long) random.nextInt(1000) - 300,
          random.nextInt(8) == 0 ? null : BigDecimal.valueOf(random.nextInt(100_000) - 50_000, 2),
          random.nextInt(8) == 0 ? null : random.nextInt(1000) / 8.0,
          random.nextInt(8) == 0 ? null : "s" + random.nextInt(50),
          random.nextInt(5) == 0 ? null : random.nextBoolean(),
          time));
    }
    return rows;
  }

  /** Inserts, and retractions (-U or -D) of rows inserted earlier and still live: a consistent changelog. */
  private static List<List<Object>> changelog(Random random, int count) {
    List<List<Object>> live = new ArrayList<>();
    List<List<Object>> changes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (!live.isEmpty() && random.nextInt(3) == 0) {
        List<Object> row = new ArrayList<>(live.remove(random.nextInt(live.size())));
        row.set(4, random.nextBoolean() ? RowKind.DELETE.code() : RowKind.UPDATE_BEFORE.code());
        changes.add(row);
        continue;
      }
      List<Object> row = Arrays.asList("k" + random.nextInt(9),
          random.nextInt(8) == 0 ? null : (long) random.nextInt(20) - 5,
          random.nextInt(8) == 0 ? null : BigDecimal.valueOf(random.nextInt(10_000) - 3000, 2),
          random.nextInt(8) == 0 ? null : random.nextInt(100) / 4.0,
          RowKind.INSERT.code());
      live.add(row);
      changes.add(row);
    }
    return changes;
  }

  private static List<Step> batches(List<List<Object>> rows, int input, int size) {
    List<Step> steps = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += size) {
      steps.add(Step.batch(input, rows.subList(from, Math.min(rows.size(), from + size))));
    }
    return steps;
  }

  /** A watermark after each batch: its greatest event time, so windows fire as the input goes. */
  private static List<Step> withWatermarks(List<Step> batches) {
    List<Step> steps = new ArrayList<>();
    for (Step batch : batches) {
      steps.add(batch);
      steps.add(Step.watermark((Long) batch.rows().get(batch.rows().size() - 1).get(7)));
    }
    return steps;
  }
}
