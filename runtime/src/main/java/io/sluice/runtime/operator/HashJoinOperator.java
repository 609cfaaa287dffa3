package io.sluice.runtime.operator;

import io.sluice.plan.JoinKind;
import io.sluice.plan.PlanNode;
import io.sluice.plan.RowKind;
import io.sluice.runtime.batch.ArrowTypes;
import io.sluice.runtime.batch.Batch;
import io.sluice.runtime.batch.Vectors;
import io.sluice.runtime.checkpoint.StateReader;
import io.sluice.runtime.checkpoint.StateWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A regular (unbounded) equi-join operator. Every row of both inputs is copied into the
 * operator's own Arrow vectors and chained per key in a byte-key hash table; each arriving
 * batch is added to its side and probes the other side, and the joined rows are gathered
 * column by column from the two sides' vectors by index lists.
 *
 * <p>Unmatched rows of an outer (or anti) join are emitted NULL-padded when the inputs end
 * if the plan says the inputs are bounded; otherwise at once, in a changelog that deletes
 * the padded row when its first match arrives. With {@value #TTL_OPTION} set, rows older than
 * the TTL (processing time since arrival) are dropped from the state and match no more.
 */
public final class HashJoinOperator implements StreamOperator {
  /** Session option: how long a row stays in join state, such as {@code '10 min'}; unset keeps rows forever. */
  public static final String TTL_OPTION = "state.ttl";

  /** Expired rows are reclaimed once they are this many and at least half the side. */
  private static final int COMPACT_MIN_ROWS = 1024;

  private final PlanNode.Join spec;
  private final CalcProvider calcs;
  private final LongSupplier clock;
  private final boolean changelog;
  private final Side left;
  private final Side right;
  private final KeyEncoder encoder = new KeyEncoder();
  private long ttlMillis;
  private BufferAllocator allocator;
  private JoinPairs pairs;
  private JoinOutput output;

  public HashJoinOperator(PlanNode.Join spec, CalcProvider calcs) {
    this(spec, calcs, () -> System.nanoTime() / 1_000_000);
  }

  /** With {@code clock} (milliseconds, monotonic) as the processing time that TTL is measured in. */
  public HashJoinOperator(PlanNode.Join spec, CalcProvider calcs, LongSupplier clock) {
    this(spec, calcs, clock, BlobLevels.FAN_IN);
  }

  /** A join whose sides merge {@code blobFanIn} snapshot blobs of one level into one (small in tests). */
  HashJoinOperator(PlanNode.Join spec, CalcProvider calcs, LongSupplier clock, int blobFanIn) {
    this.spec = spec;
    this.calcs = calcs;
    this.clock = clock;
    this.changelog = spec.changelog();
    this.left = new Side(spec.leftKeys(), spec.kind().keepsUnmatchedLeft(), blobFanIn);
    this.right = new Side(spec.rightKeys(), spec.kind().keepsUnmatchedRight(), blobFanIn);
  }

  @Override
  public void open(OperatorContext context) {
    allocator = context.allocator();
    ttlMillis = parseTtl(context.options().get(TTL_OPTION));
    left.rows = ArrowTypes.createRoot(spec.left().schema(), allocator);
    right.rows = ArrowTypes.createRoot(spec.right().schema(), allocator);
    pairs = new JoinPairs(JoinResidual.compile(spec.left().schema(), spec.right().schema(), spec.residual(), calcs,
        allocator));
    output = new JoinOutput(spec.schema(), spec.kind().emitsRight(), changelog, allocator);
  }

  @Override
  public void processBatch(int input, Batch batch, Collector out) {
    if (input != 0 && input != 1) {
      throw new IllegalStateException("a join has inputs 0 and 1, got a batch on input " + input);
    }
    if (ttlMillis > 0) {
      expire(left, true, out);
      expire(right, false, out);
    }
    boolean selfIsLeft = input == 0;
    Side self = selfIsLeft ? left : right;
    Side other = selfIsLeft ? right : left;
    int rows = batch.rowCount();
    int base = self.rowCount;
    self.append(batch, clock.getAsLong());
    pairs.clear();
    FieldVector[] keys = new FieldVector[self.keyColumns.length];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = batch.column(self.keyColumns[k]);
    }
    for (int r = 0; r < rows; r++) {
      if (!encoder.putNonNullKey(keys, r)) {
        continue;
      }
      self.link(base + r, encoder);
      int otherKey = other.keys.find(encoder.bytes(), encoder.length());
      if (otherKey >= 0) {
        for (int match = other.firstOf(otherKey); match >= 0; match = other.next[match]) {
          pairs.add(base + r, match);
        }
      }
    }
    pairs.retainMatches(selfIsLeft, left.rows, right.rows);
    emitMatches(selfIsLeft, out);
    for (int row = base; row < base + rows; row++) {
      int matches = self.matches[row];
      if (changelog && self.keepsUnmatched && matches == 0) {
        emitUnmatched(selfIsLeft, row, RowKind.INSERT, out);
      } else if (spec.kind() == JoinKind.SEMI && selfIsLeft && matches > 0) {
        emit(row, -1, RowKind.INSERT, out);
      }
    }
    flush(out);
  }

  /** Counts the matching pairs' matches and emits what they mean. */
  private void emitMatches(boolean selfIsLeft, Collector out) {
    Side self = selfIsLeft ? left : right;
    Side other = selfIsLeft ? right : left;
    JoinKind kind = spec.kind();
    for (int p = 0; p < pairs.count(); p++) {
      int selfRow = pairs.self(p);
      int otherRow = pairs.other(p);
      self.countMatch(selfRow);
      boolean firstMatchOfOther = other.countMatch(otherRow);
      if (firstMatchOfOther && changelog && other.keepsUnmatched) {
        // The other row was emitted NULL-padded (or, for an anti join, alone): take it back.
        emitUnmatched(!selfIsLeft, otherRow, RowKind.DELETE, out);
      }
      if (kind.emitsRight()) {
        emit(selfIsLeft ? selfRow : otherRow, selfIsLeft ? otherRow : selfRow, RowKind.INSERT, out);
      } else if (kind == JoinKind.SEMI && !selfIsLeft && firstMatchOfOther) {
        emit(otherRow, -1, RowKind.INSERT, out);
      }
    }
  }

  /** Emits a row of one side without a partner: NULL-padded, or alone for semi and anti joins. */
  private void emitUnmatched(boolean ofLeft, int row, RowKind kind, Collector out) {
    if (output.addUnmatched(ofLeft, row, kind)) {
      flush(out);
    }
  }

  private void emit(int leftRow, int rightRow, RowKind kind, Collector out) {
    if (output.add(leftRow, rightRow, kind)) {
      flush(out);
    }
  }

  private void flush(Collector out) {
    output.flush(left.rows, right.rows, out);
  }

  @Override
  public void finish(Collector out) {
    if (!changelog) {
      finishUnmatched(left, true, out);
      finishUnmatched(right, false, out);
    }
    flush(out);
  }

  /** Bounded inputs: the rows of a side that keeps unmatched rows and never matched can now be emitted. */
  private void finishUnmatched(Side side, boolean ofLeft, Collector out) {
    if (!side.keepsUnmatched) {
      return;
    }
    for (int row = side.firstLive; row < side.rowCount; row++) {
      if (side.matches[row] == 0) {
        emitUnmatched(ofLeft, row, RowKind.INSERT, out);
      }
    }
  }

  /** Drops the rows that arrived more than the TTL ago; they are a prefix of the side, in arrival order. */
  private void expire(Side side, boolean ofLeft, Collector out) {
    long cutoff = clock.getAsLong() - ttlMillis;
    while (side.firstLive < side.rowCount && side.arrival[side.firstLive] <= cutoff) {
      int row = side.firstLive++;
      if (!changelog && side.keepsUnmatched && side.matches[row] == 0) {
        // An append-only outer join must still report the row, and it can no longer match.
        emitUnmatched(ofLeft, row, RowKind.INSERT, out);
      }
    }
    flush(out);
    if (side.firstLive >= COMPACT_MIN_ROWS && side.firstLive * 2 >= side.rowCount) {
      side.compact(allocator, encoder);
    }
  }

  /** Rows held in the join state, both sides together (live rows only). */
  public long stateRows() {
    return (left.rowCount - left.firstLive) + (right.rowCount - right.firstLive);
  }

  /**
   * Both sides, incrementally: the rows that arrived since the previous snapshot go into a new
   * shared blob, and the snapshot lists every blob of the side. Key chains are rebuilt on
   * restore rather than saved.
   */
  @Override
  public void snapshot(long checkpoint, StateWriter state) {
    long now = clock.getAsLong();
    left.snapshot(state, now, allocator);
    right.snapshot(state, now, allocator);
  }

  @Override
  public void restore(long checkpoint, StateReader state) {
    long now = clock.getAsLong();
    left.restore(state, now, allocator);
    right.restore(state, now, allocator);
  }

  @Override
  public void close() {
    for (VectorSchemaRoot root : new VectorSchemaRoot[] {left.rows, right.rows}) {
      if (root != null) {
        root.close();
      }
    }
    if (output != null) {
      // open makes the pairs first.
      output.close();
      pairs.close();
    }
  }

  /**
   * Parses a TTL such as {@code '500 ms'}, {@code '30 s'}, {@code '10 min'}, {@code '2 h'} or
   * {@code '1 d'} (a bare number is milliseconds); null means no TTL.
   */
  static long parseTtl(String text) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    int split = 0;
    while (split < trimmed.length() && Character.isDigit(trimmed.charAt(split))) {
      split++;
    }
    String unit = trimmed.substring(split).trim();
    long factor = switch (unit) {
      case "", "ms" -> 1;
      case "s", "sec", "second", "seconds" -> 1_000;
      case "min", "minute", "minutes" -> 60_000;
      case "h", "hour", "hours" -> 3_600_000;
      case "d", "day", "days" -> 86_400_000;
      default -> -1;
    };
    if (split == 0 || factor < 0) {
      throw new IllegalArgumentException("Option '" + TTL_OPTION + "' = '" + text
          + "' is not a duration; write a number and a unit, such as '10 min' (units: ms, s, min, h, d)");
    }
    return Long.parseLong(trimmed.substring(0, split)) * factor;
  }

  /**
   * One input's state: its rows in arrival order, chained per key, with match counts and arrival
   * times; and the shared blobs that hold the rows up to the last snapshot.
   *
   * <p>A snapshot adds one blob: the rows appended since the previous snapshot (an Arrow IPC
   * batch, whether each matched, and their ages), and the older rows that matched for the
   * first time since then. Only whether a row matched matters (unmatched rows of outer, semi
   * and anti joins), and a row's count only ever goes up from zero, so these blobs replayed in
   * order give every row's state. Compaction moves rows, so the snapshot after it starts anew.
   */
  private static final class Side {
    final int[] keyColumns;
    final boolean keepsUnmatched;
    VectorSchemaRoot rows;
    int rowCount;
    /** Rows below this index have expired. */
    int firstLive;
    ByteKeyTable keys = new ByteKeyTable();
    int[] head = new int[64];
    int[] tail = new int[64];
    /** Per row: the next row with the same key, -1 at the end of the chain. */
    int[] next = new int[64];
    int[] matches = new int[64];
    long[] arrival = new long[64];
    /** Per row, its key's id in {@link #keys}; -1 for a NULL key (the row is never chained). */
    int[] keyOf = new int[64];
    /** The blobs holding rows {@code [0, snapshotted)}, oldest first. */
    final List<Blob> blobs = new ArrayList<>();
    int snapshotted;
    /** Keys with ids below this are in the blobs already. */
    int keysSnapshotted;
    /** Rows below {@link #snapshotted} that matched for the first time since the last snapshot. */
    int[] newlyMatched = new int[64];
    int newlyMatchedCount;
    /** Rows moved since the last snapshot (compaction): the next one writes every row anew. */
    boolean rebase;
    /** See {@link BlobLevels#FAN_IN}. */
    final int blobFanIn;

    Side(List<Integer> keyColumns, boolean keepsUnmatched, int blobFanIn) {
      this.keyColumns = keyColumns.stream().mapToInt(Integer::intValue).toArray();
      this.keepsUnmatched = keepsUnmatched;
      this.blobFanIn = blobFanIn;
    }

    /** Copies every row of {@code batch} to the end of the state, unchained for now. */
    void append(Batch batch, long now) {
      int count = batch.rowCount();
      int end = rowCount + count;
      ensureRows(end);
      for (int c = 0; c < batch.columnCount(); c++) {
        FieldVector from = batch.column(c);
        Vectors.copyRange(from, 0, count, rows.getVector(c), rowCount);
      }
      Arrays.fill(next, rowCount, end, -1);
      Arrays.fill(keyOf, rowCount, end, -1);
      Arrays.fill(matches, rowCount, end, 0);
      Arrays.fill(arrival, rowCount, end, now);
      rowCount = end;
    }

    private void ensureRows(int end) {
      if (end > next.length) {
        int capacity = Math.max(end, next.length * 2);
        next = Arrays.copyOf(next, capacity);
        matches = Arrays.copyOf(matches, capacity);
        arrival = Arrays.copyOf(arrival, capacity);
        keyOf = Arrays.copyOf(keyOf, capacity);
      }
    }

    /** Counts a match of {@code row}; true when it is the row's first. */
    boolean countMatch(int row) {
      if (matches[row]++ != 0) {
        return false;
      }
      if (row < snapshotted) {
        if (newlyMatchedCount == newlyMatched.length) {
          newlyMatched = Arrays.copyOf(newlyMatched, newlyMatchedCount * 2);
        }
        newlyMatched[newlyMatchedCount++] = row;
      }
      return true;
    }

    /** Appends {@code row} to the chain of the key in {@code encoder}. */
    void link(int row, KeyEncoder encoder) {
      int key = keys.idOf(encoder.bytes(), encoder.length());
      keyOf[row] = key;
      if (keys.inserted()) {
        if (key == head.length) {
          head = Arrays.copyOf(head, key * 2);
          tail = Arrays.copyOf(tail, key * 2);
        }
        head[key] = row;
      } else if (tail[key] < 0) {
        head[key] = row;
      } else {
        next[tail[key]] = row;
      }
      tail[key] = row;
    }

    /** The first live row of a key's chain, unlinking expired rows from its front. */
    int firstOf(int key) {
      int row = head[key];
      while (row >= 0 && row < firstLive) {
        row = next[row];
      }
      head[key] = row;
      if (row < 0) {
        tail[key] = -1;
      }
      return row;
    }

    void snapshot(StateWriter state, long now, BufferAllocator allocator) {
      if (rebase) {
        blobs.clear();
        snapshotted = 0;
        keysSnapshotted = 0;
        newlyMatchedCount = 0;
        rebase = false;
      }
      if (rowCount > snapshotted || newlyMatchedCount > 0 || keys.size() > keysSnapshotted) {
        // The new blob starts at level 0; with the newest blobs of its level it makes a blob of the
        // next level once they are blobFanIn, and so on up: those blobs' rows are written again.
        int from = snapshotted;
        int keysFrom = keysSnapshotted;
        int merged = BlobLevels.toMerge(blobs, blobFanIn);
        int level = merged / (blobFanIn - 1);
        if (merged > 0) {
          Blob oldest = blobs.get(blobs.size() - merged);
          from = oldest.first();
          keysFrom = oldest.keysBefore();
          blobs.subList(blobs.size() - merged, blobs.size()).clear();
        }
        int count = rowCount - from;
        // Sized for the flags, ages and key ids per row and the new keys, so that the buffer is not copied as it grows.
        long expected = 256 + 13L * count + 4L * newlyMatchedCount + 24L * (keys.size() - keysFrom);
        StateWriter blob = new StateWriter((int) Math.min(Integer.MAX_VALUE - 64, expected));
        blob.writeInt(from);
        blob.writeInt(count);
        // Rows are only appended (compaction moves them into new vectors), so the writer thread serializes them.
        blob.writeSharedRows(rows, from, count);
        byte[] matched = new byte[count];
        for (int r = 0; r < count; r++) {
          matched[r] = (byte) (matches[from + r] == 0 ? 0 : 1);
        }
        blob.writeBytes(matched, count);
        blob.writeDifferences(now, arrival, from, count);
        writeFlipsBelow(from, level > 0, blob);
        // Key ids per row and the keys new since the blob's start: a restore chains rows without hashing them.
        blob.writeInts(keyOf, from, count);
        keys.writeKeysFrom(keysFrom, blob);
        blobs.add(new Blob(state.addBlob(blob), now, from, keysFrom, level));
        snapshotted = rowCount;
        keysSnapshotted = keys.size();
        newlyMatchedCount = 0;
      }
      state.writeInt(rowCount);
      state.writeInt(firstLive);
      state.writeInt(blobs.size());
      for (Blob blob : blobs) {
        state.writeBlobReference(blob.id());
        state.writeLong(now - blob.takenAt());
        state.writeInt(blob.level());
      }
    }


    /**
     * The rows below {@code from} that matched for the first time since the blobs before it were
     * written: when no blob was {@code merged}, those since the last snapshot; after a merge,
     * every matched row below it (the merged blobs' own lists are gone; setting a match flag
     * again is harmless, and only sides that keep unmatched rows need the flags at all).
     */
    private void writeFlipsBelow(int from, boolean merged, StateWriter blob) {
      if (!merged) {
        blob.writeInts(newlyMatched, newlyMatchedCount);
        return;
      }
      int[] flips = new int[0];
      int count = 0;
      if (keepsUnmatched) {
        flips = new int[64];
        for (int row = 0; row < from; row++) {
          if (matches[row] != 0) {
            if (count == flips.length) {
              flips = Arrays.copyOf(flips, count * 2);
            }
            flips[count++] = row;
          }
        }
      }
      blob.writeInts(flips, count);
    }

    /**
     * Replays the side's blobs in order into the fresh side (rows, keys), then chains the live
     * rows per key; the vectors and arrays are allocated once at their final size ({@link BlobRows}).
     */
    void restore(StateReader state, long now, BufferAllocator allocator) {
      int total = state.readInt();
      int live = state.readInt();
      int count = state.readInt();
      List<String> ids = new ArrayList<>(count);
      long[] takenAt = new long[count];
      int[] levels = new int[count];
      for (int b = 0; b < count; b++) {
        ids.add(state.readBlobReference());
        takenAt[b] = now - state.readLong();
        levels[b] = state.readInt();
      }
      try (BlobRows saved = BlobRows.read(state, ids, allocator, "Join state")) {
        ensureRows(saved.rows());
        saved.copyTo(rows);
        for (int b = 0; b < count; b++) {
          StateReader blob = saved.reader(b);
          int first = rowCount;
          int added = saved.added(b);
          blobs.add(new Blob(ids.get(b), takenAt[b], first, keys.size(), levels[b]));
          byte[] matched = blob.readBytes(0);
          // The ages are read in place and turned into arrival times.
          blob.readLongs(arrival, first);
          for (int r = 0; r < added; r++) {
            matches[first + r] = matched[r];
            arrival[first + r] = takenAt[b] - arrival[first + r];
          }
          int[] flips = blob.readInts(0);
          for (int row : flips) {
            matches[row] = 1;
          }
          blob.readInts(keyOf, first);
          keys.readKeys(blob);
          rowCount = first + added;
        }
      }
      if (rowCount != total) {
        throw new IllegalStateException("Join state blobs hold " + rowCount + " rows, the checkpoint says " + total);
      }
      snapshotted = rowCount;
      keysSnapshotted = keys.size();
      firstLive = live;
      keys.rebuildSlots();
      head = new int[Math.max(64, keys.size())];
      tail = new int[head.length];
      Arrays.fill(head, -1);
      Arrays.fill(tail, -1);
      Arrays.fill(next, 0, rowCount, -1);
      for (int row = firstLive; row < rowCount; row++) {
        int key = keyOf[row];
        if (key >= 0) {
          if (tail[key] < 0) {
            head[key] = row;
          } else {
            next[tail[key]] = row;
          }
          tail[key] = row;
        }
      }
    }

    /** Chains rows {@code [from, rowCount)} per key (rows with a NULL key join nothing and stay unchained). */
    private void relink(int from, KeyEncoder encoder) {
      Arrays.fill(keyOf, from, rowCount, -1);
      FieldVector[] keyVectors = new FieldVector[keyColumns.length];
      for (int k = 0; k < keyColumns.length; k++) {
        keyVectors[k] = rows.getVector(keyColumns[k]);
      }
      for (int row = from; row < rowCount; row++) {
        if (encoder.putNonNullKey(keyVectors, row)) {
          link(row, encoder);
        }
      }
    }

    /** Moves the live rows to the front of fresh vectors and rebuilds the key chains. */
    void compact(BufferAllocator allocator, KeyEncoder encoder) {
      int live = rowCount - firstLive;
      VectorSchemaRoot fresh = VectorSchemaRoot.create(rows.getSchema(), allocator);
      for (int c = 0; c < rows.getFieldVectors().size(); c++) {
        FieldVector from = rows.getVector(c);
        FieldVector to = fresh.getVector(c);
        for (int r = 0; r < live; r++) {
          to.copyFromSafe(firstLive + r, r, from);
        }
      }
      rows.close();
      rows = fresh;
      System.arraycopy(matches, firstLive, matches, 0, live);
      System.arraycopy(arrival, firstLive, arrival, 0, live);
      Arrays.fill(next, -1);
      keys = new ByteKeyTable();
      firstLive = 0;
      rowCount = live;
      rebase = true;
      relink(0, encoder);
    }
  }

  /**
   * A shared blob of a side: when (operator clock, milliseconds) the snapshot that added it was
   * taken, its first row, how many keys the side had before it, and its merge level.
   */
  private record Blob(String id, long takenAt, int first, int keysBefore, int level) implements BlobLevels.Levelled {}
}
