package com.example.udf;

import io.sluice.udf.spi.AggregateFunction;
import java.util.Map;
import java.util.TreeMap;

/**
 * An example aggregate: {@code median(DOUBLE NOT NULL) -> DOUBLE}, the middle value of a group
 * (the mean of the two middle values for an even count; NULL for no rows). The accumulator is a
 * sorted multiset, so {@link #retract} can take values back and the function also runs over
 * updating input, such as a GROUP BY over another GROUP BY.
 */
public class Median extends AggregateFunction<TreeMap<Double, Long>, Double> {
  @Override
  public TreeMap<Double, Long> createAccumulator() {
    return new TreeMap<>();
  }

  public void accumulate(TreeMap<Double, Long> values, double value) {
    values.merge(value, 1L, Long::sum);
  }

  public void retract(TreeMap<Double, Long> values, double value) {
    values.computeIfPresent(value, (v, count) -> count == 1 ? null : count - 1);
  }

  @Override
  public void merge(TreeMap<Double, Long> values, TreeMap<Double, Long> other) {
    other.forEach((value, count) -> values.merge(value, count, Long::sum));
  }

  @Override
  public Double getValue(TreeMap<Double, Long> values) {
    long count = values.values().stream().mapToLong(Long::longValue).sum();
    if (count == 0) {
      return null;
    }
    // The values at 0-based positions (count - 1) / 2 and count / 2: the same one for an odd count.
    long low = (count - 1) / 2;
    long high = count / 2;
    Double lowValue = null;
    long seen = 0;
    for (Map.Entry<Double, Long> entry : values.entrySet()) {
      long next = seen + entry.getValue();
      if (lowValue == null && low < next) {
        lowValue = entry.getKey();
      }
      if (high < next) {
        return (lowValue + entry.getKey()) / 2;
      }
      seen = next;
    }
    throw new IllegalStateException("unreachable: position " + high + " of " + count);
  }
}
