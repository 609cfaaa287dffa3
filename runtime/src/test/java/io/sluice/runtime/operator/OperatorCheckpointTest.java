package io.sluice.runtime.operator;

import static io.sluice.runtime.testing.TestTables.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.JoinKind;
import io.sluice.plan.LatenessSpec;
import io.sluice.plan.PlanNode;
import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.plan.SortKey;
import io.sluice.plan.TypeKind;
import io.sluice.plan.WindowSpec;
import io.sluice.runtime.testing.CheckpointRoundTrip;
import io.sluice.runtime.testing.CheckpointRoundTrip.Step;
import io.sluice.udf.UserFunction;
import io.sluice.udf.spi.AggregateFunction;
import java.io.Serializable;
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
  void earlyFiringWindowAggregateRestoresWhatEachOpenWindowEmitted() {
    for (WindowSpec window : List.of(WindowSpec.tumble(7, 5_000, 0), WindowSpec.hop(7, 2_000, 6_000, 0),
        WindowSpec.cumulate(7, 2_000, 8_000, 1_000))) {
      List<Field> fields = new ArrayList<>(List.of(INPUT.field(0), new Field("window_start", TIME),
          new Field("window_end", TIME), new Field("window_time", TIME)));
      CALLS.forEach(c -> fields.add(new Field(c.name(), c.type())));
      fields.add(new Field(RowKind.COLUMN, new DataType(TypeKind.TINYINT, 0, 0, false)));
      // Fired on every watermark: the -U/+U pairs after a restore must retract exactly what was emitted before it.
      PlanNode.WindowAggregate spec = new PlanNode.WindowAggregate(new PlanNode.Values(INPUT, List.of()), window,
          List.of(0), CALLS, new LatenessSpec("events", 0), new Schema(fields), 0);
      List<Step> steps = withWatermarks(batches(randomRows(new Random(5), 2000), 0, 50));
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
        // Blobs merged two per level: every other snapshot rewrites some earlier rows, also after restores.
        CheckpointRoundTrip.assertSameAfterRestores(
            () -> new HashJoinOperator(join, CalcProvider.COMPILER, () -> System.nanoTime() / 1_000_000, 2),
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
      for (int fanIn : new int[] {2, 3}) {
        CheckpointRoundTrip.assertSameAfterRestores(() -> new IntervalJoinOperator(join, CalcProvider.COMPILER, fanIn),
            List.of(left, right), join.schema(), steps, 7);
      }
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

  /**
   * The value, sketch and metric aggregates: FIRST_VALUE/LAST_VALUE (fixed-width and string,
   * with and without an event time), APPROX_PERCENTILE and ROC_AUC_SCORE.
   */
  private static final List<AggregateCall> VALUE_CALLS = List.of(
      new AggregateCall(AggregateKind.FIRST_VALUE, List.of(5, 7), false, -1, VARCHAR, "first_s"),
      new AggregateCall(AggregateKind.LAST_VALUE, List.of(2, 7), false, -1, BIGINT, "last_v"),
      new AggregateCall(AggregateKind.FIRST_VALUE, List.of(3), false, -1, DataType.decimal(20, 2), "first_d"),
      new AggregateCall(AggregateKind.LAST_VALUE, List.of(5), false, 6, VARCHAR, "last_s_filtered"),
      new AggregateCall(AggregateKind.APPROX_PERCENTILE, List.of(4), false, -1, DOUBLE, "median_x", 0.5),
      new AggregateCall(AggregateKind.APPROX_PERCENTILE, List.of(2), false, -1, DOUBLE, "p90_v", 0.9),
      new AggregateCall(AggregateKind.ROC_AUC_SCORE, List.of(4, 6), false, -1, DOUBLE, "auc"));
  /** The TRAIN_* aggregates; LOGREG, SVM and KMEANS solve over all rows at each result, so their inputs stay small. */
  private static final List<AggregateCall> TRAIN_CALLS = List.of(
      new AggregateCall(AggregateKind.TRAIN_LINREG, List.of(4, 2, 1), false, -1, VARCHAR, "linreg"),
      new AggregateCall(AggregateKind.TRAIN_LOGREG, List.of(6, 4, 1), false, -1, VARCHAR, "logreg"),
      new AggregateCall(AggregateKind.TRAIN_SVM, List.of(6, 4), false, -1, VARCHAR, "svm"),
      new AggregateCall(AggregateKind.TRAIN_KMEANS, List.of(8, 4, 1), false, -1, VARCHAR, "kmeans"));
  /** {@link #INPUT} and a constant column 3 (the k of TRAIN_KMEANS). */
  private static final Schema VALUE_INPUT = withThree(INPUT);

  @Test
  void valueSketchAndMetricAccumulatorsRestoreInHashAggregates() {
    for (List<Integer> keys : List.of(List.of(0), List.<Integer>of())) {
      PlanNode.Aggregate spec = new PlanNode.Aggregate(new PlanNode.Values(INPUT, List.of()), keys,
          VALUE_CALLS, outputSchema(INPUT, keys, VALUE_CALLS, false));
      // 6000 rows: the global group's percentile sketches compact (beyond 2048 values) between restores.
      List<Step> steps = batches(randomRows(new Random(10), 6000), 0, 250);
      List<List<Object>> rows = CheckpointRoundTrip.assertSameAfterRestores(() -> new HashAggregateOperator(spec),
          List.of(INPUT), spec.schema(), steps, 3);
      assertEquals(keys.isEmpty() ? 1 : 12, rows.size());
    }
  }

  @Test
  void valueSketchAndMetricAccumulatorsRestoreInWindowSlices() {
    for (WindowSpec window : List.of(WindowSpec.tumble(7, 5_000, 0), WindowSpec.hop(7, 2_000, 6_000, 0))) {
      PlanNode.WindowAggregate spec = windowAggregate(INPUT, window, VALUE_CALLS);
      List<Step> steps = withWatermarks(batches(randomRows(new Random(11), 2000), 0, 50));
      CheckpointRoundTrip.assertSameAfterRestores(() -> new WindowAggregateOperator(spec), List.of(INPUT),
          spec.schema(), steps, 3);
    }
  }

  @Test
  void continuousGroupByRestoresValueAccumulators() {
    PlanNode.GroupAggregate spec = new PlanNode.GroupAggregate(new PlanNode.Values(INPUT, List.of()),
        List.of(0), VALUE_CALLS, outputSchema(INPUT, List.of(0), VALUE_CALLS, true));
    List<Step> steps = batches(randomRows(new Random(12), 1500), 0, 60);
    CheckpointRoundTrip.assertSameAfterRestores(() -> new GroupAggregateOperator(spec), List.of(INPUT),
        spec.schema(), steps, 4);
  }

  @Test
  void trainingAccumulatorsRestoreTheirRowsAndNormalEquations() {
    List<Step> rows = batches(withThree(randomRows(new Random(18), 240)), 0, 12);
    PlanNode.Aggregate grouped = new PlanNode.Aggregate(new PlanNode.Values(VALUE_INPUT, List.of()), List.of(0),
        TRAIN_CALLS, outputSchema(VALUE_INPUT, List.of(0), TRAIN_CALLS, false));
    CheckpointRoundTrip.assertSameAfterRestores(() -> new HashAggregateOperator(grouped), List.of(VALUE_INPUT),
        grouped.schema(), rows, 3);
    PlanNode.WindowAggregate window = windowAggregate(VALUE_INPUT, WindowSpec.hop(7, 2_000, 6_000, 0), TRAIN_CALLS);
    CheckpointRoundTrip.assertSameAfterRestores(() -> new WindowAggregateOperator(window), List.of(VALUE_INPUT),
        window.schema(), withWatermarks(rows), 3);
  }

  private static PlanNode.WindowAggregate windowAggregate(Schema input, WindowSpec window, List<AggregateCall> calls) {
    List<Field> fields = new ArrayList<>(List.of(input.field(0), new Field("window_start", TIME),
        new Field("window_end", TIME), new Field("window_time", TIME)));
    calls.forEach(c -> fields.add(new Field(c.name(), c.type())));
    return new PlanNode.WindowAggregate(new PlanNode.Values(input, List.of()), window, List.of(0), calls,
        new LatenessSpec("events", 0), new Schema(fields));
  }

  @Test
  void windowTopNRestoresItsHeapsAndStores() {
    Schema input = Schema.of(field("k", TypeKind.VARCHAR), field("v", TypeKind.BIGINT), field("s", TypeKind.VARCHAR),
        new Field("window_start", TIME), new Field("window_end", TIME));
    // About 2000 rows a window over 3 keys: kept heaps of 3 reject most rows, so the stores compact.
    Random random = new Random(13);
    List<List<Object>> rows = new ArrayList<>();
    long time = 1_704_067_200_000L;
    for (int i = 0; i < 6000; i++) {
      time += random.nextInt(10);
      long start = Math.floorDiv(time, 10_000) * 10_000;
      rows.add(Arrays.asList(random.nextInt(10) == 0 ? null : "k" + random.nextInt(3),
          random.nextInt(7) == 0 ? null : (long) random.nextInt(10_000), random.nextInt(5) == 0 ? null : "s" + random.nextInt(40),
          start, start + 10_000));
    }
    List<Step> steps = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += 70) {
      int to = Math.min(rows.size(), from + 70);
      steps.add(Step.batch(0, rows.subList(from, to)));
      steps.add(Step.watermark((Long) rows.get(to - 1).get(3) - 1));
    }
    for (boolean keepRank : new boolean[] {true, false}) {
      List<Field> fields = new ArrayList<>(input.fields());
      if (keepRank) {
        fields.add(new Field("rn", DataType.of(TypeKind.BIGINT).withNullable(false)));
      }
      PlanNode.WindowTopN spec = new PlanNode.WindowTopN(new PlanNode.Values(input, List.of()), List.of(0),
          List.of(new SortKey(1, true, false)), 3, keepRank, 4, new LatenessSpec("events", 0), new Schema(fields));
      CheckpointRoundTrip.assertSameAfterRestores(() -> new WindowTopNOperator(spec), List.of(input), spec.schema(),
          steps, 5);
    }
  }

  @Test
  void temporalJoinRestoresPendingRowsAndVersions() {
    Schema left = Schema.of(field("k", TypeKind.INTEGER), field("lt", TypeKind.BIGINT), field("lv", TypeKind.VARCHAR));
    Schema right = Schema.of(field("k", TypeKind.INTEGER), field("rv", TypeKind.INTEGER), field("rt", TypeKind.BIGINT));
    Random random = new Random(14);
    List<Step> steps = new ArrayList<>();
    long time = 0;
    // Many versions of six keys: old ones are dropped as the watermark passes, and the version store compacts.
    for (int i = 0; i < 300; i++) {
      boolean ofLeft = random.nextInt(3) == 0;
      List<List<Object>> rows = new ArrayList<>();
      for (int r = 0; r < 1 + random.nextInt(30); r++) {
        Integer key = random.nextInt(15) == 0 ? null : random.nextInt(6);
        long t = time + random.nextInt(40);
        rows.add(ofLeft ? Arrays.asList(key, t, "l" + i) : Arrays.asList(key, random.nextInt(1000), t));
      }
      time += 10;
      steps.add(Step.batch(ofLeft ? 0 : 1, rows));
      if (i % 3 == 2) {
        steps.add(Step.watermark(time - 30));
      }
    }
    for (JoinKind kind : List.of(JoinKind.INNER, JoinKind.LEFT)) {
      List<Field> fields = new ArrayList<>(left.fields());
      for (Field field : right.fields()) {
        fields.add(new Field(field.name(), field.type().withNullable(true)));
      }
      PlanNode.TemporalJoin join = new PlanNode.TemporalJoin(new PlanNode.Values(left, List.of()),
          new PlanNode.Values(right, List.of()), kind, List.of(0), List.of(0), 1, 2, null, new Schema(fields));
      CheckpointRoundTrip.assertSameAfterRestores(() -> new TemporalJoinOperator(join, CalcProvider.COMPILER),
          List.of(left, right), join.schema(), steps, 7);
    }
  }

  @Test
  void userAggregateWithSerializableAccumulatorsRestores() throws Exception {
    UserFunction function = UserFunction.of("weighted", WeightedSum.class);
    AggregateCall call = new AggregateCall(AggregateKind.USER, List.of(2, 1), false, -1, DOUBLE, "weighted",
        function, WeightedSum.class.getMethod("accumulate", WeightedSum.Acc.class, Long.class, int.class));
    List<AggregateCall> calls = List.of(call, CALLS.get(0));
    PlanNode.Aggregate grouped = new PlanNode.Aggregate(new PlanNode.Values(INPUT, List.of()), List.of(0),
        calls, outputSchema(INPUT, List.of(0), calls, false));
    CheckpointRoundTrip.assertSameAfterRestores(() -> new HashAggregateOperator(grouped), List.of(INPUT),
        grouped.schema(), batches(randomRows(new Random(15), 2000), 0, 90), 3);
    List<Field> fields = new ArrayList<>(List.of(INPUT.field(0), new Field("window_start", TIME),
        new Field("window_end", TIME), new Field("window_time", TIME)));
    calls.forEach(c -> fields.add(new Field(c.name(), c.type())));
    PlanNode.WindowAggregate window = new PlanNode.WindowAggregate(new PlanNode.Values(INPUT, List.of()),
        WindowSpec.hop(7, 2_000, 6_000, 0), List.of(0), calls, new LatenessSpec("events", 0), new Schema(fields));
    CheckpointRoundTrip.assertSameAfterRestores(() -> new WindowAggregateOperator(window), List.of(INPUT),
        window.schema(), withWatermarks(batches(randomRows(new Random(16), 2000), 0, 50)), 3);
  }

  @Test
  void userAggregateWithoutSerializableAccumulatorsIsRefusedNamingTheFunction() throws Exception {
    UserFunction function = UserFunction.of("opaque", OpaqueSum.class);
    AggregateCall call = new AggregateCall(AggregateKind.USER, List.of(2), false, -1, BIGINT, "opaque",
        function, OpaqueSum.class.getMethod("accumulate", OpaqueSum.Total.class, Long.class));
    PlanNode.Aggregate spec = new PlanNode.Aggregate(new PlanNode.Values(INPUT, List.of()), List.of(0),
        List.of(call), outputSchema(INPUT, List.of(0), List.of(call), false));
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> CheckpointRoundTrip.run(() -> new HashAggregateOperator(spec), List.of(INPUT), spec.schema(),
            batches(randomRows(new Random(17), 100), 0, 50), 1));
    assertTrue(refused.getMessage().contains("Function 'opaque'"), refused.getMessage());
    assertTrue(refused.getMessage().contains("Serializable"), refused.getMessage());
  }

  /** A user aggregate whose accumulator is Serializable: the sum of v times n. */
  public static final class WeightedSum extends AggregateFunction<WeightedSum.Acc, Double> {
    /** The running sum and row count of one group. */
    public static final class Acc implements Serializable {
      private static final long serialVersionUID = 1L;
      double sum;
      long rows;
    }

    @Override
    public Acc createAccumulator() {
      return new Acc();
    }

    public void accumulate(Acc acc, Long value, int weight) {
      if (value != null) {
        acc.sum += value * weight;
        acc.rows++;
      }
    }

    @Override
    public Double getValue(Acc acc) {
      return acc.rows == 0 ? null : acc.sum;
    }

    @Override
    public void merge(Acc acc, Acc other) {
      acc.sum += other.sum;
      acc.rows += other.rows;
    }
  }

  /** A user aggregate whose accumulator class does not implement Serializable. */
  public static final class OpaqueSum extends AggregateFunction<OpaqueSum.Total, Long> {
    /** The running sum of one group. */
    public static final class Total {
      long sum;
    }

    @Override
    public Total createAccumulator() {
      return new Total();
    }

    public void accumulate(Total acc, Long value) {
      if (value != null) {
        acc.sum += value;
      }
    }

    @Override
    public Long getValue(Total acc) {
      return acc.sum;
    }

    @Override
    public void merge(Total acc, Total other) {
      acc.sum += other.sum;
    }
  }

  private static Schema withThree(Schema schema) {
    List<Field> fields = new ArrayList<>(schema.fields());
    fields.add(field("three", TypeKind.INTEGER));
    return new Schema(fields);
  }

  private static List<List<Object>> withThree(List<List<Object>> rows) {
    List<List<Object>> extended = new ArrayList<>();
    for (List<Object> row : rows) {
      List<Object> copy = new ArrayList<>(row);
      copy.add(3);
      extended.add(copy);
    }
    return extended;
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
