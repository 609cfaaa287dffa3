package io.sluice.runtime.operator;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.LatenessSpec;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.SortKey;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.Rows;
import io.sluice.runtime.exec.JobMetrics;
import io.sluice.runtime.testing.TestTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * Random windowed rows (NULL sort keys, many ties, windows arriving out of order within the
 * watermark delay) through the window Top-N operator; its result must equal ranking each
 * window and partition by a full sort written here on plain Java collections.
 */
class WindowTopNPropertyTest {
  private static final long SIZE = 1_000;
  private static final long DELAY = 2_500;
  private static final Schema INPUT = schema(field("k", TypeKind.VARCHAR), field("v", TypeKind.BIGINT),
      field("s", TypeKind.VARCHAR), field("window_start", TypeKind.TIMESTAMP), field("window_end", TypeKind.TIMESTAMP));

  @Test
  void topThreePerWindowAndKeyMatchesFullSort() {
    for (int seed = 1; seed <= 5; seed++) {
      check(new Random(seed), 3000, List.of(3, 4, 0), List.of(new SortKey(1, true, false)), 3, true);
    }
  }

  @Test
  void ascendingNullsFirstWithoutRankColumn() {
    for (int seed = 1; seed <= 3; seed++) {
      check(new Random(100 + seed), 2000, List.of(4, 3), List.of(new SortKey(1, false, true), new SortKey(2, true, false)),
          5, false);
    }
  }

  /** Few partitions with many rows each push rejected rows out of the store: compaction runs and keeps the heaps right. */
  @Test
  void compactionKeepsTheRightRows() {
    check(new Random(9), 20_000, List.of(3, 4), List.of(new SortKey(1, true, false)), 2, true);
  }

  @Test
  void lateRowsAreDroppedAndCounted() {
    PlanNode.WindowTopN spec = spec(List.of(3, 4), List.of(new SortKey(1, true, false)), 1, true);
    JobMetrics metrics = new JobMetrics();
    List<List<Object>> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      try (WindowTopNOperator operator = new WindowTopNOperator(spec)) {
        operator.open(new OperatorContext("topn", allocator, metrics, Map.of()));
        Collector collector = collector(spec.schema(), out);
        feed(operator, allocator, List.of(row("a", 1L, 0), row("b", 5L, 0), row("c", 2L, 1_000)), collector);
        operator.processWatermark(1_000, collector);
        assertEquals(List.of(Arrays.asList("b", 5L, "x", 0L, 1_000L, 1L)), out);
        feed(operator, allocator, List.of(row("d", 9L, 0)), collector);
        operator.processWatermark(Long.MAX_VALUE, collector);
      }
      assertEquals(0, allocator.getAllocatedMemory(), "operator leaked Arrow memory");
    }
    assertEquals(1L, metrics.snapshot().get("events.late-rows-dropped"));
    assertEquals(2, out.size());
    assertEquals("c", out.get(1).get(0));
  }

  private static List<Object> row(String k, Long v, long start) {
    return Arrays.asList(k, v, "x", start, start + SIZE);
  }

  private static void check(Random random, int count, List<Integer> partition, List<SortKey> keys, int limit,
      boolean keepRank) {
    List<List<Object>> rows = randomRows(random, count);
    PlanNode.WindowTopN spec = spec(partition, keys, limit, keepRank);
    List<List<Object>> actual = run(spec, rows, random);
    List<List<Object>> expected = oracle(rows, partition, keys, limit, keepRank);
    for (int i = 1; i < actual.size(); i++) {
      assertTrue((Long) actual.get(i - 1).get(4) <= (Long) actual.get(i).get(4), "windows are emitted in end order");
    }
    actual.sort(Comparator.comparing(Object::toString));
    expected.sort(Comparator.comparing(Object::toString));
    assertEquals(expected, actual);
  }

  /** Rows of windows in end order, each row shuffled by less than the watermark delay. */
  private static List<List<Object>> randomRows(Random random, int count) {
    List<long[]> order = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    long time = 1_704_067_200_000L;
    for (int i = 0; i < count; i++) {
      time += random.nextInt(20);
      long start = Math.floorDiv(time, SIZE) * SIZE;
      rows.add(Arrays.asList(random.nextInt(10) == 0 ? null : "k" + random.nextInt(3),
          random.nextInt(7) == 0 ? null : (long) random.nextInt(30),
          random.nextInt(5) == 0 ? null : "s" + random.nextInt(4), start, start + SIZE));
      order.add(new long[] {time + random.nextInt((int) DELAY), i});
    }
    order.sort(Comparator.comparingLong((long[] o) -> o[0]).thenComparingLong(o -> o[1]));
    List<List<Object>> shuffled = new ArrayList<>();
    for (long[] o : order) {
      shuffled.add(rows.get((int) o[1]));
    }
    return shuffled;
  }

  private static PlanNode.WindowTopN spec(List<Integer> partition, List<SortKey> keys, int limit, boolean keepRank) {
    List<Field> fields = new ArrayList<>(INPUT.fields());
    if (keepRank) {
      fields.add(new Field("rn", DataType.of(TypeKind.BIGINT).withNullable(false)));
    }
    return new PlanNode.WindowTopN(new PlanNode.Values(INPUT, List.of()), partition, keys, limit, keepRank, 4,
        new LatenessSpec("events", 0), new Schema(fields));
  }

  /** Feeds random-sized batches with a watermark of the greatest window start seen minus the delay after each. */
  private static List<List<Object>> run(PlanNode.WindowTopN spec, List<List<Object>> rows, Random random) {
    List<List<Object>> out = new ArrayList<>();
    JobMetrics metrics = new JobMetrics();
    try (BufferAllocator allocator = new RootAllocator()) {
      try (WindowTopNOperator operator = new WindowTopNOperator(spec)) {
        operator.open(new OperatorContext("topn", allocator, metrics, Map.of()));
        Collector collector = collector(spec.schema(), out);
        long maxStart = Long.MIN_VALUE;
        for (int from = 0; from < rows.size(); ) {
          int to = Math.min(rows.size(), from + 1 + random.nextInt(60));
          feed(operator, allocator, rows.subList(from, to), collector);
          for (List<Object> row : rows.subList(from, to)) {
            maxStart = Math.max(maxStart, (Long) row.get(3));
          }
          operator.processWatermark(maxStart - DELAY, collector);
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

  /** Sorts each window's partition completely (sort keys, then every other column ascending, NULLs first). */
  private static List<List<Object>> oracle(List<List<Object>> rows, List<Integer> partition, List<SortKey> keys,
      int limit, boolean keepRank) {
    Map<List<Object>, List<List<Object>>> groups = new LinkedHashMap<>();
    for (List<Object> row : rows) {
      List<Object> key = new ArrayList<>();
      partition.forEach(p -> key.add(row.get(p)));
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
    }
    Comparator<List<Object>> order = (a, b) -> 0;
    List<SortKey> all = new ArrayList<>(keys);
    for (int c = 0; c < INPUT.size(); c++) {
      int column = c;
      if (keys.stream().noneMatch(k -> k.column() == column)) {
        all.add(new SortKey(c, false, true));
      }
    }
    for (SortKey key : all) {
      Comparator<List<Object>> byKey = (a, b) -> {
        @SuppressWarnings("unchecked")
        Comparable<Object> x = (Comparable<Object>) a.get(key.column());
        Object y = b.get(key.column());
        if (x == null || y == null) {
          return x == y ? 0 : ((x == null) == key.nullsFirst() ? -1 : 1);
        }
        return key.descending() ? -x.compareTo(y) : x.compareTo(y);
      };
      order = order.thenComparing(byKey);
    }
    List<List<Object>> out = new ArrayList<>();
    for (List<List<Object>> members : groups.values()) {
      members.sort(order);
      for (int i = 0; i < Math.min(limit, members.size()); i++) {
        List<Object> row = new ArrayList<>(members.get(i));
        if (keepRank) {
          row.add(i + 1L);
        }
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
