package io.sluice.runtime.operator;

import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The groups of one slice or window: group keys numbered densely by a byte-key hash table,
 * their values kept in Arrow columns for output, and one accumulator per call over the
 * group ids.
 */
final class KeyedAccumulators implements AutoCloseable {
  private final ByteKeyTable table = new ByteKeyTable();
  private final VectorSchemaRoot keys;
  private final List<Accumulator> accumulators;

  KeyedAccumulators(VectorSchemaRoot keys, List<Accumulator> accumulators) {
    this.keys = keys;
    this.accumulators = accumulators;
  }

  int size() {
    return table.size();
  }

  VectorSchemaRoot keys() {
    return keys;
  }

  List<Accumulator> accumulators() {
    return accumulators;
  }

  /** The group of the key at {@code row} of {@code keyVectors} (already encoded in {@code encoder}). */
  int groupOf(KeyEncoder encoder, FieldVector[] keyVectors, int row) {
    int group = table.idOf(encoder.bytes(), encoder.length());
    if (table.inserted()) {
      AggregateCalls.ensureGroups(accumulators, group + 1);
      for (int k = 0; k < keyVectors.length; k++) {
        keys.getVector(k).copyFromSafe(row, group, keyVectors[k]);
      }
    }
    return group;
  }

  /** Folds every group of {@code other} (the same calls and keys) into the group of the same key here. */
  void mergeFrom(KeyedAccumulators other) {
    byte[] arena = other.table.arena();
    for (int source = 0; source < other.size(); source++) {
      int group = table.idOf(arena, other.table.offset(source), other.table.length(source));
      if (table.inserted()) {
        AggregateCalls.ensureGroups(accumulators, group + 1);
        for (int k = 0; k < keys.getFieldVectors().size(); k++) {
          keys.getVector(k).copyFromSafe(source, group, other.keys.getVector(k));
        }
      }
      for (int c = 0; c < accumulators.size(); c++) {
        accumulators.get(c).merge(group, other.accumulators.get(c), source);
      }
    }
  }

  /** Writes the groups' keys (an Arrow IPC batch) and every accumulator's state. */
  void snapshot(StateWriter state) {
    state.writeInt(size());
    state.writeRoot(keys, size());
    for (Accumulator accumulator : accumulators) {
      accumulator.snapshot(state, size());
    }
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
        encoder.reset();
        for (FieldVector vector : vectors) {
          encoder.put(vector, row);
        }
        groupOf(encoder, vectors, row);
      }
    }
    for (Accumulator accumulator : accumulators) {
      accumulator.restore(state, groups);
    }
  }

  @Override
  public void close() {
    AggregateCalls.close(accumulators);
    keys.close();
  }
}
