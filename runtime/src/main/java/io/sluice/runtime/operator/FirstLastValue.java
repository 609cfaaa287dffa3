package io.sluice.runtime.operator;

import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
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
  private static final int PRESENT = 0;
  private static final int TIMES = 1;
  private static final int ARRIVALS = 2;
  /** Strings and binaries only: the value's bytes. */
  private static final int BYTES = 3;

  private final boolean last;
  /** The values of fixed-width kinds, one slot per group; null for strings and binaries. */
  private final FieldVector values;
  /** The slots {@link #values} has allocated. */
  private int valueCapacity;
  private long arrived;

  /**
   * @param values an empty vector of the argument's type for fixed-width kinds, or null for
   *     VARCHAR/VARBINARY (kept as byte arrays, since variable-width vectors cannot be overwritten)
   */
  FirstLastValue(boolean last, FieldVector values) {
    super(values == null
        ? new GroupColumns().withFlags().withLongs().withLongs().withByteArrays()
        : new GroupColumns().withFlags().withLongs().withLongs());
    this.last = last;
    this.values = values;
  }

  @Override
  void accumulate(FieldVector[] arguments, int[] groups, int[] rows, int count) {
    FieldVector vector = arguments[0];
    LongReader time = arguments.length > 1 ? longReader(arguments[1]) : null;
    FieldVector timeVector = arguments.length > 1 ? arguments[1] : null;
    boolean[] present = columns.flags(PRESENT);
    long[] times = columns.longs(TIMES);
    long[] arrivals = columns.longs(ARRIVALS);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      long arrival = arrived++;
      if (vector.isNull(row) || timeVector != null && timeVector.isNull(row)) {
        continue;
      }
      int group = groups[row];
      long t = time == null ? 0 : time.get(row);
      boolean replaces;
      if (!present[group]) {
        replaces = true;
      } else {
        int order = t != times[group] ? Long.compare(t, times[group]) : Long.compare(arrival, arrivals[group]);
        replaces = last ? order > 0 : order < 0;
      }
      if (replaces) {
        present[group] = true;
        times[group] = t;
        arrivals[group] = arrival;
        setValue(group, vector, row);
      }
    }
  }

  private void setValue(int group, FieldVector vector, int row) {
    if (values != null) {
      values.copyFromSafe(row, group, vector);
    } else {
      BaseVariableWidthVector source = (BaseVariableWidthVector) vector;
      int start = source.getStartOffset(row);
      byte[] copy = new byte[source.getEndOffset(row) - start];
      ArrowBuf data = source.getDataBuffer();
      data.getBytes(start, copy);
      columns.byteArrays(BYTES)[group] = copy;
    }
  }

  @Override
  void ensureGroups(int groups) {
    columns.ensure(groups);
    if (values == null || groups <= valueCapacity) {
      return;
    }
    allocateSlots(values, valueCapacity, columns.capacity());
    valueCapacity = columns.capacity();
  }

  @Override
  void write(int group, FieldVector out, int row) {
    if (!columns.flags(PRESENT)[group]) {
      Vectors.setNull(out, row);
    } else if (values != null) {
      out.copyFromSafe(group, row, values);
    } else {
      byte[] bytes = columns.byteArrays(BYTES)[group];
      ((BaseVariableWidthVector) out).setSafe(row, bytes, 0, bytes.length);
    }
  }

  @Override
  void merge(int group, Accumulator source, int sourceGroup) {
    GroupColumns from = source.columns;
    if (!from.flags(PRESENT)[sourceGroup] || source == this && group == sourceGroup) {
      return;
    }
    boolean[] present = columns.flags(PRESENT);
    long[] times = columns.longs(TIMES);
    long time = from.longs(TIMES)[sourceGroup];
    boolean replace = !present[group] || (last ? time > times[group] : time < times[group]);
    if (!replace) {
      return;
    }
    present[group] = true;
    times[group] = time;
    columns.longs(ARRIVALS)[group] = from.longs(ARRIVALS)[sourceGroup];
    if (values != null) {
      values.copyFromSafe(sourceGroup, group, ((FirstLastValue) source).values);
    } else {
      columns.byteArrays(BYTES)[group] = from.byteArrays(BYTES)[sourceGroup];
    }
  }

  /**
   * The arrival counter, then per group its presence, time and arrival number, and the values:
   * fixed-width kinds as one Arrow IPC batch, strings and binaries as byte strings.
   */
  @Override
  void snapshot(StateWriter state, int groups) {
    ensureGroups(Math.max(1, groups));
    state.writeLong(arrived);
    columns.snapshot(state, groups);
    if (values != null) {
      state.writeRoot(new VectorSchemaRoot(List.of(values)), groups);
    }
  }

  @Override
  void restore(StateReader state, int groups) {
    ensureGroups(Math.max(1, groups));
    arrived = state.readLong();
    columns.restore(state, groups);
    if (values != null) {
      try (VectorSchemaRoot saved = state.readRoot(values.getAllocator())) {
        FieldVector from = saved.getVector(0);
        for (int group = 0; group < groups; group++) {
          values.copyFromSafe(group, group, from);
        }
      }
    }
  }

  @Override
  public void close() {
    if (values != null) {
      values.close();
    }
  }
}
