package io.sluice.runtime.operator;

import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.run;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** Random rows through HashAggregateOperator compared with a reference computed on Java collections. */
class HashAggregatePropertyTest {
  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  private static final DataType DECIMAL = DataType.decimal(20, 2);
  private static final Schema INPUT = schema(field("k1", TypeKind.VARCHAR), field("k2", TypeKind.INTEGER),
      field("v", TypeKind.BIGINT), new Field("d", DECIMAL), field("s", TypeKind.VARCHAR), field("f", TypeKind.BOOLEAN));

  private static final List<AggregateCall> CALLS = List.of(
      new AggregateCall(AggregateKind.COUNT, List.of(), false, -1, BIGINT, "cnt"),
      new AggregateCall(AggregateKind.COUNT, List.of(2), false, -1, BIGINT, "cnt_v"),
      new AggregateCall(AggregateKind.SUM, List.of(2), false, -1, BIGINT, "sum_v"),
      new AggregateCall(AggregateKind.SUM0, List.of(2), false, 5, BIGINT, "sum0_v_filtered"),
      new AggregateCall(AggregateKind.AVG, List.of(2), false, -1, BIGINT, "avg_v"),
      new AggregateCall(AggregateKind.SUM, List.of(3), false, -1, DataType.decimal(38, 2), "sum_d"),
      new AggregateCall(AggregateKind.AVG, List.of(3), false, -1, DataType.decimal(38, 4), "avg_d"),
      new AggregateCall(AggregateKind.MIN, List.of(4), false, -1, DataType.of(TypeKind.VARCHAR), "min_s"),
      new AggregateCall(AggregateKind.MAX, List.of(2), false, -1, BIGINT, "max_v"),
      new AggregateCall(AggregateKind.COUNT, List.of(2), true, -1, BIGINT, "distinct_v"));

  @RepeatedTest(5)
  void groupedMatchesReference(RepetitionInfo repetition) {
    check(List.of(0, 1), randomRows(new Random(repetition.getCurrentRepetition()), 3000));
  }

  @Test
  void globalAggregateOverEmptyInputHasOneRow() {
    List<List<Object>> result = check(List.of(), List.of());
    assertEquals(Arrays.asList(0L, 0L, null, 0L, null, null, null, null, null, 0L), result.get(0));
  }

  @Test
  void globalAggregateMatchesReference() {
    check(List.of(), randomRows(new Random(42), 5000));
  }

  private static List<List<Object>> check(List<Integer> keys, List<List<Object>> rows) {
    List<Field> outFields = new ArrayList<>();
    keys.forEach(k -> outFields.add(INPUT.field(k)));
    CALLS.forEach(c -> outFields.add(new Field(c.name(), c.type())));
    PlanNode.Aggregate aggregate =
        new PlanNode.Aggregate(new PlanNode.Values(INPUT, rows), keys, CALLS, new Schema(outFields));

    List<List<Object>> actual = sorted(run(aggregate));
    List<List<Object>> expected = sorted(reference(keys, rows));
    assertEquals(expected, actual);
    return actual;
  }

  private static List<List<Object>> randomRows(Random random, int count) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(Arrays.asList(
          random.nextInt(10) == 0 ? null : "k" + random.nextInt(5),
          random.nextInt(10) == 0 ? null : random.nextInt(4),
          random.nextInt(8) == 0 ? null : (long) random.nextInt(1000) - 300,
          random.nextInt(8) == 0 ? null : BigDecimal.valueOf(random.nextInt(100_000) - 50_000, 2),
          random.nextInt(8) == 0 ? null : "s" + random.nextInt(50),
          random.nextInt(5) == 0 ? null : random.nextBoolean()));
    }
    return rows;
  }

  private static List<List<Object>> reference(List<Integer> keys, List<List<Object>> rows) {
    Map<List<Object>, List<List<Object>>> groups = new LinkedHashMap<>();
    if (keys.isEmpty()) {
      groups.put(List.of(), new ArrayList<>());
    }
    for (List<Object> row : rows) {
      groups.computeIfAbsent(new ArrayList<>(keys.stream().map(row::get).toList()), k -> new ArrayList<>()).add(row);
    }
    List<List<Object>> out = new ArrayList<>();
    groups.forEach((key, members) -> {
      List<Object> result = new ArrayList<>(key);
      List<Long> v = members.stream().map(r -> (Long) r.get(2)).filter(Objects::nonNull).toList();
      List<BigDecimal> d = members.stream().map(r -> (BigDecimal) r.get(3)).filter(Objects::nonNull).toList();
      List<String> s = members.stream().map(r -> (String) r.get(4)).filter(Objects::nonNull).toList();
      long filteredSum = members.stream().filter(r -> Boolean.TRUE.equals(r.get(5)))
          .map(r -> (Long) r.get(2)).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
      BigDecimal sumD = d.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
      result.add((long) members.size());
      result.add((long) v.size());
      result.add(v.isEmpty() ? null : v.stream().mapToLong(Long::longValue).sum());
      result.add(filteredSum);
      result.add(v.isEmpty() ? null : v.stream().mapToLong(Long::longValue).sum() / v.size());
      result.add(d.isEmpty() ? null : sumD.setScale(2));
      result.add(d.isEmpty() ? null : sumD.divide(BigDecimal.valueOf(d.size()), 4, RoundingMode.HALF_UP));
      result.add(s.stream().min(Comparator.naturalOrder()).orElse(null));
      result.add(v.stream().max(Comparator.naturalOrder()).orElse(null));
      Set<Long> distinct = new HashSet<>(v);
      result.add((long) distinct.size());
      out.add(result);
    });
    return out;
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Object::toString));
    return copy;
  }
}
