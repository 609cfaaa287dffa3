package io.sluice.runtime.operator;

import static io.sluice.runtime.operator.HashJoinPropertyTest.collector;
import static io.sluice.runtime.operator.HashJoinPropertyTest.feed;
import static io.sluice.runtime.testing.TestTables.field;
import static io.sluice.runtime.testing.TestTables.row;
import static io.sluice.runtime.testing.TestTables.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.plan.JoinKind;
import io.sluice.plan.PlanNode;
import io.sluice.plan.Schema;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.exec.JobMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exact output sequences of HashJoinOperator: changelog retractions, padding timing and state TTL. */
class HashJoinOperatorTest {
  private static final Schema LEFT = schema(field("id", TypeKind.INTEGER), field("name", TypeKind.VARCHAR));
  private static final Schema RIGHT = schema(field("ref", TypeKind.INTEGER), field("city", TypeKind.VARCHAR));
  private static final byte INSERT = 0;
  private static final byte DELETE = 3;

  private final BufferAllocator allocator = new RootAllocator();
  private final AtomicLong now = new AtomicLong(1_000);
  private final List<List<Object>> output = new ArrayList<>();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void unboundedLeftJoinPadsAtOnceAndRetractsWhenTheMatchArrives() {
    try (HashJoinOperator join = open(JoinKind.LEFT, false, Map.of())) {
      Collector out = collector(join(JoinKind.LEFT, false).schema(), output);
      feed(join, 0, LEFT, List.of(row(1, "ann"), row(null, "nobody")), allocator, out);
      assertEquals(List.of(row(1, "ann", null, null, INSERT), row(null, "nobody", null, null, INSERT)), output);
      output.clear();
      feed(join, 1, RIGHT, List.of(row(1, "Oslo"), row(1, "Rome"), row(null, "Nowhere")), allocator, out);
      assertEquals(List.of(row(1, "ann", null, null, DELETE), row(1, "ann", 1, "Oslo", INSERT),
          row(1, "ann", 1, "Rome", INSERT)), output);
      output.clear();
      join.finish(out);
      assertEquals(List.of(), output);
    }
  }

  @Test
  void boundedFullJoinPadsOnlyAtTheEnd() {
    try (HashJoinOperator join = open(JoinKind.FULL, true, Map.of())) {
      Collector out = collector(join(JoinKind.FULL, true).schema(), output);
      feed(join, 0, LEFT, List.of(row(1, "ann"), row(2, "bob")), allocator, out);
      feed(join, 1, RIGHT, List.of(row(2, "Oslo"), row(3, "Rome")), allocator, out);
      assertEquals(List.of(row(2, "bob", 2, "Oslo")), output);
      join.finish(out);
      assertEquals(List.of(row(2, "bob", 2, "Oslo"), row(1, "ann", null, null), row(null, null, 3, "Rome")), output);
    }
  }

  @Test
  void expiredRowsNoLongerMatchAndLeaveTheState() {
    try (HashJoinOperator join = open(JoinKind.INNER, true, Map.of(HashJoinOperator.TTL_OPTION, "10 s"))) {
      Collector out = collector(join(JoinKind.INNER, true).schema(), output);
      List<List<Object>> people = IntStream.range(0, 3000).mapToObj(i -> row(i, "p" + i)).toList();
      feed(join, 0, LEFT, people, allocator, out);
      now.addAndGet(5_000);
      feed(join, 0, LEFT, List.of(row(7, "late seven")), allocator, out);
      assertEquals(3001, join.stateRows());
      now.addAndGet(6_000);
      // The first 3000 rows are now 11 s old: they expire before this batch probes.
      feed(join, 1, RIGHT, List.of(row(7, "Oslo"), row(8, "Rome")), allocator, out);
      assertEquals(List.of(row(7, "late seven", 7, "Oslo")), output);
      assertEquals(3, join.stateRows());
      output.clear();
      feed(join, 0, LEFT, List.of(row(8, "eight")), allocator, out);
      assertEquals(List.of(row(8, "eight", 8, "Rome")), output);
    }
  }

  @Test
  void appendOnlyOuterJoinPadsRowsWhenTheyExpire() {
    try (HashJoinOperator join = open(JoinKind.LEFT, true, Map.of(HashJoinOperator.TTL_OPTION, "1 min"))) {
      Collector out = collector(join(JoinKind.LEFT, true).schema(), output);
      feed(join, 0, LEFT, List.of(row(1, "ann")), allocator, out);
      now.addAndGet(61_000);
      feed(join, 1, RIGHT, List.of(row(1, "Oslo")), allocator, out);
      assertEquals(List.of(row(1, "ann", null, null)), output);
      join.finish(out);
      assertEquals(1, output.size());
    }
  }

  @Test
  void ttlMustBeADuration() {
    assertEquals(600_000, HashJoinOperator.parseTtl("10 min"));
    assertEquals(250, HashJoinOperator.parseTtl("250"));
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> HashJoinOperator.parseTtl("ten minutes"));
    assertEquals("Option 'state.ttl' = 'ten minutes' is not a duration; write a number and a unit, such as"
        + " '10 min' (units: ms, s, min, h, d)", error.getMessage());
  }

  private HashJoinOperator open(JoinKind kind, boolean bounded, Map<String, String> options) {
    HashJoinOperator operator = new HashJoinOperator(join(kind, bounded), CalcProvider.COMPILER, now::get);
    operator.open(new OperatorContext("join", allocator, new JobMetrics(), options));
    return operator;
  }

  private static PlanNode.Join join(JoinKind kind, boolean bounded) {
    PlanNode.Join shape = HashJoinPropertyTest.join(kind, new PlanNode.Values(LEFT, List.of()),
        new PlanNode.Values(RIGHT, List.of()), null, bounded);
    return new PlanNode.Join(shape.left(), shape.right(), kind, List.of(0), List.of(0), null, bounded, shape.schema());
  }
}
