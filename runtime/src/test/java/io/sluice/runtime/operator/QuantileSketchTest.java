package io.sluice.runtime.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.plan.DataType;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.ArrowTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * APPROX_PERCENTILE's sketch against the exact nearest-rank percentile: the rank of every
 * answer must lie within the documented bound n (floor(log2(n / 2048)) + 1) / 2048 of the
 * requested rank, for single sketches and for sketches merged from parts, and be exact up to
 * 2048 values.
 */
class QuantileSketchTest {
  private static final double[] FRACTIONS = {0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1};

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 2047, 2048, 2049, 10_000, 100_000, 400_000})
  void singleSketchStaysWithinTheBound(int n) {
    for (int seed = 1; seed <= 3; seed++) {
      double[] data = data(new Random(seed * 1000L + n), n);
      for (double p : FRACTIONS) {
        double answer = estimate(p, List.of(data));
        check(data, p, answer);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 10, 50})
  void mergedSketchesStayWithinTheBound(int parts) {
    Random random = new Random(parts);
    double[] data = data(random, 150_000);
    List<double[]> split = new ArrayList<>();
    int from = 0;
    for (int part = 0; part < parts; part++) {
      int to = part == parts - 1 ? data.length : from + random.nextInt(2 * data.length / parts);
      to = Math.min(to, data.length);
      split.add(Arrays.copyOfRange(data, from, to));
      from = to;
    }
    for (double p : FRACTIONS) {
      check(data, p, estimate(p, split));
    }
  }

  @Test
  void smallInputsAreExact() {
    double[] data = data(new Random(5), QuantileSketch.CAPACITY);
    double[] sorted = data.clone();
    Arrays.sort(sorted);
    for (double p : FRACTIONS) {
      int rank = (int) Math.max(1, Math.ceil(p * data.length));
      assertEquals(sorted[rank - 1], estimate(p, List.of(data)), "p=" + p);
    }
  }

  /** The largest rank error the documentation allows for {@code n} values. */
  static double bound(long n) {
    if (n <= QuantileSketch.CAPACITY) {
      return 0;
    }
    int levels = (int) Math.floor(Math.log((double) n / QuantileSketch.CAPACITY) / Math.log(2)) + 1;
    return (double) n * levels / QuantileSketch.CAPACITY;
  }

  /** Checks that some rank the answer holds in the sorted data is within the bound of the requested one. */
  static void check(double[] data, double p, double answer) {
    long below = 0;
    long atMost = 0;
    for (double x : data) {
      below += x < answer ? 1 : 0;
      atMost += x <= answer ? 1 : 0;
    }
    long rank = Math.max(1, (long) Math.ceil(p * data.length));
    double bound = bound(data.length);
    assertTrue(atMost >= rank - bound && below + 1 <= rank + bound,
        "n=" + data.length + " p=" + p + ": answer " + answer + " has ranks [" + (below + 1) + ", " + atMost
            + "], wanted " + rank + " +- " + bound);
    assertTrue(atMost > below, "the answer is one of the values");
  }

  /** Values with duplicates, a skewed tail and negative numbers, in random order. */
  private static double[] data(Random random, int n) {
    double[] data = new double[n];
    for (int i = 0; i < n; i++) {
      data[i] = switch (random.nextInt(3)) {
        case 0 -> random.nextInt(100);
        case 1 -> Math.exp(random.nextGaussian() * 3);
        default -> random.nextGaussian() * 1000 - 200;
      };
    }
    return data;
  }

  /** Feeds each part into its own accumulator through Arrow vectors, merges them all into the first, and writes. */
  private static double estimate(double p, List<double[]> parts) {
    try (BufferAllocator allocator = new RootAllocator()) {
      List<QuantileSketch> sketches = new ArrayList<>();
      for (double[] part : parts) {
        QuantileSketch sketch = new QuantileSketch(p);
        sketch.ensureGroups(1);
        try (Float8Vector vector = new Float8Vector("x", allocator)) {
          int batch = 4096;
          for (int from = 0; from < part.length; from += batch) {
            int count = Math.min(batch, part.length - from);
            vector.allocateNew(count);
            int[] rows = new int[count];
            for (int i = 0; i < count; i++) {
              vector.set(i, part[from + i]);
              rows[i] = i;
            }
            vector.setValueCount(count);
            sketch.accumulate(new FieldVector[] {vector}, new int[count], rows, count);
          }
        }
        sketches.add(sketch);
      }
      QuantileSketch merged = new QuantileSketch(p);
      merged.ensureGroups(1);
      for (QuantileSketch sketch : sketches) {
        merged.merge(0, sketch, 0);
      }
      try (Float8Vector out = (Float8Vector) ArrowTypes.toArrowField(
          new io.sluice.plan.Field("p", DataType.of(TypeKind.DOUBLE))).createVector(allocator)) {
        out.allocateNew(1);
        merged.write(0, out, 0);
        out.setValueCount(1);
        return out.get(0);
      }
    }
  }
}
