package io.sluice.runtime.operator;

import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * The per-group arrays of one accumulator, indexed by group id: registered once, then grown,
 * cleared, snapshotted and restored together, so an accumulator writes none of that itself.
 *
 * <p>A column's id is its registration position. Update loops fetch a column's array once per
 * call ({@link #longs}, {@link #doubles}, ...) and index it directly; growth replaces the
 * arrays, so a caller re-fetches after {@link #ensure} or {@link #restore}. Long, double, int,
 * flag and byte-string columns are checkpointed, in registration order, each as one block,
 * unless marked {@link #notCheckpointed}; object columns ({@link #withObjects}) are only grown
 * and cleared: their owner writes them.
 */
final class GroupColumns {
  static final int INITIAL_CAPACITY = 16;

  private Object[] columns = new Object[0];
  /** Per column, whether {@link #snapshot} writes it. */
  private boolean[] saved = new boolean[0];
  private int capacity = INITIAL_CAPACITY;

  /** Adds a column of longs (initially 0). */
  GroupColumns withLongs() {
    return with(new long[capacity], true);
  }

  /** Adds a column of doubles (initially 0). */
  GroupColumns withDoubles() {
    return with(new double[capacity], true);
  }

  /** Adds a column of ints (initially 0). */
  GroupColumns withInts() {
    return with(new int[capacity], true);
  }

  /** Adds a column of flags (initially false), checkpointed as one byte each. */
  GroupColumns withFlags() {
    return with(new boolean[capacity], true);
  }

  /** Adds a column of byte strings (initially null). */
  GroupColumns withByteArrays() {
    return with(new byte[capacity][], true);
  }

  /** Adds a column of {@code elementType} objects (initially null) that {@link #snapshot} leaves to its owner. */
  GroupColumns withObjects(Class<?> elementType) {
    return with(Array.newInstance(elementType, capacity), false);
  }

  /** Leaves the column added last out of {@link #snapshot} and {@link #restore}: scratch state of one batch. */
  GroupColumns notCheckpointed() {
    saved[saved.length - 1] = false;
    return this;
  }

  private GroupColumns with(Object column, boolean save) {
    int id = columns.length;
    columns = Arrays.copyOf(columns, id + 1);
    saved = Arrays.copyOf(saved, id + 1);
    columns[id] = column;
    saved[id] = save;
    return this;
  }

  long[] longs(int column) {
    return (long[]) columns[column];
  }

  double[] doubles(int column) {
    return (double[]) columns[column];
  }

  int[] ints(int column) {
    return (int[]) columns[column];
  }

  boolean[] flags(int column) {
    return (boolean[]) columns[column];
  }

  byte[][] byteArrays(int column) {
    return (byte[][]) columns[column];
  }

  /** The array of an object column, of the element type it was registered with. */
  @SuppressWarnings("unchecked")
  <T> T[] objects(int column) {
    return (T[]) columns[column];
  }

  /** The length of every column's array: group ids below it are valid. */
  int capacity() {
    return capacity;
  }

  /** Makes room for group ids below {@code groups}, at least doubling the capacity when it grows. */
  void ensure(int groups) {
    if (groups > capacity) {
      resize(Math.max(groups, capacity * 2));
    }
  }

  private void resize(int length) {
    for (int c = 0; c < columns.length; c++) {
      Object old = columns[c];
      Object grown = Array.newInstance(old.getClass().getComponentType(), length);
      System.arraycopy(old, 0, grown, 0, Array.getLength(old));
      columns[c] = grown;
    }
    capacity = length;
  }

  /** Resets {@code group} in every column to its initial value (0, false or null). */
  void clear(int group) {
    for (Object column : columns) {
      if (column instanceof long[] longs) {
        longs[group] = 0;
      } else if (column instanceof double[] doubles) {
        doubles[group] = 0;
      } else if (column instanceof int[] ints) {
        ints[group] = 0;
      } else if (column instanceof boolean[] flags) {
        flags[group] = false;
      } else {
        ((Object[]) column)[group] = null;
      }
    }
  }

  /**
   * Adds group {@code sourceGroup} of {@code source} (the same layout, possibly this instance) to
   * {@code group}, column by column: the merge of an accumulator whose state is all sums.
   */
  void addGroup(int group, GroupColumns source, int sourceGroup) {
    for (int c = 0; c < columns.length; c++) {
      Object column = columns[c];
      if (column instanceof long[] longs) {
        longs[group] += source.longs(c)[sourceGroup];
      } else if (column instanceof double[] doubles) {
        doubles[group] += source.doubles(c)[sourceGroup];
      } else if (column instanceof int[] ints) {
        ints[group] += source.ints(c)[sourceGroup];
      } else {
        throw new IllegalStateException("column " + c + " holds " + column.getClass().getSimpleName()
            + ", which cannot be added");
      }
    }
  }

  /** Writes groups {@code [0, groups)} of the checkpointed columns, in registration order. */
  void snapshot(StateWriter state, int groups) {
    for (int c = 0; c < columns.length; c++) {
      if (!saved[c]) {
        continue;
      }
      Object column = columns[c];
      if (column instanceof long[] longs) {
        state.writeLongs(longs, groups);
      } else if (column instanceof double[] doubles) {
        state.writeDoubles(doubles, groups);
      } else if (column instanceof int[] ints) {
        state.writeInts(ints, groups);
      } else if (column instanceof boolean[] flags) {
        byte[] bytes = new byte[groups];
        for (int group = 0; group < groups; group++) {
          bytes[group] = (byte) (flags[group] ? 1 : 0);
        }
        state.writeBytes(bytes, groups);
      } else {
        state.writeByteArrays((byte[][]) column, groups);
      }
    }
  }

  /**
   * Reads back what {@link #snapshot} wrote of {@code groups} groups into this instance of the
   * same layout; the other columns are grown to match and left for their owner to fill.
   */
  void restore(StateReader state, int groups) {
    ensure(groups);
    int longest = capacity;
    for (int c = 0; c < columns.length; c++) {
      if (!saved[c]) {
        continue;
      }
      Object column = columns[c];
      if (column instanceof long[]) {
        column = state.readLongs(capacity);
      } else if (column instanceof double[]) {
        column = state.readDoubles(capacity);
      } else if (column instanceof int[]) {
        column = state.readInts(capacity);
      } else if (column instanceof boolean[]) {
        byte[] bytes = state.readBytes(capacity);
        boolean[] flags = new boolean[bytes.length];
        for (int group = 0; group < bytes.length; group++) {
          flags[group] = bytes[group] != 0;
        }
        column = flags;
      } else {
        column = state.readByteArrays(capacity);
      }
      columns[c] = column;
      longest = Math.max(longest, Array.getLength(column));
    }
    if (longest > capacity) {
      // The checkpoint held more groups than the caller announced: keep every column one length.
      resize(longest);
    }
  }
}
