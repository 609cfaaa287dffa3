package io.sluice.runtime.operator;

/**
 * An open-addressing hash table from a non-NULL BIGINT key to a group id: the single-key
 * case of {@link ByteKeyTable} (Nexmark's per-auction groups) without encoding keys to bytes.
 */
final class LongGroupTable {
  private long[] keys = new long[64];
  /** Group id + 1 per slot; 0 marks an empty slot. */
  private int[] ids = new int[64];
  private int mask = 63;
  private int size;
  private boolean inserted;

  /** The group of {@code key}, giving it {@code newId} when it is new (see {@link #inserted()}). */
  int idOf(long key, int newId) {
    int slot = slot(key);
    while (true) {
      int id = ids[slot];
      if (id == 0) {
        keys[slot] = key;
        ids[slot] = newId + 1;
        inserted = true;
        if (++size * 2 > ids.length) {
          grow();
        }
        return newId;
      }
      if (keys[slot] == key) {
        inserted = false;
        return id - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Whether the last {@link #idOf} call added its key. */
  boolean inserted() {
    return inserted;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldIds = ids;
    keys = new long[oldKeys.length * 2];
    ids = new int[oldIds.length * 2];
    mask = ids.length - 1;
    for (int i = 0; i < oldIds.length; i++) {
      if (oldIds[i] != 0) {
        int slot = slot(oldKeys[i]);
        while (ids[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        ids[slot] = oldIds[i];
      }
    }
  }
}
