package io.sluice.runtime.operator;

import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * FIRST_VALUE / LAST_VALUE per group: the non-NULL value of the earliest (latest) row, ordered
 * by the event time (the optional second argument; without it every row has time 0) and then
 * by arrival. Each group keeps its value with the row's time and arrival number, so slices and
 * sessions merge by comparing times. Arrival numbers are per accumulator: equal times in two
 * merged accumulators keep the value already merged, which cannot happen for slices (equal
 * times share a slice) or sessions of one key (rows at one time share a session).
 */
final class FirstLastValue extends Accumulator {
  private final boolean last;
  /** The values of fixed-width kinds, one slot per group; null for strings and binaries. */
  private final FieldVector values;
  private byte[][] bytes;
  private long[] times = new long[16];
  private long[] arrivals = new long[16];
  private boolean[] present = new boolean[16];
  private int capacity;
  private long arrived;

  /**
   * @param values an empty vector of the argument's type for fixed-width kinds, or null for
   *     VARCHAR/VARBINARY (kept as byte arrays, since variable-width vectors cannot be overwritten)
   */
  FirstLastValue(boolean last, FieldVector values) {
    this.last = last;
    this.values = values;
    this.bytes = values == null ? new byte[16][] : null;
  }

  @Override
  void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
    FieldVector vector = arguments[0];
    LongReader time = arguments.length > 1 ? longReader(arguments[1]) : null;
    FieldVector timeVector = arguments.length > 1 ? arguments[1] : null;
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      long arrival = arrived++;
      if (vector.isNull(row) || timeVector != null && timeVector.isNull(row)) {
        continue;
      }
      int group = groups[row];
      long t = time == null ? 0 : time.get(row);
      if (replaces(group, t, arrival)) {
        set(group, t, arrival, vector, row);
      }
    }
  }

  /** Whether a value at time {@code time}, arrival {@code arrival} takes the place of the group's. */
  private boolean replaces(int group, long time, long arrival) {
    if (!present[group]) {
      return true;
    }
    int order = time != times[group] ? Long.compare(time, times[group]) : Long.compare(arrival, arrivals[group]);
    return last ? order > 0 : order < 0;
  }

  private void set(int group, long time, long arrival, FieldVector vector, int row) {
    present[group] = true;
    times[group] = time;
    arrivals[group] = arrival;
    if (values != null) {
      values.copyFromSafe(row, group, vector);
    } else {
      BaseVariableWidthVector source = (BaseVariableWidthVector) vector;
      int start = source.getStartOffset(row);
      byte[] copy = new byte[source.getEndOffset(row) - start];
      ArrowBuf data = source.getDataBuffer();
      data.getBytes(start, copy);
      bytes[group] = copy;
    }
  }

  @Override
  void ensureGroups(int groups) {
    if (groups <= capacity) {
      return;
    }
    int target = Math.max(groups, Math.max(16, capacity * 2));
    times = Arrays.copyOf(times, target);
    arrivals = Arrays.copyOf(arrivals, target);
    present = Arrays.copyOf(present, target);
    if (values == null) {
      bytes = Arrays.copyOf(bytes, target);
    } else if (capacity == 0) {
      values.setInitialCapacity(target);
      values.allocateNew();
    } else {
      while (values.getValueCapacity() < target) {
        values.reAlloc();
      }
    }
    capacity = target;
  }

  @Override
  void write(int group, FieldVector out, int row) {
    if (!present[group]) {
      Vectors.setNull(out, row);
    } else if (values != null) {
      out.copyFromSafe(group, row, values);
    } else {
      ((BaseVariableWidthVector) out).setSafe(row, bytes[group], 0, bytes[group].length);
    }
  }

  @Override
  void merge(int group, Accumulator source, int sourceGroup) {
    FirstLastValue other = (FirstLastValue) source;
    if (!other.present[sourceGroup] || other == this && group == sourceGroup) {
      return;
    }
    long time = other.times[sourceGroup];
    boolean replace = !present[group] || (last ? time > times[group] : time < times[group]);
    if (!replace) {
      return;
    }
    present[group] = true;
    times[group] = time;
    arrivals[group] = other.arrivals[sourceGroup];
    if (values != null) {
      values.copyFromSafe(sourceGroup, group, other.values);
    } else {
      bytes[group] = other.bytes[sourceGroup];
    }
  }

  @Override
  void clear(int group) {
    present[group] = false;
    if (bytes != null) {
      bytes[group] = null;
    }
  }

  @Override
  boolean supportsCheckpoints() {
    return true;
  }

  /**
   * The arrival counter, then per group its presence, time and arrival number, and the values:
   * fixed-width kinds as one Arrow IPC batch, strings and binaries as byte strings.
   */
  @Override
  void snapshot(StateWriter state, int groups) {
    ensureGroups(Math.max(1, groups));
    state.writeLong(arrived);
    byte[] flags = new byte[groups];
    for (int group = 0; group < groups; group++) {
      flags[group] = (byte) (present[group] ? 1 : 0);
    }
    state.writeBytes(flags, groups);
    state.writeLongs(times, groups);
    state.writeLongs(arrivals, groups);
    if (values != null) {
      state.writeRoot(new VectorSchemaRoot(List.of(values)), groups);
    } else {
      state.writeByteArrays(bytes, groups);
    }
  }

  @Override
  void restore(StateReader state, int groups) {
    ensureGroups(Math.max(1, groups));
    arrived = state.readLong();
    byte[] flags = state.readBytes(0);
    for (int group = 0; group < groups; group++) {
      present[group] = flags[group] != 0;
    }
    System.arraycopy(state.readLongs(0), 0, times, 0, groups);
    System.arraycopy(state.readLongs(0), 0, arrivals, 0, groups);
    if (values != null) {
      try (VectorSchemaRoot saved = state.readRoot(values.getAllocator())) {
        FieldVector from = saved.getVector(0);
        for (int group = 0; group < groups; group++) {
          values.copyFromSafe(group, group, from);
        }
      }
    } else {
      System.arraycopy(state.readByteArrays(0), 0, bytes, 0, groups);
    }
  }

  @Override
  public void close() {
    if (values != null) {
      values.close();
    }
  }
}
