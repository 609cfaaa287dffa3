package io.sluice.runtime.operator;

import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An open-addressing hash table that assigns dense ids (0, 1, 2, ...) to byte-string keys,
 * storing all keys in one growing arena so that a million groups are not a million objects.
 */
final class ByteKeyTable {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] arena = new byte[1 << 12];
  private int arenaUsed;
  private int[] offsets = new int[64];
  private int[] lengths = new int[64];
  private int[] hashes = new int[64];
  private int size;
  /** Slot -> id + 1; 0 marks an empty slot. */
  private int[] slots = new int[128];
  private boolean inserted;

  int size() {
    return size;
  }

  /** Whether the last {@link #idOf} call added a new key. */
  boolean inserted() {
    return inserted;
  }

  /** The id of {@code key[0, length)}, adding the key with the next id if it is new. */
  int idOf(byte[] key, int length) {
    return idOf(key, 0, length);
  }

  /** The id of {@code key[from, from + length)}, adding the key with the next id if it is new. */
  int idOf(byte[] key, int from, int length) {
    int hash = hash(key, from, length);
    int mask = slots.length - 1;
    int slot = hash & mask;
    while (true) {
      int entry = slots[slot];
      if (entry == 0) {
        inserted = true;
        return add(key, from, length, hash, slot);
      }
      int id = entry - 1;
      if (hashes[id] == hash && lengths[id] == length
          && Arrays.equals(arena, offsets[id], offsets[id] + length, key, from, from + length)) {
        inserted = false;
        return id;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The id of {@code key[0, length)}, or -1 if the key was never added. */
  int find(byte[] key, int length) {
    int hash = hash(key, 0, length);
    int mask = slots.length - 1;
    int slot = hash & mask;
    while (true) {
      int entry = slots[slot];
      if (entry == 0) {
        return -1;
      }
      int id = entry - 1;
      if (hashes[id] == hash && lengths[id] == length
          && Arrays.equals(arena, offsets[id], offsets[id] + length, key, 0, length)) {
        return id;
      }
      slot = (slot + 1) & mask;
    }
  }

  private int add(byte[] key, int from, int length, int hash, int slot) {
    int id = size++;
    if (id == offsets.length) {
      offsets = Arrays.copyOf(offsets, id * 2);
      lengths = Arrays.copyOf(lengths, id * 2);
      hashes = Arrays.copyOf(hashes, id * 2);
    }
    if (arenaUsed + length > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + length));
    }
    System.arraycopy(key, from, arena, arenaUsed, length);
    offsets[id] = arenaUsed;
    lengths[id] = length;
    hashes[id] = hash;
    arenaUsed += length;
    slots[slot] = id + 1;
    // Keep the load factor at most one half so probe sequences stay short.
    if (size * 2 > slots.length) {
      rehash();
    }
    return id;
  }

  /** Writes every key with its id (the arena and its index), so that {@link #restore} gives each key its id back. */
  void snapshot(StateWriter state) {
    state.writeInt(size);
    state.writeBytes(arena, arenaUsed);
    state.writeInts(offsets, size);
    state.writeInts(lengths, size);
    state.writeInts(hashes, size);
  }

  /** Replaces this table's keys with those written by {@link #snapshot}; the slots are rebuilt from the hashes. */
  void restore(StateReader state) {
    size = state.readInt();
    int capacity = Math.max(64, Integer.highestOneBit(Math.max(1, size)) * 2);
    arena = state.readBytes(1 << 12);
    offsets = state.readInts(capacity);
    lengths = state.readInts(capacity);
    hashes = state.readInts(capacity);
    arenaUsed = size == 0 ? 0 : offsets[size - 1] + lengths[size - 1];
    rehash(capacity * 2);
  }

  /**
   * Writes the keys with ids from {@code fromId} on (their bytes, lengths and hashes), for an
   * incremental snapshot: ids are dense and keys are only ever added, so {@link #readKeys}
   * applied to each such block in order gives every key its id back.
   */
  void writeKeysFrom(int fromId, StateWriter state) {
    int start = fromId < size ? offsets[fromId] : arenaUsed;
    state.writeBytes(arena, start, arenaUsed - start);
    state.writeInts(lengths, fromId, size - fromId);
    state.writeInts(hashes, fromId, size - fromId);
  }

  /** Adds the keys of a block written by {@link #writeKeysFrom}; call {@link #rebuildSlots} after the last. */
  void readKeys(StateReader state) {
    byte[] bytes = state.readBytes(0);
    int[] addedLengths = state.readInts(0);
    int[] addedHashes = state.readInts(0);
    int count = addedLengths.length;
    if (arenaUsed + bytes.length > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + bytes.length));
    }
    System.arraycopy(bytes, 0, arena, arenaUsed, bytes.length);
    if (size + count > offsets.length) {
      int capacity = Math.max(offsets.length * 2, size + count);
      offsets = Arrays.copyOf(offsets, capacity);
      lengths = Arrays.copyOf(lengths, capacity);
      hashes = Arrays.copyOf(hashes, capacity);
    }
    for (int i = 0; i < count; i++) {
      offsets[size + i] = arenaUsed;
      lengths[size + i] = addedLengths[i];
      hashes[size + i] = addedHashes[i];
      arenaUsed += addedLengths[i];
    }
    size += count;
  }

  /** Rebuilds the slots for the keys read by {@link #readKeys}, at a load factor of at most one half. */
  void rebuildSlots() {
    rehash(Math.max(128, Integer.highestOneBit(Math.max(1, size)) * 4));
  }

  private void rehash() {
    rehash(slots.length * 2);
  }

  private void rehash(int slotCount) {
    slots = new int[slotCount];
    int mask = slots.length - 1;
    for (int id = 0; id < size; id++) {
      int slot = hashes[id] & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = id + 1;
    }
  }

  private static int hash(byte[] key, int from, int length) {
    long h = 0x9E3779B97F4A7C15L ^ length;
    int i = from;
    int end = from + length;
    for (; i + 8 <= end; i += 8) {
      h = (h ^ (long) LONGS.get(key, i)) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
    }
    for (; i < end; i++) {
      h = (h ^ key[i]) * 0x94D049BB133111EBL;
    }
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return (int) h;
  }
}
