package io.sluice.runtime.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.AggregateCall;
import io.sluice.plan.AggregateKind;
import io.sluice.plan.DataType;
import io.sluice.plan.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.junit.jupiter.api.Test;

/**
 * Tests of the retractable SUM/SUM0 accumulators that share the batch sums: retraction crosses
 * the long/BigInteger boundary of decimal sums in both directions, and fully retracted groups
 * read as empty.
 */
class RetractableSumTest {
  private static final DataType DECIMAL = DataType.decimal(38, 0);

  @Test
  void decimalSumsAddAndSubtractAcrossTheLongBoundary() {
    BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
    BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
    BigInteger ten = BigInteger.TEN;
    BigInteger minus20 = BigInteger.valueOf(-20);
    // Group 0 overflows on an addition and comes back; group 1 stays in a long until a retraction overflows it.
    assertSums(0, new BigInteger[] {max, max, max, min, max, min},
        new boolean[] {false, false, true, false, true, true});
    assertSums(1, new BigInteger[] {max, minus20, ten, minus20, max, ten},
        new boolean[] {false, false, false, true, true, true});
  }

  /** Applies {@code values} one by one (retracting where {@code retract}) and checks the sum after each. */
  private static void assertSums(int group, BigInteger[] values, boolean[] retract) {
    try (BufferAllocator allocator = new RootAllocator();
        DecimalVector in = new DecimalVector("in", allocator, 38, 0);
        DecimalVector out = new DecimalVector("out", allocator, 38, 0)) {
      RetractableAccumulator sum =
          RetractableAccumulator.create(call(AggregateKind.SUM, DECIMAL), new DataType[] {DECIMAL});
      sum.ensureGroups(group + 1);
      out.allocateNew(1);
      BigInteger expected = BigInteger.ZERO;
      long count = 0;
      for (int step = 0; step < values.length; step++) {
        in.allocateNew(1);
        in.setSafe(0, new BigDecimal(values[step]));
        in.setValueCount(1);
        sum.apply(new FieldVector[] {in}, new int[] {group}, new int[] {0}, 1, retract[step]);
        expected = retract[step] ? expected.subtract(values[step]) : expected.add(values[step]);
        count += retract[step] ? -1 : 1;
        sum.write(group, out, 0);
        if (count == 0) {
          assertTrue(out.isNull(0), "step " + step + ": an emptied group reads as NULL");
        } else {
          assertEquals(new BigDecimal(expected), out.getObject(0), "step " + step);
        }
      }
      assertEquals(0, count, "every value is retracted in the end");
    }
  }

  @Test
  void doubleSum0OfAnEmptiedGroupIsZeroAndAverageRetractsExactly() {
    DataType dbl = DataType.of(TypeKind.DOUBLE);
    try (BufferAllocator allocator = new RootAllocator();
        Float8Vector in = new Float8Vector("in", allocator);
        Float8Vector out = new Float8Vector("out", allocator)) {
      RetractableAccumulator sum0 = RetractableAccumulator.create(call(AggregateKind.SUM0, dbl), new DataType[] {dbl});
      RetractableAccumulator avg = RetractableAccumulator.create(call(AggregateKind.AVG, dbl), new DataType[] {dbl});
      sum0.ensureGroups(1);
      avg.ensureGroups(1);
      out.allocateNew(2);
      in.allocateNew(3);
      in.set(0, 0.1);
      in.set(1, 0.2);
      in.set(2, 4.0);
      in.setValueCount(3);
      FieldVector[] arguments = {in};
      int[] groups = {0, 0, 0};
      for (RetractableAccumulator accumulator : List.of(sum0, avg)) {
        accumulator.apply(arguments, groups, new int[] {0, 1, 2}, 3, false);
        accumulator.apply(arguments, groups, new int[] {0, 1}, 2, true);
      }
      avg.write(0, out, 0);
      assertEquals(4.0, out.get(0), 1e-12);
      sum0.apply(arguments, groups, new int[] {2}, 1, true);
      sum0.write(0, out, 1);
      assertEquals(0.0, out.get(1));
    }
  }

  private static AggregateCall call(AggregateKind kind, DataType type) {
    return new AggregateCall(kind, List.of(0), false, -1, type, kind.name().toLowerCase());
  }
}
