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
import io.sluice.runtime.exec.JobMetrics;
import io.sluice.runtime.testing.TestTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Random events, shuffled within the watermark delay and fed in random batches with
 * watermarks between them, through OVER aggregates with RANGE and ROWS frames; every output
 * row must equal the frame aggregates a plain-Java oracle computes over the same events
 * sorted per key by (time, arrival). Enough events flow for the row store to be compacted.
 */
class OverAggregatePropertyTest {
  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  private static final long DELAY = 2_000;
  private static final Schema INPUT = schema(field("k", TypeKind.VARCHAR), field("v", TypeKind.BIGINT),
      field("d", TypeKind.DOUBLE), field("ts", TypeKind.TIMESTAMP));
  private static final List<AggregateCall> CALLS = List.of(
      new AggregateCall(AggregateKind.COUNT, List.of(), false, -1, BIGINT, "cnt"),
      new AggregateCall(AggregateKind.SUM, List.of(1), false, -1, BIGINT, "sum_v"),
      new AggregateCall(AggregateKind.MIN, List.of(1), false, -1, BIGINT, "min_v"),
      new AggregateCall(AggregateKind.MAX, List.of(0), false, -1, DataType.of(TypeKind.VARCHAR), "max_k"),
      new AggregateCall(AggregateKind.AVG, List.of(2), false, -1, DataType.of(TypeKind.DOUBLE), "avg_d"));

  @ParameterizedTest
  @CsvSource({"false, 0", "false, 700", "false, 5000", "true, 0", "true, 3", "true, 40"})
  void framesMatchBatchOracle(boolean rowsFrame, long preceding) {
    for (int seed = 1; seed <= 3; seed++) {
      Random random = new Random(seed * 17L + preceding);
      List<List<Object>> events = randomEvents(random, 4_500, seed == 1 ? 1 : 6);
      List<List<Object>> actual = run(spec(List.of(0), rowsFrame, preceding), events, random);
      List<List<Object>> expected = oracle(rowsFrame, preceding, events);
      assertEquals(expected.size(), actual.size());
      actual.sort(Comparator.comparing(Object::toString));
      expected.sort(Comparator.comparing(Object::toString));
      for (int i = 0; i < expected.size(); i++) {
        List<Object> e = expected.get(i);
        List<Object> a = actual.get(i);
        for (int c = 0; c < e.size(); c++) {
          int column = c;
          if (e.get(c) instanceof Double x) {
            assertEquals(x, (Double) a.get(c), 1e-9 * Math.max(1, Math.abs(x)), () -> "row " + e + " column " + column);
          } else {
            assertEquals(e.get(c), a.get(c), () -> "row " + e + " column " + column);
          }
        }
      }
    }
  }

  @Test
  void perKeyOutputIsInTimeOrderAndLateRowsAreCounted() {
    JobMetrics metrics = new JobMetrics();
    PlanNode.OverAggregate spec = spec(List.of(0), true, 1);
    List<List<Object>> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      try (OverAggregateOperator operator = new OverAggregateOperator(spec)) {
        operator.open(new OperatorContext("over", allocator, metrics, Map.of()));
        Collector collector = collector(spec.schema(), out);
        feed(operator, allocator, List.of(event(3_000, 3), event(1_000, 1), event(2_000, 2)), collector);
        operator.processWatermark(2_500, collector);
        feed(operator, allocator, List.of(event(2_400, 9), event(4_000, 4)), collector);
        operator.processWatermark(Long.MAX_VALUE, collector);
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
    assertEquals(1L, metrics.snapshot().get("t.late-rows-dropped"));
    // v in time order, and SUM over the row and the one before it.
    assertEquals(List.of(1L, 2L, 3L, 4L), out.stream().map(r -> (Long) r.get(1)).toList());
    assertEquals(List.of(1L, 3L, 5L, 7L), out.stream().map(r -> (Long) r.get(INPUT.size() + 1)).toList());
  }

  private static List<Object> event(long ts, long v) {
    return Arrays.asList("k", v, 1.0, ts);
  }

  private static PlanNode.OverAggregate spec(List<Integer> keys, boolean rowsFrame, long preceding) {
    List<Field> fields = new ArrayList<>(INPUT.fields());
    CALLS.forEach(c -> fields.add(new Field(c.name(), c.type())));
    return new PlanNode.OverAggregate(new PlanNode.Values(INPUT, List.of()), keys, 3, rowsFrame, preceding, CALLS,
        new LatenessSpec("t", 0), new Schema(fields));
  }

  /** Events with increasing true times (with ties), then shuffled by less than the watermark delay. */
  private static List<List<Object>> randomEvents(Random random, int count, int keys) {
    List<List<Object>> events = new ArrayList<>();
    long time = 1_704_067_200_000L;
    List<long[]> order = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      time += random.nextInt(3) == 0 ? 0 : random.nextInt(400);
      events.add(Arrays.asList(
          random.nextInt(10) == 0 ? null : "k" + random.nextInt(keys),
          random.nextInt(6) == 0 ? null : (long) random.nextInt(50) - 10,
          random.nextInt(6) == 0 ? null : (double) random.nextInt(1000) / 8,
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

  private static List<List<Object>> run(PlanNode.OverAggregate spec, List<List<Object>> events, Random random) {
    JobMetrics metrics = new JobMetrics();
    List<List<Object>> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      try (OverAggregateOperator operator = new OverAggregateOperator(spec)) {
        operator.open(new OperatorContext("over", allocator, metrics, Map.of()));
        Collector collector = collector(spec.schema(), out);
        long maxTime = Long.MIN_VALUE;
        for (int from = 0; from < events.size(); ) {
          int to = Math.min(events.size(), from + 1 + random.nextInt(60));
          List<List<Object>> batch = events.subList(from, to);
          feed(operator, allocator, batch, collector);
          for (List<Object> event : batch) {
            maxTime = Math.max(maxTime, (Long) event.get(3));
          }
          operator.processWatermark(maxTime - DELAY, collector);
          from = to;
        }
        operator.processWatermark(Long.MAX_VALUE, collector);
        operator.finish(collector);
      }
      assertEquals(0, allocator.getAllocatedMemory(), "operator leaked Arrow memory");
    }
    assertEquals(0L, metrics.snapshot().getOrDefault("t.late-rows-dropped", 0L), "no row is late");
    return out;
  }

  /** Per key in (time, arrival) order, each row followed by the aggregates of its frame. */
  private static List<List<Object>> oracle(boolean rowsFrame, long preceding, List<List<Object>> events) {
    Map<Object, List<List<Object>>> byKey = new LinkedHashMap<>();
    for (List<Object> event : events) {
      byKey.computeIfAbsent(Objects.toString(event.get(0)), k -> new ArrayList<>()).add(event);
    }
    List<List<Object>> out = new ArrayList<>();
    for (List<List<Object>> rows : byKey.values()) {
      rows.sort(Comparator.comparingLong(e -> (Long) e.get(3)));
      for (int i = 0; i < rows.size(); i++) {
        long t = (Long) rows.get(i).get(3);
        int start = (int) Math.max(0, i - preceding);
        int end = i + 1;
        if (!rowsFrame) {
          start = i;
          while (start > 0 && (Long) rows.get(start - 1).get(3) >= t - preceding) {
            start--;
          }
          while (end < rows.size() && (Long) rows.get(end).get(3) == t) {
            end++;
          }
        }
        List<List<Object>> frame = rows.subList(start, end);
        List<Object> row = new ArrayList<>(rows.get(i));
        List<Long> v = frame.stream().map(e -> (Long) e.get(1)).filter(Objects::nonNull).toList();
        List<Double> d = frame.stream().map(e -> (Double) e.get(2)).filter(Objects::nonNull).toList();
        row.add((long) frame.size());
        row.add(v.isEmpty() ? null : v.stream().mapToLong(Long::longValue).sum());
        row.add(v.stream().min(Comparator.naturalOrder()).orElse(null));
        row.add(frame.stream().map(e -> (String) e.get(0)).filter(Objects::nonNull)
            .max(Comparator.naturalOrder()).orElse(null));
        row.add(d.isEmpty() ? null : d.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        out.add(row);
      }
    }
    return out;
  }

  private static void feed(StreamOperator operator, BufferAllocator allocator, List<List<Object>> rows, Collector out) {
    TestTables.feed(operator, 0, INPUT, rows, allocator, out);
  }

  private static Collector collector(Schema schema, List<List<Object>> rows) {
    return TestTables.collector(schema, rows, null);
  }
}
