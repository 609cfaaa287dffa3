package io.sluice.runtime.operator;

import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The groups of one slice or window: group keys numbered densely by a hash table (a long
 * table for a single BIGINT key, a byte-key table otherwise),
 * their values kept in Arrow columns for output, and one accumulator per call over the
 * group ids.
 */
final class KeyedAccumulators implements AutoCloseable {
  /** The general key table; null when the key is a single BIGINT column. */
  private final ByteKeyTable table;
  /** The table of a single BIGINT key column's non-NULL values; null otherwise. */
  private final LongGroupTable longTable;
  private final VectorSchemaRoot keys;
  private final List<Accumulator> accumulators;
  private int groupCount;
  private int nullGroup = -1;

  KeyedAccumulators(VectorSchemaRoot keys, List<Accumulator> accumulators) {
    this.keys = keys;
    this.accumulators = accumulators;
    boolean singleLong = keys.getFieldVectors().size() == 1 && keys.getVector(0) instanceof BigIntVector;
    this.table = singleLong ? null : new ByteKeyTable();
    this.longTable = singleLong ? new LongGroupTable() : null;
  }

  int size() {
    return groupCount;
  }

  VectorSchemaRoot keys() {
    return keys;
  }

  List<Accumulator> accumulators() {
    return accumulators;
  }

  /** The group of the key at {@code row} of {@code keyVectors}; {@code encoder} is scratch space. */
  int groupOf(KeyEncoder encoder, FieldVector[] keyVectors, int row) {
    int group;
    boolean inserted;
    if (longTable != null) {
      BigIntVector key = (BigIntVector) keyVectors[0];
      if (key.isNull(row)) {
        inserted = nullGroup < 0;
        group = inserted ? (nullGroup = groupCount) : nullGroup;
      } else {
        group = longTable.idOf(key.get(row), groupCount);
        inserted = longTable.inserted();
      }
    } else {
      encoder.reset();
      for (FieldVector key : keyVectors) {
        encoder.put(key, row);
      }
      group = table.idOf(encoder.bytes(), encoder.length());
      inserted = table.inserted();
    }
    if (inserted) {
      groupCount++;
      AggregateCalls.ensureGroups(accumulators, group + 1);
      for (int k = 0; k < keyVectors.length; k++) {
        keys.getVector(k).copyFromSafe(row, group, keyVectors[k]);
      }
    }
    return group;
  }

  /** Folds every group of {@code other} (the same calls and keys) into the group of the same key here. */
  void mergeFrom(KeyedAccumulators other) {
    FieldVector[] otherKeys = other.keys.getFieldVectors().toArray(new FieldVector[0]);
    KeyEncoder encoder = new KeyEncoder();
    for (int source = 0; source < other.size(); source++) {
      int group = groupOf(encoder, otherKeys, source);
      for (int c = 0; c < accumulators.size(); c++) {
        accumulators.get(c).merge(group, other.accumulators.get(c), source);
      }
    }
  }

  /** Writes the groups' keys (an Arrow IPC batch) and every accumulator's state. */
  void snapshot(StateWriter state) {
    state.writeInt(size());
    state.writeRoot(keys, size());
    AggregateCalls.snapshot(accumulators, state, size());
  }

  /**
   * Reads groups written by {@link #snapshot} into this empty instance: the keys are inserted
   * in their original order, so each gets its old group id back.
   */
  void restore(StateReader state, BufferAllocator allocator) {
    int groups = state.readInt();
    try (VectorSchemaRoot saved = state.readRoot(allocator)) {
      FieldVector[] vectors = saved.getFieldVectors().toArray(new FieldVector[0]);
      KeyEncoder encoder = new KeyEncoder();
      for (int row = 0; row < groups; row++) {
        groupOf(encoder, vectors, row);
      }
    }
    AggregateCalls.restore(accumulators, state, groups);
  }

  @Override
  public void close() {
    AggregateCalls.close(accumulators);
    keys.close();
  }
}
