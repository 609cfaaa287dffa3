package io.sluice.runtime.operator;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.LatenessSpec;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.plan.WindowKind;
import io.sluice.plan.WindowSpec;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Rows;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.exec.JobMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FIRST_VALUE, LAST_VALUE and APPROX_PERCENTILE through every window kind over random
 * out-of-order events with NULLs: first and last by event time must equal a batch oracle
 * over the same events, and so must the percentiles (exact below 2048 values per window).
 * HOP and CUMULATE merge slices and sessions merge, so this also tests the merges.
 */
class WindowValueAggregatesPropertyTest {
  private static final long DELAY = 2_000;
  private static final int TIME = 4;
  private static final Schema INPUT = schema(field("k", TypeKind.VARCHAR), field("v", TypeKind.BIGINT),
      field("d", TypeKind.DOUBLE), field("s", TypeKind.VARCHAR), field("ts", TypeKind.TIMESTAMP));
  private static final DataType DOUBLE = DataType.of(TypeKind.DOUBLE);
  private static final List<AggregateCall> CALLS = List.of(
      new AggregateCall(AggregateKind.FIRST_VALUE, List.of(3, TIME), false, -1, DataType.of(TypeKind.VARCHAR), "fs"),
      new AggregateCall(AggregateKind.LAST_VALUE, List.of(3, TIME), false, -1, DataType.of(TypeKind.VARCHAR), "ls"),
      new AggregateCall(AggregateKind.FIRST_VALUE, List.of(1, TIME), false, -1, DataType.of(TypeKind.BIGINT), "fv"),
      new AggregateCall(AggregateKind.LAST_VALUE, List.of(2, TIME), false, -1, DOUBLE, "ld"),
      new AggregateCall(AggregateKind.APPROX_PERCENTILE, List.of(2), false, -1, DOUBLE, "median_d", 0.5),
      new AggregateCall(AggregateKind.APPROX_PERCENTILE, List.of(1), false, -1, DOUBLE, "p90_v", 0.9));

  static List<WindowSpec> windows() {
    return List.of(WindowSpec.tumble(TIME, 5_000, 0), WindowSpec.hop(TIME, 2_000, 10_000, 0),
        WindowSpec.cumulate(TIME, 2_000, 8_000, 0), WindowSpec.session(TIME, 1_500));
  }

  @ParameterizedTest
  @MethodSource("windows")
  void matchesBatchOracle(WindowSpec window) {
    for (int seed = 1; seed <= 4; seed++) {
      Random random = new Random(seed * 13L + window.hashCode());
      List<List<Object>> events = randomEvents(random, 1500);
      List<List<Object>> actual = run(window, events, random);
      List<List<Object>> expected = oracle(window, events);
      actual.sort(Comparator.comparing(Object::toString));
      expected.sort(Comparator.comparing(Object::toString));
      assertEquals(expected, actual, window.toString());
    }
  }

  /** Events with strictly increasing times (so first and last are unique), shuffled within the watermark delay. */
  private static List<List<Object>> randomEvents(Random random, int count) {
    List<List<Object>> events = new ArrayList<>();
    List<long[]> order = new ArrayList<>();
    long time = 1_704_067_200_000L;
    for (int i = 0; i < count; i++) {
      time += 1 + (random.nextInt(4) == 0 ? random.nextInt(3_000) : random.nextInt(200));
      events.add(Arrays.asList("k" + random.nextInt(4),
          random.nextInt(5) == 0 ? null : (long) random.nextInt(100) - 20,
          random.nextInt(5) == 0 ? null : random.nextInt(1000) / 8.0,
          random.nextInt(4) == 0 ? null : "s" + random.nextInt(50), time));
      order.add(new long[] {time + random.nextInt((int) DELAY), i});
    }
    order.sort(Comparator.comparingLong((long[] o) -> o[0]).thenComparingLong(o -> o[1]));
    List<List<Object>> shuffled = new ArrayList<>();
    for (long[] o : order) {
      shuffled.add(events.get((int) o[1]));
    }
    return shuffled;
  }

  private static List<List<Object>> run(WindowSpec window, List<List<Object>> events, Random random) {
    List<Field> fields = new ArrayList<>(List.of(INPUT.field(0)));
    DataType time = new DataType(TypeKind.TIMESTAMP, 3, 0, false);
    fields.add(new Field("window_start", time));
    fields.add(new Field("window_end", time));
    fields.add(new Field("window_time", time));
    CALLS.forEach(c -> fields.add(new Field(c.name(), c.type())));
    PlanNode.WindowAggregate spec = new PlanNode.WindowAggregate(new PlanNode.Values(INPUT, List.of()), window,
        List.of(0), CALLS, new LatenessSpec("events", 0), new Schema(fields));
    List<List<Object>> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      try (StreamOperator operator = window.kind() == WindowKind.SESSION
          ? new SessionWindowOperator(spec) : new WindowAggregateOperator(spec)) {
        operator.open(new OperatorContext("window", allocator, new JobMetrics(), Map.of()));
        Collector collector = new Collector() {
          @Override
          public void emit(Batch batch) {
            out.addAll(Rows.toLists(batch, spec.schema()));
          }

          @Override
          public void emitWatermark(long watermark) {}
        };
        long maxTime = Long.MIN_VALUE;
        for (int from = 0; from < events.size(); ) {
          int to = Math.min(events.size(), from + 1 + random.nextInt(50));
          try (VectorSchemaRoot root = ArrowTypes.createRoot(INPUT, allocator)) {
            for (int r = from; r < to; r++) {
              for (int c = 0; c < INPUT.size(); c++) {
                Vectors.setObject(root.getVector(c), r - from, events.get(r).get(c), INPUT.type(c));
              }
              maxTime = Math.max(maxTime, (Long) events.get(r).get(TIME));
            }
            root.setRowCount(to - from);
            operator.processBatch(0, new Batch(root), collector);
          }
          operator.processWatermark(maxTime - DELAY, collector);
          from = to;
        }
        operator.processWatermark(Long.MAX_VALUE, collector);
        operator.finish(collector);
      }
      assertEquals(0, allocator.getAllocatedMemory(), "operator leaked Arrow memory");
    }
    return out;
  }

  private static List<List<Object>> oracle(WindowSpec window, List<List<Object>> events) {
    Map<List<Object>, List<List<Object>>> groups = new LinkedHashMap<>();
    List<List<Object>> byTime = new ArrayList<>(events);
    byTime.sort(Comparator.comparingLong(e -> (Long) e.get(TIME)));
    if (window.kind() == WindowKind.SESSION) {
      Map<Object, List<List<Object>>> open = new LinkedHashMap<>();
      Map<Object, long[]> bounds = new LinkedHashMap<>();
      for (List<Object> event : byTime) {
        Object key = event.get(0);
        long t = (Long) event.get(TIME);
        long[] b = bounds.get(key);
        if (b != null && t > b[1]) {
          groups.put(List.of(key, b[0], b[1]), open.remove(key));
          b = null;
        }
        if (b == null) {
          b = new long[] {t, t + window.size()};
          bounds.put(key, b);
          open.put(key, new ArrayList<>());
        }
        b[1] = Math.max(b[1], t + window.size());
        open.get(key).add(event);
      }
      open.forEach((key, members) -> groups.put(List.of(key, bounds.get(key)[0], bounds.get(key)[1]), members));
    } else {
      for (List<Object> event : byTime) {
        long t = (Long) event.get(TIME);
        for (long[] w : windowsOf(window, t)) {
          groups.computeIfAbsent(List.of(event.get(0), w[0], w[1]), k -> new ArrayList<>()).add(event);
        }
      }
    }
    List<List<Object>> out = new ArrayList<>();
    groups.forEach((key, members) -> {
      List<List<Object>> reversed = new ArrayList<>(members);
      java.util.Collections.reverse(reversed);
      List<Object> row = new ArrayList<>(key);
      row.add((Long) key.get(2) - 1);
      row.add(first(members, e -> e.get(3)));
      row.add(first(reversed, e -> e.get(3)));
      row.add(first(members, e -> e.get(1)));
      row.add(first(reversed, e -> e.get(2)));
      row.add(percentile(members.stream().map(e -> (Double) e.get(2)).filter(Objects::nonNull)
          .map(Double::doubleValue).toList(), 0.5));
      row.add(percentile(members.stream().map(e -> (Long) e.get(1)).filter(Objects::nonNull)
          .map(Long::doubleValue).toList(), 0.9));
      out.add(row);
    });
    return out;
  }

  private static Object first(List<List<Object>> members, Function<List<Object>, Object> value) {
    return members.stream().map(value).filter(Objects::nonNull).findFirst().orElse(null);
  }

  /** The exact nearest-rank percentile. */
  private static Double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get((int) Math.max(1, Math.ceil(p * sorted.size())) - 1);
  }

  private static List<long[]> windowsOf(WindowSpec window, long t) {
    List<long[]> result = new ArrayList<>();
    if (window.kind() == WindowKind.CUMULATE) {
      long start = Math.floorDiv(t, window.size()) * window.size();
      for (long end = start + window.step(); end <= start + window.size(); end += window.step()) {
        if (end > t) {
          result.add(new long[] {start, end});
        }
      }
      return result;
    }
    long step = window.kind() == WindowKind.HOP ? window.step() : window.size();
    for (long start = Math.floorDiv(t, step) * step; start > t - window.size(); start -= step) {
      result.add(new long[] {start, start + window.size()});
    }
    return result;
  }
}
