package io.sluice.runtime.operator;

import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.arrow.vector.FieldVector;

/**
 * COUNT(DISTINCT ...) in windows: the set of distinct argument encodings per group, so that
 * the slices of a HOP or CUMULATE window (and merging sessions) merge by set union rather
 * than double-counting values seen in two slices. One object per distinct value and group.
 */
final class DistinctCount extends Accumulator {
  /** Encoded argument values compared by content. */
  private record Value(byte[] bytes, int hash) {
    static Value of(byte[] source, int length) {
      byte[] bytes = Arrays.copyOf(source, length);
      return new Value(bytes, Arrays.hashCode(bytes));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Value v && v.hash == hash && Arrays.equals(v.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private static final int SETS = 0;

  private final KeyEncoder encoder = new KeyEncoder();

  DistinctCount() {
    super(new GroupColumns().withObjects(Set.class));
  }

  @Override
  void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
    Set<Value>[] sets = columns.objects(SETS);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (encoder.putNonNullKey(arguments, row)) {
        set(sets, groups[row]).add(Value.of(encoder.bytes(), encoder.length()));
      }
    }
  }

  private static Set<Value> set(Set<Value>[] sets, int group) {
    Set<Value> set = sets[group];
    if (set == null) {
      set = new HashSet<>();
      sets[group] = set;
    }
    return set;
  }

  /** Per group, the number of distinct values and then each value's encoded bytes. */
  @Override
  void snapshot(StateWriter state, int groups) {
    Set<Value>[] sets = columns.objects(SETS);
    for (int group = 0; group < groups; group++) {
      Set<Value> set = sets[group];
      state.writeInt(set == null ? 0 : set.size());
      if (set != null) {
        for (Value value : set) {
          state.writeBytes(value.bytes, value.bytes.length);
        }
      }
    }
  }

  @Override
  void restore(StateReader state, int groups) {
    ensureGroups(groups);
    Set<Value>[] sets = columns.objects(SETS);
    for (int group = 0; group < groups; group++) {
      int size = state.readInt();
      for (int i = 0; i < size; i++) {
        byte[] bytes = state.readBytes(0);
        set(sets, group).add(Value.of(bytes, bytes.length));
      }
    }
  }

  @Override
  void merge(int group, Accumulator source, int sourceGroup) {
    Set<Value> other = source.columns.<Set<Value>>objects(SETS)[sourceGroup];
    Set<Value>[] sets = columns.objects(SETS);
    if (other != null && other != sets[group]) {
      set(sets, group).addAll(other);
    }
  }

  @Override
  void write(int group, FieldVector out, int row) {
    Set<Value> set = columns.<Set<Value>>objects(SETS)[group];
    Vectors.setLong(out, row, set == null ? 0 : set.size());
  }
}
