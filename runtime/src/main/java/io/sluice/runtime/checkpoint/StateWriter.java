package io.sluice.runtime.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * A snapshot under construction: primitive values and Arrow roots (as Arrow IPC streams)
 * appended to an in-memory buffer, so that the operator's state is copied synchronously
 * and written to disk later by the checkpoint's background writer.
 *
 * <p>Large append-mostly state goes into shared blobs ({@link #addBlob}): immutable byte
 * strings that the store writes once, as {@code shared/<id>}, and that later snapshots refer
 * to ({@link #writeBlobReference}) instead of copying their content again. Rows that never
 * change again are not copied at all on the job thread ({@link #writeSharedRows}): the
 * snapshot keeps a reference to their Arrow buffers and the checkpoint writer serializes them.
 */
public final class StateWriter implements StateBytes {
  /** Entry-name prefix under which a snapshot hands its shared blobs to the store, followed by the blob's id. */
  public static final String BLOB_PREFIX = "shared/";

  /**
   * The entry value of a blob that an earlier checkpoint wrote and this one refers to again
   * (compared by identity: the store already holds its content).
   */
  public static final StateBytes EARLIER_BLOB = StateBytes.of(new byte[0]);

  /** Blob ids: a random prefix per process and a counter, so a restarted job never reuses one. */
  private static final String RUN = randomRun();
  private static final AtomicLong NEXT_BLOB = new AtomicLong();

  private Buffer bytes;
  private DataOutputStream out;
  /** Rows shared with append-only state, in order: each goes, as a length-prefixed IPC stream, at its byte offset. */
  private final List<SharedRows> shared = new ArrayList<>();
  /** Set once shared rows have been written or discarded: the content is gone. */
  private boolean consumed;
  /** The blobs this snapshot refers to, by id: new content, or {@link #EARLIER_BLOB}. */
  private final Map<String, StateBytes> blobs = new LinkedHashMap<>();

  private static String randomRun() {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  public StateWriter() {
    this(4096);
  }

  /** A writer whose buffer starts at {@code expectedBytes}, so that a large snapshot is not copied as it grows. */
  public StateWriter(int expectedBytes) {
    this.bytes = new Buffer(Math.max(64, expectedBytes));
    this.out = new DataOutputStream(bytes);
  }

  public void writeLong(long value) {
    try {
      out.writeLong(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void writeInt(int value) {
    try {
      out.writeInt(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void writeBoolean(boolean value) {
    try {
      out.writeBoolean(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void writeDouble(double value) {
    try {
      out.writeDouble(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void writeString(String value) {
    try {
      out.writeUTF(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the first {@code count} elements of {@code values} as one length-prefixed block. */
  public void writeLongs(long[] values, int count) {
    writeLongs(values, 0, count);
  }

  /**
   * Writes {@code values[from, from + count)} as one length-prefixed block, copied once into
   * the snapshot (large state must not stall the job thread value by value or copy by copy).
   */
  public void writeLongs(long[] values, int from, int count) {
    writeInt(count);
    bytes.reserve((long) count * Long.BYTES).asLongBuffer().put(values, from, count);
  }

  /**
   * Writes {@code minuend - values[i]} for each of {@code values[from, from + count)} as one
   * block that {@link StateReader#readLongs} reads back (such as ages from arrival times),
   * without a temporary array.
   */
  public void writeDifferences(long minuend, long[] values, int from, int count) {
    writeInt(count);
    LongBuffer block = bytes.reserve((long) count * Long.BYTES).asLongBuffer();
    for (int i = 0; i < count; i++) {
      block.put(i, minuend - values[from + i]);
    }
  }

  public void writeDoubles(double[] values, int count) {
    writeInt(count);
    bytes.reserve((long) count * Double.BYTES).asDoubleBuffer().put(values, 0, count);
  }

  public void writeInts(int[] values, int count) {
    writeInts(values, 0, count);
  }

  /** Writes {@code values[from, from + count)} as {@link #writeLongs(long[], int, int)} does. */
  public void writeInts(int[] values, int from, int count) {
    writeInt(count);
    bytes.reserve((long) count * Integer.BYTES).asIntBuffer().put(values, from, count);
  }

  /** Writes {@code values[0, count)} as one length-prefixed block. */
  public void writeBytes(byte[] values, int count) {
    writeBytes(values, 0, count);
  }

  /** Writes {@code values[from, from + count)} as one length-prefixed block. */
  public void writeBytes(byte[] values, int from, int count) {
    writeInt(count);
    bytes.reserve(count).put(values, from, count);
  }

  /** Writes the first {@code count} byte strings of {@code values}, each of which may be null. */
  public void writeByteArrays(byte[][] values, int count) {
    writeInt(count);
    for (int i = 0; i < count; i++) {
      byte[] value = values[i];
      writeInt(value == null ? -1 : value.length);
      if (value != null) {
        try {
          out.write(value);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /**
   * Writes the first {@code rows} rows of {@code root} as a length-prefixed Arrow IPC stream of
   * one batch. The root stays usable: operators append to their state roots cell by cell, and
   * setting a row count resets a variable-width vector's last written index, so that index is
   * put back afterwards.
   */
  public void writeRoot(VectorSchemaRoot root, int rows) {
    // The IPC stream goes straight into this snapshot's buffer, its length patched in after.
    int lengthAt = bytes.size();
    writeInt(0);
    int saved = root.getRowCount();
    int[] lastSet = lastSets(root);
    root.setRowCount(rows);
    try {
      writeIpc(root, Channels.newChannel(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      restore(root, saved, lastSet);
    }
    bytes.patchInt(lengthAt, bytes.size() - lengthAt - Integer.BYTES);
  }

  /** Writes {@code root} as an Arrow IPC stream of one batch, leaving {@code channel} open. */
  private static void writeIpc(VectorSchemaRoot root, WritableByteChannel channel) throws IOException {
    ArrowStreamWriter writer = new ArrowStreamWriter(root, null, new Unclosed(channel));
    writer.start();
    writer.writeBatch();
    writer.end();
    writer.close();
  }

  private static int[] lastSets(VectorSchemaRoot root) {
    int[] lastSet = new int[root.getFieldVectors().size()];
    for (int c = 0; c < lastSet.length; c++) {
      lastSet[c] = lastSet(root.getVector(c));
    }
    return lastSet;
  }

  /** Puts back a root's row count and the last written indexes of its variable-width vectors. */
  private static void restore(VectorSchemaRoot root, int rowCount, int[] lastSet) {
    root.setRowCount(rowCount);
    for (int c = 0; c < lastSet.length; c++) {
      FieldVector vector = root.getVector(c);
      if (vector instanceof BaseVariableWidthVector variable) {
        variable.setLastSet(lastSet[c]);
      } else if (vector instanceof BaseLargeVariableWidthVector variable) {
        variable.setLastSet(lastSet[c]);
      }
    }
  }

  /**
   * Writes rows {@code [from, from + count)} of {@code root} as {@link #writeRoot} writes a
   * prefix. The range is a slice sharing the root's value buffers (only validity bits and
   * offsets are copied), so appended rows are copied once, into the IPC stream.
   */
  public void writeRows(VectorSchemaRoot root, int from, int count) {
    if (from == 0) {
      writeRoot(root, count);
      return;
    }
    try (VectorSchemaRoot slice = slice(root, from, count)) {
      writeRoot(slice, count);
    }
  }

  /**
   * Writes rows {@code [from, from + count)} of {@code root} as {@link #writeRows} does, but
   * without copying their values now: the snapshot holds on to their Arrow buffers and they are
   * serialized when the snapshot is written ({@link #writeTo}, on the checkpoint writer's
   * thread). Only for rows whose cells never change again, as in an append-only state: the
   * owner may append further rows, reallocate or close its vectors, but never overwrite these.
   */
  public void writeSharedRows(VectorSchemaRoot root, int from, int count) {
    shared.add(new SharedRows(bytes.size(), slice(root, from, count)));
  }

  /** A root sharing the value buffers of rows {@code [from, from + count)} of {@code root}. */
  private static VectorSchemaRoot slice(VectorSchemaRoot root, int from, int count) {
    int saved = root.getRowCount();
    int[] lastSet = lastSets(root);
    root.setRowCount(from + count);
    try {
      return root.slice(from, count);
    } finally {
      restore(root, saved, lastSet);
    }
  }

  /**
   * Makes {@code content} a new shared blob of this snapshot and returns its id. It is written
   * to the store once; this and later snapshots refer to it by {@link #writeBlobReference}.
   */
  public String addBlob(StateWriter content) {
    String id = RUN + "-" + NEXT_BLOB.incrementAndGet();
    blobs.put(id, content);
    return id;
  }

  /** Writes a reference to blob {@code id}, added to this snapshot or carried by an earlier checkpoint. */
  public void writeBlobReference(String id) {
    blobs.putIfAbsent(id, EARLIER_BLOB);
    writeString(id);
  }

  /**
   * The blobs this snapshot refers to, as checkpoint entries: {@link #BLOB_PREFIX} and the id,
   * mapped to the content of a new blob or to {@link #EARLIER_BLOB}.
   */
  public Map<String, StateBytes> blobEntries() {
    Map<String, StateBytes> entries = new LinkedHashMap<>();
    blobs.forEach((id, content) -> entries.put(BLOB_PREFIX + id, content));
    return entries;
  }

  private static int lastSet(FieldVector vector) {
    if (vector instanceof BaseVariableWidthVector variable) {
      return variable.getLastSet();
    } else if (vector instanceof BaseLargeVariableWidthVector variable) {
      return variable.getLastSet();
    }
    return -1;
  }

  /** The bytes written so far; shared rows are serialized here, once. */
  @Override
  public byte[] toByteArray() {
    if (!shared.isEmpty()) {
      Buffer all = new Buffer((int) Math.min(Integer.MAX_VALUE - 64, size()));
      try {
        writeTo(Channels.newChannel(all));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      bytes = all;
      out = new DataOutputStream(all);
      consumed = false;
    }
    checkNotConsumed();
    return bytes.toByteArray();
  }

  @Override
  public long size() {
    checkNotConsumed();
    long size = bytes.size();
    for (SharedRows rows : shared) {
      size += Integer.BYTES + rows.ipcBytes();
    }
    return size;
  }

  @Override
  public void writeTo(WritableByteChannel channel) throws IOException {
    checkNotConsumed();
    int from = 0;
    try {
      for (SharedRows rows : shared) {
        writeFully(channel, ByteBuffer.wrap(bytes.array(), from, rows.at() - from));
        writeFully(channel, ByteBuffer.allocate(Integer.BYTES).putInt(0, rows.ipcBytes()));
        writeIpc(rows.root(), channel);
        from = rows.at();
      }
      writeFully(channel, ByteBuffer.wrap(bytes.array(), from, bytes.size() - from));
    } finally {
      discard();
    }
  }

  @Override
  public void discard() {
    if (shared.isEmpty()) {
      return;
    }
    shared.forEach(rows -> rows.root().close());
    shared.clear();
    consumed = true;
  }

  private void checkNotConsumed() {
    if (consumed) {
      throw new IllegalStateException("This snapshot's shared rows have been written or discarded already");
    }
  }

  private static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Rows shared with their owner's state, to be written at byte offset {@code at} of the snapshot. */
  private static final class SharedRows {
    private final int at;
    private final VectorSchemaRoot root;
    private int ipcBytes = -1;

    SharedRows(int at, VectorSchemaRoot root) {
      this.at = at;
      this.root = root;
    }

    int at() {
      return at;
    }

    VectorSchemaRoot root() {
      return root;
    }

    /** The length of the rows' IPC stream, found by writing it to a channel that only counts. */
    int ipcBytes() {
      if (ipcBytes < 0) {
        Counting counting = new Counting();
        try {
          writeIpc(root, counting);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (counting.bytes > Integer.MAX_VALUE) {
          throw new IllegalStateException("A snapshot's block of " + root.getRowCount() + " rows takes "
              + counting.bytes + " bytes; blocks are limited to 2 GiB");
        }
        ipcBytes = (int) counting.bytes;
      }
      return ipcBytes;
    }
  }

  /** A channel that counts the bytes written to it and keeps none. */
  private static final class Counting implements WritableByteChannel {
    long bytes;

    @Override
    public int write(ByteBuffer source) {
      int length = source.remaining();
      source.position(source.limit());
      bytes += length;
      return length;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** A view of a channel that an Arrow writer may close without closing the channel. */
  private record Unclosed(WritableByteChannel channel) implements WritableByteChannel {
    @Override
    public int write(ByteBuffer source) throws IOException {
      return channel.write(source);
    }

    @Override
    public boolean isOpen() {
      return channel.isOpen();
    }

    @Override
    public void close() {}
  }

  /** An in-memory buffer in which a length written ahead of its block can be filled in afterwards. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer(int capacity) {
      super(capacity);
    }

    byte[] array() {
      return buf;
    }

    /** The next {@code length} bytes of the buffer, counted as written, for the caller to fill in. */
    ByteBuffer reserve(long length) {
      if (count + length > Integer.MAX_VALUE - 64) {
        throw new IllegalStateException("A snapshot block of " + length + " bytes does not fit in a snapshot"
            + " (limited to 2 GiB)");
      }
      int end = count + (int) length;
      if (end > buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 64, Math.max(end, 2L * buf.length)));
      }
      ByteBuffer block = ByteBuffer.wrap(buf, count, (int) length).slice();
      count = end;
      return block;
    }

    void patchInt(int at, int value) {
      buf[at] = (byte) (value >>> 24);
      buf[at + 1] = (byte) (value >>> 16);
      buf[at + 2] = (byte) (value >>> 8);
      buf[at + 3] = (byte) value;
    }
  }
}
