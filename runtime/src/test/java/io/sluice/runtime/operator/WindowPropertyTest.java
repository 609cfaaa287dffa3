package io.sluice.runtime.operator;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.LatenessSpec;
import io.sluice.plan.PlanNode;
import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.plan.WindowKind;
import io.sluice.plan.WindowSpec;
import io.sluice.runtime.exec.JobMetrics;
import io.sluice.runtime.testing.TestTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random events, shuffled within the watermark delay and fed in random-sized batches with
 * watermarks between them, through every window kind; the result must equal a batch
 * computation over the same finite input written here on plain Java collections: exact for
 * the exact aggregates, within the documented error for APPROX_COUNT_DISTINCT.
 */
class WindowPropertyTest {
  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  private static final DataType DOUBLE = DataType.of(TypeKind.DOUBLE);
  private static final long DELAY = 2_000;
  private static final Schema INPUT = schema(field("k", TypeKind.VARCHAR), field("v", TypeKind.BIGINT),
      field("d", TypeKind.DOUBLE), field("f", TypeKind.BOOLEAN), field("ts", TypeKind.TIMESTAMP));
  private static final List<AggregateCall> CALLS = List.of(
      new AggregateCall(AggregateKind.COUNT, List.of(), false, -1, BIGINT, "cnt"),
      new AggregateCall(AggregateKind.COUNT, List.of(1), false, -1, BIGINT, "cnt_v"),
      new AggregateCall(AggregateKind.SUM, List.of(1), false, -1, BIGINT, "sum_v"),
      new AggregateCall(AggregateKind.SUM, List.of(1), false, 3, BIGINT, "sum_v_filtered"),
      new AggregateCall(AggregateKind.MIN, List.of(1), false, -1, BIGINT, "min_v"),
      new AggregateCall(AggregateKind.MAX, List.of(0), false, -1, DataType.of(TypeKind.VARCHAR), "max_k"),
      new AggregateCall(AggregateKind.AVG, List.of(2), false, -1, DOUBLE, "avg_d"),
      new AggregateCall(AggregateKind.VAR_POP, List.of(2), false, -1, DOUBLE, "var_pop_d"),
      new AggregateCall(AggregateKind.STDDEV_SAMP, List.of(2), false, -1, DOUBLE, "stddev_samp_d"),
      new AggregateCall(AggregateKind.COUNT, List.of(1), true, -1, BIGINT, "distinct_v"),
      new AggregateCall(AggregateKind.APPROX_COUNT_DISTINCT, List.of(1), true, -1, BIGINT, "approx_v"));
  private static final int APPROX = CALLS.size() - 1;

  static List<WindowSpec> windows() {
    return List.of(
        WindowSpec.tumble(4, 5_000, 0),
        WindowSpec.tumble(4, 7_000, 3_000),
        WindowSpec.hop(4, 2_000, 10_000, 0),
        WindowSpec.hop(4, 3_000, 6_000, 1_000),
        WindowSpec.cumulate(4, 2_000, 8_000, 0),
        WindowSpec.session(4, 1_500));
  }

  @ParameterizedTest
  @MethodSource("windows")
  void keyedWindowsMatchBatchOracle(WindowSpec window) {
    for (int seed = 1; seed <= 4; seed++) {
      check(window, List.of(0), randomEvents(new Random(seed * 31L + window.hashCode()), 1500, 5));
    }
  }

  /** A single BIGINT key (with NULLs) takes the long-keyed group table. */
  @ParameterizedTest
  @MethodSource("windows")
  void bigintKeyedWindowsMatchBatchOracle(WindowSpec window) {
    for (int seed = 1; seed <= 3; seed++) {
      check(window, List.of(1), randomEvents(new Random(seed * 17L + window.hashCode()), 1500, 5));
    }
  }

  @ParameterizedTest
  @MethodSource("windows")
  void globalWindowsMatchBatchOracle(WindowSpec window) {
    check(window, List.of(), randomEvents(new Random(7), 800, 3));
  }

  @Test
  void approximateDistinctCountStaysWithinThreeStandardErrors() {
    Random random = new Random(11);
    List<List<Object>> events = new ArrayList<>();
    for (int i = 0; i < 60_000; i++) {
      events.add(Arrays.asList("k", (long) random.nextInt(40_000), 1.0, true, (long) i));
    }
    List<List<Object>> result = runOperator(WindowSpec.tumble(4, 1_000_000, 0), List.of(), events, new Random(3));
    long exact = events.stream().map(e -> e.get(1)).distinct().count();
    long approx = (Long) result.get(0).get(3 + APPROX);
    // HyperLogLog with 2^14 registers: standard error 1.04 / 128 = 0.81%.
    assertTrue(Math.abs(approx - exact) <= 3 * 0.0081 * exact, "approx " + approx + " vs exact " + exact);
  }

  @Test
  void lateRowsAreDroppedAndCounted() {
    JobMetrics metrics = new JobMetrics();
    List<List<Object>> out = new ArrayList<>();
    PlanNode.WindowAggregate spec = spec(WindowSpec.tumble(4, 10_000, 0), List.of(), new LatenessSpec("t", 0));
    try (BufferAllocator allocator = new RootAllocator()) {
      try (WindowAggregateOperator operator = new WindowAggregateOperator(spec)) {
        operator.open(new OperatorContext("w", allocator, metrics, Map.of()));
        Collector collector = collector(spec.schema(), out);
        feed(operator, allocator, List.of(event(1_000), event(12_000)), collector);
        operator.processWatermark(10_000, collector);
        feed(operator, allocator, List.of(event(9_999), event(10_000)), collector);
        operator.processWatermark(Long.MAX_VALUE, collector);
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
    assertEquals(1L, metrics.snapshot().get("t.late-rows-dropped"));
    assertEquals(List.of(1L, 2L), out.stream().map(r -> (Long) r.get(3)).toList());
  }

  private static List<Object> event(long ts) {
    return Arrays.asList("k", 1L, 1.0, true, ts);
  }

  /** The window kinds that can fire early (all but SESSION). */
  static List<WindowSpec> slicedWindows() {
    return windows().stream().filter(w -> w.kind() != WindowKind.SESSION).toList();
  }

  /**
   * Early firing on every watermark: the changelog must be consistent (+I for a new window and
   * key, -U repeating exactly the row last emitted, no deletes) and fold to the batch answer.
   */
  @ParameterizedTest
  @MethodSource("slicedWindows")
  void earlyFiringChangelogFoldsToBatchOracle(WindowSpec window) {
    for (int seed = 1; seed <= 3; seed++) {
      List<List<Object>> events = randomEvents(new Random(seed * 13L + window.hashCode()), 1200, 4);
      List<List<Object>> changes = runOperator(window, List.of(0), events, new Random(seed), 0);
      Map<List<Object>, List<Object>> results = new LinkedHashMap<>();
      int updates = 0;
      for (List<Object> change : changes) {
        List<Object> row = change.subList(0, change.size() - 1);
        List<Object> key = row.subList(0, 3);
        switch (RowKind.of(((Number) change.get(change.size() - 1)).byteValue())) {
          case INSERT -> assertNull(results.put(key, row), "+I of a window and key already emitted: " + row);
          case UPDATE_BEFORE -> assertEquals(results.remove(key), row, "-U must repeat the last row emitted");
          case UPDATE_AFTER -> {
            assertNull(results.put(key, row), "+U without -U: " + row);
            updates++;
          }
          case DELETE -> throw new AssertionError("a window aggregation never deletes: " + row);
        }
      }
      assertTrue(updates > 0, window + ": early firing updated no result");
      compare(window, List.of(0), new ArrayList<>(results.values()), oracle(window, List.of(0), events));
    }
  }

  @Test
  void earlyFiringOnAnIntervalFiresOnTheProcessingTimeTimer() {
    JobMetrics metrics = new JobMetrics();
    List<List<Object>> out = new ArrayList<>();
    PlanNode.WindowAggregate spec = spec(WindowSpec.tumble(4, 10_000, 0), List.of(), new LatenessSpec("t", 0), 1_000);
    try (BufferAllocator allocator = new RootAllocator()) {
      try (WindowAggregateOperator operator = new WindowAggregateOperator(spec)) {
        operator.open(new OperatorContext("w", allocator, metrics, Map.of()));
        long start = System.nanoTime();
        Collector collector = collector(spec.schema(), out);
        feed(operator, allocator, List.of(event(1_000)), collector);
        operator.processWatermark(0, collector);
        operator.onProcessingTime(start, collector);
        assertEquals(0, out.size(), "neither a watermark nor an early timer fires");
        operator.onProcessingTime(start + 2_000_000_000L, collector);
        assertEquals(List.of(List.of(RowKind.INSERT.code(), 1L)), kindAndCount(out));
        feed(operator, allocator, List.of(event(2_000)), collector);
        operator.onProcessingTime(start + 2_500_000_000L, collector);
        assertEquals(1, out.size(), "the next firing is an interval later");
        operator.onProcessingTime(start + 3_000_000_000L, collector);
        operator.processWatermark(Long.MAX_VALUE, collector);
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
    assertEquals(List.of(List.of(RowKind.INSERT.code(), 1L), List.of(RowKind.UPDATE_BEFORE.code(), 1L),
        List.of(RowKind.UPDATE_AFTER.code(), 2L)), kindAndCount(out));
  }

  /** Thousands of updates to a few keys of one open window: the emitted rows are compacted, and stay right. */
  @Test
  void earlyFiringSurvivesManyUpdatesOfOneWindow() {
    List<List<Object>> out = new ArrayList<>();
    PlanNode.WindowAggregate spec = spec(WindowSpec.tumble(4, 1_000_000, 0), List.of(0), new LatenessSpec("t", 0), 0);
    try (BufferAllocator allocator = new RootAllocator()) {
      try (WindowAggregateOperator operator = new WindowAggregateOperator(spec)) {
        operator.open(new OperatorContext("w", allocator, new JobMetrics(), Map.of()));
        Collector collector = collector(spec.schema(), out);
        for (int i = 0; i < 6_000; i++) {
          feed(operator, allocator, List.of(Arrays.asList(i % 3 == 0 ? null : "k" + i % 3, 1L, 1.0, true, (long) i)),
              collector);
          operator.processWatermark(i, collector);
        }
        operator.processWatermark(Long.MAX_VALUE, collector);
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
    Map<Object, Long> counts = new LinkedHashMap<>();
    for (List<Object> row : out) {
      byte kind = ((Number) row.get(row.size() - 1)).byteValue();
      if (kind == RowKind.UPDATE_BEFORE.code()) {
        assertEquals(counts.remove(Objects.toString(row.get(0))), row.get(4), "-U repeats the last count");
      } else {
        assertNull(counts.put(Objects.toString(row.get(0)), (Long) row.get(4)));
      }
    }
    assertEquals(Map.of("null", 2_000L, "k1", 2_000L, "k2", 2_000L), counts);
  }

  @Test
  void processingTimeWindowsFireByTheWallClockAndAtTheEnd() {
    List<List<Object>> out = new ArrayList<>();
    long future = System.currentTimeMillis() + 3_600_000;
    PlanNode.WindowAggregate spec = spec(WindowSpec.tumble(4, 10_000, 0).inProcessingTime(), List.of(),
        new LatenessSpec("t", 0));
    try (BufferAllocator allocator = new RootAllocator()) {
      try (WindowAggregateOperator operator = new WindowAggregateOperator(spec)) {
        operator.open(new OperatorContext("w", allocator, new JobMetrics(), Map.of()));
        Collector collector = collector(spec.schema(), out);
        feed(operator, allocator, List.of(event(1_000), event(future), event(2_000)), collector);
        operator.processWatermark(future + 60_000, collector);
        assertEquals(0, out.size(), "watermarks do not fire processing-time windows");
        operator.onProcessingTime(System.nanoTime(), collector);
        assertEquals(List.of(List.of(0L, 2L)), out.stream().map(r -> List.of(r.get(0), r.get(3))).toList());
        operator.finish(collector);
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
    assertEquals(List.of(2L, 1L), out.stream().map(r -> r.get(3)).toList());
  }

  private static List<List<Object>> kindAndCount(List<List<Object>> rows) {
    return rows.stream().map(r -> List.<Object>of(((Number) r.get(r.size() - 1)).byteValue(), r.get(3))).toList();
  }

  private static void check(WindowSpec window, List<Integer> keys, List<List<Object>> events) {
    List<List<Object>> actual = runOperator(window, keys, events, new Random(events.size()));
    compare(window, keys, actual, oracle(window, keys, events));
  }

  private static void compare(WindowSpec window, List<Integer> keys, List<List<Object>> actual,
      List<List<Object>> expected) {
    actual.sort(Comparator.comparing(Object::toString));
    expected.sort(Comparator.comparing(Object::toString));
    assertEquals(expected.size(), actual.size(), window + ": window count");
    for (int i = 0; i < expected.size(); i++) {
      List<Object> e = expected.get(i);
      List<Object> a = actual.get(i);
      for (int c = 0; c < e.size(); c++) {
        String where = window + " row " + e + " column " + c;
        if (c == keys.size() + 3 + APPROX) {
          long exact = (Long) e.get(c);
          assertTrue(Math.abs((Long) a.get(c) - exact) <= Math.max(1, 3 * 0.0081 * exact), where + ": " + a.get(c));
        } else if (e.get(c) instanceof Double x) {
          assertEquals(x, (Double) a.get(c), 1e-9 * Math.max(1, Math.abs(x)), where);
        } else {
          assertEquals(e.get(c), a.get(c), where);
        }
      }
    }
  }

  /** Events with strictly increasing true times, then shuffled by less than the watermark delay. */
  private static List<List<Object>> randomEvents(Random random, int count, int keys) {
    List<List<Object>> events = new ArrayList<>();
    long time = 1_704_067_200_000L + random.nextInt(5_000);
    List<long[]> order = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      time += random.nextInt(4) == 0 ? random.nextInt(3_000) : random.nextInt(200);
      events.add(Arrays.asList(
          random.nextInt(8) == 0 ? null : "k" + random.nextInt(keys),
          random.nextInt(6) == 0 ? null : (long) random.nextInt(50) - 10,
          random.nextInt(6) == 0 ? null : (double) random.nextInt(1000) / 8,
          random.nextInt(5) == 0 ? null : random.nextBoolean(),
          time));
      order.add(new long[] {time + random.nextInt((int) DELAY), i});
    }
    order.sort(Comparator.comparingLong((long[] o) -> o[0]).thenComparingLong(o -> o[1]));
    List<List<Object>> shuffled = new ArrayList<>();
    for (long[] o : order) {
      shuffled.add(events.get((int) o[1]));
    }
    return shuffled;
  }

  private static PlanNode.WindowAggregate spec(WindowSpec window, List<Integer> keys, LatenessSpec lateness) {
    return spec(window, keys, lateness, PlanNode.WindowAggregate.FINAL_ONLY);
  }

  private static PlanNode.WindowAggregate spec(WindowSpec window, List<Integer> keys, LatenessSpec lateness,
      long earlyFireInterval) {
    List<Field> fields = new ArrayList<>();
    keys.forEach(k -> fields.add(INPUT.field(k)));
    DataType time = new DataType(TypeKind.TIMESTAMP, 3, 0, false);
    fields.add(new Field("window_start", time));
    fields.add(new Field("window_end", time));
    fields.add(new Field("window_time", time));
    CALLS.forEach(c -> fields.add(new Field(c.name(), c.type())));
    if (earlyFireInterval != PlanNode.WindowAggregate.FINAL_ONLY) {
      fields.add(new Field(RowKind.COLUMN, new DataType(TypeKind.TINYINT, -1, 0, false)));
    }
    return new PlanNode.WindowAggregate(new PlanNode.Values(INPUT, List.of()), window, keys, CALLS, lateness,
        new Schema(fields), earlyFireInterval);
  }

  /** Runs the operator in random batches, a watermark of max time - delay after each. */
  private static List<List<Object>> runOperator(WindowSpec window, List<Integer> keys, List<List<Object>> events,
      Random random) {
    return runOperator(window, keys, events, random, PlanNode.WindowAggregate.FINAL_ONLY);
  }

  private static List<List<Object>> runOperator(WindowSpec window, List<Integer> keys, List<List<Object>> events,
      Random random, long earlyFireInterval) {
    PlanNode.WindowAggregate spec = spec(window, keys, new LatenessSpec("events", 0), earlyFireInterval);
    JobMetrics metrics = new JobMetrics();
    List<List<Object>> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      try (StreamOperator operator = window.kind() == WindowKind.SESSION
          ? new SessionWindowOperator(spec) : new WindowAggregateOperator(spec)) {
        operator.open(new OperatorContext("window", allocator, metrics, Map.of()));
        Collector collector = collector(spec.schema(), out);
        long maxTime = Long.MIN_VALUE;
        for (int from = 0; from < events.size(); ) {
          int to = Math.min(events.size(), from + 1 + random.nextInt(50));
          List<List<Object>> batch = events.subList(from, to);
          feed(operator, allocator, batch, collector);
          for (List<Object> event : batch) {
            maxTime = Math.max(maxTime, (Long) event.get(4));
          }
          operator.processWatermark(maxTime - DELAY, collector);
          from = to;
        }
        operator.processWatermark(Long.MAX_VALUE, collector);
        operator.finish(collector);
      }
      assertEquals(0, allocator.getAllocatedMemory(), "operator leaked Arrow memory");
    }
    assertEquals(0L, metrics.snapshot().getOrDefault("events.late-rows-dropped", 0L), "no row is late");
    return out;
  }

  private static void feed(StreamOperator operator, BufferAllocator allocator, List<List<Object>> rows, Collector out) {
    TestTables.feed(operator, 0, INPUT, rows, allocator, out);
  }

  private static Collector collector(Schema schema, List<List<Object>> rows) {
    return TestTables.collector(schema, rows, null);
  }

  /** The batch answer: every event in every window it belongs to, grouped, then aggregated. */
  private static List<List<Object>> oracle(WindowSpec window, List<Integer> keys, List<List<Object>> events) {
    Map<List<Object>, List<List<Object>>> groups = new LinkedHashMap<>();
    if (window.kind() == WindowKind.SESSION) {
      Map<List<Object>, List<List<Object>>> byKey = new LinkedHashMap<>();
      for (List<Object> event : events) {
        byKey.computeIfAbsent(keyOf(keys, event), k -> new ArrayList<>()).add(event);
      }
      byKey.forEach((key, members) -> {
        members.sort(Comparator.comparingLong(e -> (Long) e.get(4)));
        List<List<Object>> session = new ArrayList<>();
        long start = 0;
        long end = Long.MIN_VALUE;
        for (List<Object> event : members) {
          long t = (Long) event.get(4);
          if (!session.isEmpty() && t > end) {
            groups.put(windowKey(key, start, end), session);
            session = new ArrayList<>();
          }
          if (session.isEmpty()) {
            start = t;
            end = t + window.size();
          }
          end = Math.max(end, t + window.size());
          session.add(event);
        }
        groups.put(windowKey(key, start, end), session);
      });
    } else {
      for (List<Object> event : events) {
        long t = (Long) event.get(4);
        for (long[] w : windowsOf(window, t)) {
          groups.computeIfAbsent(windowKey(keyOf(keys, event), w[0], w[1]), k -> new ArrayList<>()).add(event);
        }
      }
    }
    List<List<Object>> out = new ArrayList<>();
    groups.forEach((key, members) -> {
      List<Object> row = new ArrayList<>(key);
      row.add((Long) key.get(key.size() - 1) - 1);
      List<Long> v = members.stream().map(e -> (Long) e.get(1)).filter(Objects::nonNull).toList();
      List<Double> d = members.stream().map(e -> (Double) e.get(2)).filter(Objects::nonNull).toList();
      List<Long> filtered = members.stream().filter(e -> Boolean.TRUE.equals(e.get(3)))
          .map(e -> (Long) e.get(1)).filter(Objects::nonNull).toList();
      row.add((long) members.size());
      row.add((long) v.size());
      row.add(v.isEmpty() ? null : v.stream().mapToLong(Long::longValue).sum());
      row.add(filtered.isEmpty() ? null : filtered.stream().mapToLong(Long::longValue).sum());
      row.add(v.stream().min(Comparator.naturalOrder()).orElse(null));
      row.add(members.stream().map(e -> (String) e.get(0)).filter(Objects::nonNull)
          .max(Comparator.naturalOrder()).orElse(null));
      double mean = d.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      double squares = d.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
      row.add(d.isEmpty() ? null : mean);
      row.add(d.isEmpty() ? null : squares / d.size());
      row.add(d.size() < 2 ? null : Math.sqrt(squares / (d.size() - 1)));
      long distinct = new HashSet<>(v).size();
      row.add(distinct);
      row.add(distinct);
      out.add(row);
    });
    return out;
  }

  private static List<Object> keyOf(List<Integer> keys, List<Object> event) {
    List<Object> key = new ArrayList<>();
    keys.forEach(k -> key.add(event.get(k)));
    return key;
  }

  private static List<Object> windowKey(List<Object> key, long start, long end) {
    List<Object> k = new ArrayList<>(key);
    k.add(start);
    k.add(end);
    return k;
  }

  /** Every [start, end) of {@code window} that contains {@code t}, enumerated from the definitions. */
  private static List<long[]> windowsOf(WindowSpec window, long t) {
    List<long[]> result = new ArrayList<>();
    long o = window.offset();
    switch (window.kind()) {
      case TUMBLE -> {
        long start = Math.floorDiv(t - o, window.size()) * window.size() + o;
        result.add(new long[] {start, start + window.size()});
      }
      case HOP -> {
        long last = Math.floorDiv(t - o, window.step()) * window.step() + o;
        for (long start = last; start > t - window.size(); start -= window.step()) {
          result.add(new long[] {start, start + window.size()});
        }
      }
      case CUMULATE -> {
        long start = Math.floorDiv(t - o, window.size()) * window.size() + o;
        for (long end = start + window.step(); end <= start + window.size(); end += window.step()) {
          if (end > t) {
            result.add(new long[] {start, end});
          }
        }
      }
      case SESSION -> throw new IllegalArgumentException();
    }
    return result;
  }
}
