package io.sluice.runtime.operator;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.plan.RowKind;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Rows;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.exec.JobMetrics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * GroupAggregateOperator fed changelog batches directly: random insert/retract sequences,
 * whose emitted changelog, applied to a table, must equal the aggregates recomputed from
 * scratch after every batch; and state TTL on a controllable clock.
 */
class GroupAggregateOperatorTest {
  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  private static final DataType KIND = DataType.of(TypeKind.TINYINT).withNullable(false);
  private static final Schema INPUT = Schema.of(field("k", TypeKind.VARCHAR), field("v", TypeKind.BIGINT),
      new Field("d", DataType.decimal(10, 2)), field("s", TypeKind.VARCHAR), new Field(RowKind.COLUMN, KIND));
  private static final List<AggregateCall> CALLS = List.of(
      new AggregateCall(AggregateKind.COUNT, List.of(), false, -1, BIGINT, "cnt"),
      new AggregateCall(AggregateKind.SUM, List.of(1), false, -1, BIGINT, "sum_v"),
      new AggregateCall(AggregateKind.MIN, List.of(1), false, -1, BIGINT, "min_v"),
      new AggregateCall(AggregateKind.MAX, List.of(3), false, -1, DataType.of(TypeKind.VARCHAR), "max_s"),
      new AggregateCall(AggregateKind.AVG, List.of(2), false, -1, DataType.decimal(38, 4), "avg_d"),
      new AggregateCall(AggregateKind.COUNT, List.of(1), true, -1, BIGINT, "distinct_v"));

  @RepeatedTest(10)
  void changelogOfRandomInsertsAndRetractionsMatchesRecomputation(RepetitionInfo repetition) {
    Random random = new Random(repetition.getCurrentRepetition());
    PlanNode.GroupAggregate spec = spec(List.of(0));
    List<List<Object>> live = new ArrayList<>();
    Map<List<Object>, List<Object>> view = new HashMap<>();
    try (Harness harness = new Harness(spec, Map.of(), () -> 0L)) {
      for (int batch = 0; batch < 60; batch++) {
        List<List<Object>> changes = new ArrayList<>();
        int size = 1 + random.nextInt(40);
        for (int i = 0; i < size; i++) {
          if (!live.isEmpty() && random.nextInt(3) == 0) {
            List<Object> gone = live.remove(random.nextInt(live.size()));
            RowKind kind = random.nextBoolean() ? RowKind.DELETE : RowKind.UPDATE_BEFORE;
            changes.add(withKind(gone, kind));
            if (kind == RowKind.UPDATE_BEFORE) {
              List<Object> replacement = randomRow(random);
              live.add(replacement);
              changes.add(withKind(replacement, RowKind.UPDATE_AFTER));
            }
          } else {
            List<Object> added = randomRow(random);
            live.add(added);
            changes.add(withKind(added, RowKind.INSERT));
          }
        }
        for (List<Object> change : harness.push(changes)) {
          apply(view, change);
        }
        assertEquals(reference(live), new HashMap<>(view), "after batch " + batch);
      }
    }
  }

  @Test
  void emitsOneUpdatePairPerChangedGroupPerBatch() {
    try (Harness harness = new Harness(spec(List.of(0)), Map.of(), () -> 0L)) {
      List<List<Object>> first = harness.push(List.of(
          withKind(row("a", 1L, null, "x"), RowKind.INSERT), withKind(row("a", 2L, null, "y"), RowKind.INSERT)));
      assertEquals(List.of(row("+I", "a", 2L, 3L, 1L, "y", null, 2L)), first);
      List<List<Object>> second = harness.push(List.of(
          withKind(row("a", 5L, null, "x"), RowKind.INSERT), withKind(row("a", 6L, null, "x"), RowKind.INSERT)));
      assertEquals(List.of(row("-U", "a", 2L, 3L, 1L, "y", null, 2L), row("+U", "a", 4L, 14L, 1L, "y", null, 4L)),
          second);
      // Retracting the minimum exposes the next smallest value; retracting every row deletes the group.
      List<List<Object>> third = harness.push(List.of(withKind(row("a", 1L, null, "x"), RowKind.DELETE)));
      assertEquals(List.of(row("-U", "a", 4L, 14L, 1L, "y", null, 4L), row("+U", "a", 3L, 13L, 2L, "y", null, 3L)),
          third);
      List<List<Object>> fourth = harness.push(List.of(withKind(row("a", 2L, null, "y"), RowKind.DELETE),
          withKind(row("a", 5L, null, "x"), RowKind.DELETE), withKind(row("a", 6L, null, "x"), RowKind.DELETE)));
      assertEquals(List.of(row("-D", "a", 3L, 13L, 2L, "y", null, 3L)), fourth);
    }
  }

  @Test
  void unchangedResultEmitsNothing() {
    PlanNode.GroupAggregate maxOnly = new PlanNode.GroupAggregate(new PlanNode.Values(INPUT, List.of()), List.of(0),
        List.of(CALLS.get(3)), outputSchema(List.of(0), List.of(CALLS.get(3))));
    try (Harness harness = new Harness(maxOnly, Map.of(), () -> 0L)) {
      harness.push(List.of(withKind(row("a", 1L, null, "z"), RowKind.INSERT)));
      assertEquals(List.of(), harness.push(List.of(withKind(row("a", 1L, null, "b"), RowKind.INSERT))));
    }
  }

  @Test
  void stateTtlForgetsIdleGroups() {
    AtomicLong now = new AtomicLong();
    try (Harness harness = new Harness(spec(List.of(0)), Map.of("state.ttl", "10 s"), now::get)) {
      harness.push(List.of(withKind(row("a", 1L, null, "x"), RowKind.INSERT)));
      now.set(5_000);
      harness.push(List.of(withKind(row("b", 1L, null, "x"), RowKind.INSERT)));
      now.set(12_000);
      // 'a' was last touched 12 s ago and is forgotten; 'b' (7 s) is kept and updated.
      assertEquals(List.of(row("-U", "b", 1L, 1L, 1L, "x", null, 1L), row("+U", "b", 2L, 3L, 1L, "x", null, 2L)),
          harness.push(List.of(withKind(row("b", 2L, null, "x"), RowKind.INSERT))));
      assertEquals(List.of(row("+I", "a", 1L, 7L, 7L, "x", null, 1L)),
          harness.push(List.of(withKind(row("a", 7L, null, "x"), RowKind.INSERT))));
    }
  }

  @Test
  void appendOnlyInputKeepsOnlyTheExtremeAndForgetsItOnExpiry() {
    Schema appendOnly = new Schema(INPUT.fields().subList(0, 4));
    List<AggregateCall> calls = List.of(CALLS.get(2), CALLS.get(3));
    List<Field> out = new ArrayList<>(List.of(INPUT.field(0)));
    calls.forEach(c -> out.add(new Field(c.name(), c.type())));
    out.add(new Field(RowKind.COLUMN, KIND));
    PlanNode.GroupAggregate spec =
        new PlanNode.GroupAggregate(new PlanNode.Values(appendOnly, List.of()), List.of(0), calls, new Schema(out));
    AtomicLong now = new AtomicLong();
    try (Harness harness = new Harness(spec, Map.of("state.ttl", "1 s"), now::get, appendOnly)) {
      assertEquals(List.of(row("+I", "a", 3L, "q")), harness.push(List.of(row("a", 3L, null, "q"), row("a", 4L, null, "p"))));
      assertEquals(List.of(row("-U", "a", 3L, "q"), row("+U", "a", 2L, "z")),
          harness.push(List.of(row("a", 2L, null, "z"))));
      now.set(5_000);
      assertEquals(List.of(row("+I", "a", 9L, "b")), harness.push(List.of(row("a", 9L, null, "b"))));
    }
  }

  @Test
  void badTtlIsExplained() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GroupAggregateOperator.parseTtl("ten minutes"));
    assertEquals("Option 'state.ttl' must be a duration such as '1 h', '30 min', '10 s' or '500 ms', not 'ten minutes'",
        e.getMessage());
    assertEquals(3_600_000, GroupAggregateOperator.parseTtl("1 h"));
    assertEquals(90_000, GroupAggregateOperator.parseTtl("90s"));
  }

  private static PlanNode.GroupAggregate spec(List<Integer> keys) {
    return new PlanNode.GroupAggregate(new PlanNode.Values(INPUT, List.of()), keys, CALLS, outputSchema(keys, CALLS));
  }

  private static Schema outputSchema(List<Integer> keys, List<AggregateCall> calls) {
    List<Field> fields = new ArrayList<>();
    keys.forEach(k -> fields.add(INPUT.field(k)));
    calls.forEach(c -> fields.add(new Field(c.name(), c.type())));
    fields.add(new Field(RowKind.COLUMN, KIND));
    return new Schema(fields);
  }

  private static List<Object> randomRow(Random random) {
    String key = "k" + random.nextInt(6);
    Long v = random.nextInt(8) == 0 ? null : (long) random.nextInt(20) - 5;
    BigDecimal d = random.nextInt(8) == 0 ? null : BigDecimal.valueOf(random.nextInt(10_000) - 3000, 2);
    String s = random.nextInt(8) == 0 ? null : "s" + random.nextInt(9);
    return row(key, v, d, s);
  }

  private static List<Object> withKind(List<Object> row, RowKind kind) {
    List<Object> result = new ArrayList<>(row);
    result.add(kind.code());
    return result;
  }

  /** Applies one emitted change (op, key, values...) to the materialised view, checking it is consistent. */
  private static void apply(Map<List<Object>, List<Object>> view, List<Object> change) {
    String op = (String) change.get(0);
    List<Object> key = List.of(change.get(1));
    List<Object> values = new ArrayList<>(change.subList(2, change.size()));
    switch (op) {
      case "+I", "+U" -> assertNull(view.put(key, values), op + " for a key that is present: " + change);
      case "-U", "-D" -> assertEquals(values, view.remove(key), op + " must retract exactly what was emitted");
      default -> throw new AssertionError(op);
    }
  }

  private static Map<List<Object>, List<Object>> reference(List<List<Object>> live) {
    Map<List<Object>, List<List<Object>>> byKey = new HashMap<>();
    for (List<Object> r : live) {
      byKey.computeIfAbsent(List.of(r.get(0)), k -> new ArrayList<>()).add(r);
    }
    Map<List<Object>, List<Object>> result = new HashMap<>();
    byKey.forEach((key, rows) -> {
      List<Long> vs = rows.stream().map(r -> (Long) r.get(1)).filter(v -> v != null).toList();
      List<BigDecimal> ds = rows.stream().map(r -> (BigDecimal) r.get(2)).filter(d -> d != null).toList();
      List<String> ss = rows.stream().map(r -> (String) r.get(3)).filter(s -> s != null).toList();
      Set<Long> distinct = new HashSet<>(vs);
      result.put(key, Arrays.<Object>asList(
          (long) rows.size(),
          vs.isEmpty() ? null : vs.stream().mapToLong(Long::longValue).sum(),
          vs.isEmpty() ? null : vs.stream().min(Comparator.naturalOrder()).get(),
          ss.isEmpty() ? null : ss.stream().max(Comparator.naturalOrder()).get(),
          ds.isEmpty() ? null : ds.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
              .divide(BigDecimal.valueOf(ds.size()), 4, RoundingMode.HALF_UP),
          (long) distinct.size()));
    });
    return result;
  }

  /** One operator with its allocator; pushes rows as one batch and returns the changes as (op, columns...). */
  private static final class Harness implements AutoCloseable {
    private final BufferAllocator allocator = new RootAllocator();
    private final GroupAggregateOperator operator;
    private final Schema output;
    private final Schema input;

    Harness(PlanNode.GroupAggregate spec, Map<String, String> options, java.util.function.LongSupplier clock) {
      this(spec, options, clock, INPUT);
    }

    Harness(PlanNode.GroupAggregate spec, Map<String, String> options, java.util.function.LongSupplier clock,
        Schema input) {
      this.input = input;
      this.output = spec.schema();
      this.operator = new GroupAggregateOperator(spec, clock);
      operator.open(new OperatorContext("test", allocator, new JobMetrics(), options));
    }

    List<List<Object>> push(List<List<Object>> rows) {
      List<List<Object>> changes = new ArrayList<>();
      try (VectorSchemaRoot root = ArrowTypes.createRoot(input, allocator)) {
        for (int r = 0; r < rows.size(); r++) {
          for (int c = 0; c < input.size(); c++) {
            Vectors.setObject(root.getVector(c), r, rows.get(r).get(c), input.type(c));
          }
        }
        root.setRowCount(rows.size());
        operator.processBatch(0, new Batch(root), new Collector() {
          @Override
          public void emit(Batch batch) {
            for (List<Object> change : Rows.toLists(batch, output)) {
              List<Object> row = new ArrayList<>();
              row.add(RowKind.of((Byte) change.get(change.size() - 1)).shortName());
              row.addAll(change.subList(0, change.size() - 1));
              changes.add(row);
            }
          }

          @Override
          public void emitWatermark(long watermark) {}
        });
      }
      return changes;
    }

    @Override
    public void close() {
      operator.close();
      assertTrue(allocator.getAllocatedMemory() == 0, "leaked Arrow memory");
      allocator.close();
    }
  }
}
