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

  private final KeyEncoder encoder = new KeyEncoder();
  private Set<Value>[] values = newSets(16);

  @SuppressWarnings("unchecked")
  private static Set<Value>[] newSets(int size) {
    return (Set<Value>[]) new Set<?>[size];
  }

  @Override
  void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
    outer:
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      encoder.reset();
      for (FieldVector argument : arguments) {
        if (argument.isNull(row)) {
          continue outer;
        }
        encoder.put(argument, row);
      }
      set(groups[row]).add(Value.of(encoder.bytes(), encoder.length()));
    }
  }

  private Set<Value> set(int group) {
    Set<Value> set = values[group];
    if (set == null) {
      set = new HashSet<>();
      values[group] = set;
    }
    return set;
  }

  @Override
  boolean supportsCheckpoints() {
    return true;
  }

  /** Per group, the number of distinct values and then each value's encoded bytes. */
  @Override
  void snapshot(StateWriter state, int groups) {
    for (int group = 0; group < groups; group++) {
      Set<Value> set = values[group];
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
    for (int group = 0; group < groups; group++) {
      int size = state.readInt();
      for (int i = 0; i < size; i++) {
        byte[] bytes = state.readBytes(0);
        set(group).add(Value.of(bytes, bytes.length));
      }
    }
  }

  @Override
  void ensureGroups(int groups) {
    if (groups > values.length) {
      values = Arrays.copyOf(values, Math.max(groups, values.length * 2));
    }
  }

  @Override
  void merge(int group, Accumulator source, int sourceGroup) {
    Set<Value> other = ((DistinctCount) source).values[sourceGroup];
    if (other != null && other != values[group]) {
      set(group).addAll(other);
    }
  }

  @Override
  void clear(int group) {
    values[group] = null;
  }

  @Override
  void write(int group, FieldVector out, int row) {
    Vectors.setLong(out, row, values[group] == null ? 0 : values[group].size());
  }
}
