package io.sluice.runtime.operator;

import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;

/**
 * APPROX_PERCENTILE per group: a deterministic mergeable quantile sketch of compactor levels.
 * Level h holds values standing for 2^h input values each; when a value arrives at a level
 * holding {@link #CAPACITY} values, the level is sorted and every other value (alternately the
 * even and the odd ones) moves up a level, so the total weight stays the row count n.
 *
 * <p>Error bound: one compaction at level h moves the rank of any value by at most 2^h and
 * consumes at least {@code CAPACITY * 2^h} of the weight, so level h compacts at most
 * {@code n / (CAPACITY * 2^h)} times and adds at most {@code n / CAPACITY} rank error; with
 * at most {@code floor(log2(n / CAPACITY)) + 1} compacting levels the rank of the answer is
 * within {@code n * (floor(log2(n / 2048)) + 1) / 2048} of the requested rank, under 1% of n
 * up to 10^9 values, and the answer is exact up to 2048 values. Merging (slices of a window)
 * appends level by level and compacts the same way, so the bound holds for merged sketches.
 * The answer is a nearest-rank percentile: the value of rank {@code max(1, ceil(p * n))}.
 */
final class QuantileSketch extends Accumulator {
  static final int CAPACITY = 2048;

  private static final int SKETCHES = 0;

  private final double fraction;

  QuantileSketch(double fraction) {
    super(new GroupColumns().withObjects(Sketch.class));
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("a percentile fraction lies in [0, 1], not " + fraction);
    }
    this.fraction = fraction;
  }

  @Override
  void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
    Sketch[] sketches = columns.objects(SKETCHES);
    FieldVector vector = arguments[0];
    Moments.DoubleReader values = Moments.doubleReader(vector);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (vector.isNull(row)) {
        continue;
      }
      double value = values.get(row);
      if (Double.isNaN(value)) {
        continue;
      }
      int group = groups[row];
      Sketch sketch = sketches[group];
      if (sketch == null) {
        sketch = sketches[group] = new Sketch();
      }
      sketch.add(0, value);
      sketch.count++;
    }
  }

  @Override
  void write(int group, FieldVector out, int row) {
    Sketch sketch = columns.<Sketch>objects(SKETCHES)[group];
    if (sketch == null || sketch.count == 0) {
      Vectors.setNull(out, row);
    } else {
      Vectors.setDouble(out, row, sketch.quantile(fraction));
    }
  }

  @Override
  void merge(int group, Accumulator source, int sourceGroup) {
    Sketch other = source.columns.<Sketch>objects(SKETCHES)[sourceGroup];
    if (other == null || source == this && group == sourceGroup) {
      return;
    }
    Sketch[] sketches = columns.objects(SKETCHES);
    Sketch sketch = sketches[group];
    if (sketch == null) {
      sketch = sketches[group] = new Sketch();
    }
    for (int level = 0; level < other.sizes.length; level++) {
      // Copied first: appending may compact, and the source may be a level of this very sketch.
      double[] values = other.levels[level] == null ? null : Arrays.copyOf(other.levels[level], other.sizes[level]);
      if (values != null) {
        for (double value : values) {
          sketch.add(level, value);
        }
      }
    }
    sketch.count += other.count;
  }

  /** Per group: whether it has a sketch, then its count, compaction parities and levels. */
  @Override
  void snapshot(StateWriter state, int groups) {
    Sketch[] sketches = columns.objects(SKETCHES);
    for (int group = 0; group < groups; group++) {
      Sketch sketch = sketches[group];
      state.writeBoolean(sketch != null);
      if (sketch != null) {
        sketch.snapshot(state);
      }
    }
  }

  @Override
  void restore(StateReader state, int groups) {
    ensureGroups(groups);
    Sketch[] sketches = columns.objects(SKETCHES);
    for (int group = 0; group < groups; group++) {
      sketches[group] = state.readBoolean() ? Sketch.restore(state) : null;
    }
  }

  /** The compactor levels of one group. */
  static final class Sketch {
    private double[][] levels = new double[1][];
    private int[] sizes = new int[1];
    /** Bit h: whether level h's next compaction keeps the odd-positioned values. */
    private long odd;
    long count;

    void snapshot(StateWriter state) {
      state.writeLong(count);
      state.writeLong(odd);
      state.writeInt(levels.length);
      for (int level = 0; level < levels.length; level++) {
        state.writeDoubles(levels[level] == null ? new double[0] : levels[level], sizes[level]);
      }
    }

    static Sketch restore(StateReader state) {
      Sketch sketch = new Sketch();
      sketch.count = state.readLong();
      sketch.odd = state.readLong();
      int height = state.readInt();
      sketch.levels = new double[height][];
      sketch.sizes = new int[height];
      for (int level = 0; level < height; level++) {
        double[] values = state.readDoubles(0);
        sketch.sizes[level] = values.length;
        sketch.levels[level] = values.length == 0 ? null : values;
      }
      return sketch;
    }

    void add(int level, double value) {
      if (level >= levels.length) {
        levels = Arrays.copyOf(levels, level + 1);
        sizes = Arrays.copyOf(sizes, level + 1);
      }
      // A full level compacts only when one more value arrives, so up to CAPACITY values stay exact.
      if (sizes[level] == CAPACITY) {
        compact(level);
      }
      double[] values = levels[level];
      int size = sizes[level];
      if (values == null || size == values.length) {
        values = levels[level] = Arrays.copyOf(values == null ? new double[0] : values,
            Math.min(CAPACITY, Math.max(8, size * 2)));
      }
      values[size] = value;
      sizes[level] = size + 1;
    }

    /** Sorts a full level and moves every other value up. */
    private void compact(int level) {
      double[] values = levels[level];
      int size = sizes[level];
      Arrays.sort(values, 0, size);
      int offset = (int) (odd >>> level) & 1;
      odd ^= 1L << level;
      int pairs = size / 2;
      double[] promoted = new double[pairs];
      for (int i = 0; i < pairs; i++) {
        promoted[i] = values[2 * i + offset];
      }
      // CAPACITY is even, so every value pairs up and the level empties.
      sizes[level] = 0;
      for (double value : promoted) {
        add(level + 1, value);
      }
    }

    /** The nearest-rank {@code fraction} quantile of the weighted values. */
    double quantile(double fraction) {
      long rank = Math.max(1, (long) Math.ceil(fraction * count));
      int[] next = new int[levels.length];
      for (int level = 0; level < levels.length; level++) {
        if (levels[level] != null) {
          Arrays.sort(levels[level], 0, sizes[level]);
        }
      }
      long seen = 0;
      double value = Double.NaN;
      // Walks the sorted levels together, smallest value first, summing weights up to the rank.
      while (seen < rank) {
        int best = -1;
        for (int level = 0; level < levels.length; level++) {
          if (next[level] < sizes[level]
              && (best < 0 || levels[level][next[level]] < levels[best][next[best]])) {
            best = level;
          }
        }
        if (best < 0) {
          break;
        }
        value = levels[best][next[best]++];
        seen += 1L << best;
      }
      return value;
    }
  }
}
