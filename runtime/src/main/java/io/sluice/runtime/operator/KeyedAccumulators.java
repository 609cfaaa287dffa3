package io.sluice.runtime.operator;

import java.util.List;
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

  @Override
  public void close() {
    AggregateCalls.close(accumulators);
    keys.close();
  }
}
