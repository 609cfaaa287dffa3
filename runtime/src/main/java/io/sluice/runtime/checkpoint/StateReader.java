package io.sluice.runtime.checkpoint;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Map;
import java.util.function.Function;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * One operator's or source's snapshot being read back, in the order {@link StateWriter} wrote it,
 * from a heap array or from a blob file mapped into memory.
 */
public final class StateReader {
  private final Input input;
  private final DataInputStream in;
  /** The checkpoint's shared blobs referred to, by entry name; none for a snapshot without blobs. */
  private final Function<String, ByteBuffer> blobs;

  public StateReader(byte[] bytes) {
    this(bytes, Map.of());
  }

  /** Reads {@code bytes}, resolving blob references against the checkpoint's {@code entries}. */
  public StateReader(byte[] bytes, Map<String, byte[]> entries) {
    this(ByteBuffer.wrap(bytes), name -> {
      byte[] content = entries.get(name);
      return content == null ? null : ByteBuffer.wrap(content);
    });
  }

  /**
   * Reads {@code bytes}, resolving blob references against the checkpoint's {@code blobs} (by
   * entry name, {@link StateWriter#BLOB_PREFIX} and the id), as {@link CheckpointStore.Restored} holds them.
   */
  public StateReader(ByteBuffer bytes, Map<String, ByteBuffer> blobs) {
    this(bytes, blobs::get);
  }

  private StateReader(ByteBuffer bytes, Function<String, ByteBuffer> blobs) {
    this.input = new Input(bytes.slice());
    this.in = new DataInputStream(input);
    this.blobs = blobs;
  }

  /** Reads the id written by {@link StateWriter#writeBlobReference}. */
  public String readBlobReference() {
    return readString();
  }

  /** A reader of shared blob {@code id}'s content. */
  public StateReader blob(String id) {
    ByteBuffer content = blobs.apply(StateWriter.BLOB_PREFIX + id);
    if (content == null) {
      throw new IllegalStateException("The checkpoint refers to shared state blob " + id + ", which it does not hold");
    }
    return new StateReader(content, blobs);
  }

  public long readLong() {
    try {
      return in.readLong();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int readInt() {
    try {
      return in.readInt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean readBoolean() {
    try {
      return in.readBoolean();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public double readDouble() {
    try {
      return in.readDouble();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String readString() {
    try {
      return in.readUTF();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a block of {@link StateWriter#writeLongs} into an array of at least {@code minLength}. */
  public long[] readLongs(int minLength) {
    int count = readInt();
    long[] values = new long[Math.max(count, minLength)];
    readBlock(count * Long.BYTES).asLongBuffer().get(values, 0, count);
    return values;
  }

  public double[] readDoubles(int minLength) {
    int count = readInt();
    double[] values = new double[Math.max(count, minLength)];
    readBlock(count * Double.BYTES).asDoubleBuffer().get(values, 0, count);
    return values;
  }

  public int[] readInts(int minLength) {
    int count = readInt();
    int[] values = new int[Math.max(count, minLength)];
    readBlock(count * Integer.BYTES).asIntBuffer().get(values, 0, count);
    return values;
  }

  /**
   * Reads a block of {@link StateWriter#writeLongs} into {@code target} from index {@code at}
   * (sized by the caller; restores of large state fill their arrays without a temporary one).
   */
  public void readLongs(long[] target, int at) {
    int count = readInt();
    readBlock(count * Long.BYTES).asLongBuffer().get(target, at, count);
  }

  /** Reads a block of {@link StateWriter#writeInts} into {@code target} from index {@code at}. */
  public void readInts(int[] target, int at) {
    int count = readInt();
    readBlock(count * Integer.BYTES).asIntBuffer().get(target, at, count);
  }

  /** Reads a block of {@link StateWriter#writeBytes} into an array of at least {@code minLength}. */
  public byte[] readBytes(int minLength) {
    int count = readInt();
    byte[] values = new byte[Math.max(count, minLength)];
    readFully(values, count);
    return values;
  }

  /** Reads the byte strings of {@link StateWriter#writeByteArrays} into an array of at least {@code minLength}. */
  public byte[][] readByteArrays(int minLength) {
    int count = readInt();
    byte[][] values = new byte[Math.max(count, minLength)][];
    for (int i = 0; i < count; i++) {
      int length = readInt();
      if (length >= 0) {
        values[i] = new byte[length];
        readFully(values[i], length);
      }
    }
    return values;
  }

  private void readFully(byte[] target, int length) {
    try {
      in.readFully(target, 0, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next {@code bytes} bytes where they lie (the caller copies them out). */
  private ByteBuffer readBlock(int bytes) {
    return input.block(bytes);
  }

  /** Reads a root written by {@link StateWriter#writeRoot} into vectors allocated from {@code allocator}. */
  public VectorSchemaRoot readRoot(BufferAllocator allocator) {
    int length = readInt();
    return copyRoot(input.block(length), allocator);
  }

  /** The root in IPC stream {@code block}, its buffers copied into vectors of {@code allocator}. */
  private static VectorSchemaRoot copyRoot(ByteBuffer block, BufferAllocator allocator) {
    // Read the IPC stream where it lies rather than copying it out first (restores move gigabytes).
    try (ArrowStreamReader reader = new ArrowStreamReader(new Block(block), allocator)) {
      VectorSchemaRoot loaded = reader.getVectorSchemaRoot();
      reader.loadNextBatch();
      // The reader owns its root; move the buffers into one the caller owns.
      VectorSchemaRoot copy = VectorSchemaRoot.create(loaded.getSchema(), allocator);
      for (int c = 0; c < loaded.getFieldVectors().size(); c++) {
        TransferPair pair = loaded.getVector(c).makeTransferPair(copy.getVector(c));
        pair.transfer();
      }
      copy.setRowCount(loaded.getRowCount());
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a root written by {@link StateWriter#writeRoot} for the caller to copy its rows out
   * and close: when the snapshot lies in a mapped blob file its vectors are the file's bytes
   * themselves, read-only (writing to them would crash the process), so a restore copies a
   * large state once rather than twice. Otherwise as {@link #readRoot}.
   */
  public VectorSchemaRoot readRootToCopy(BufferAllocator allocator) {
    int length = readInt();
    ByteBuffer block = input.block(length);
    if (!block.isDirect()) {
      return copyRoot(block, allocator);
    }
    try {
      Block channel = new Block(block);
      ReadChannel ipc = new ReadChannel(channel);
      Schema schema = MessageSerializer.deserializeSchema(ipc);
      MessageMetadataResult batch = MessageSerializer.readMessage(ipc);
      if (batch == null || batch.headerType() != MessageHeader.RecordBatch) {
        throw new IllegalStateException("A state block holds an Arrow schema without its record batch");
      }
      long bodyStart = ipc.bytesRead();
      long bodyLength = batch.getMessageBodyLength();
      if (bodyStart + bodyLength > length) {
        throw new IllegalStateException(
            "A record batch of " + bodyLength + " bytes runs past the end of its state block");
      }
      ByteBuffer bodyBytes = block.slice((int) bodyStart, (int) bodyLength);
      VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
      ArrowBuf body = allocator.wrapForeignAllocation(new MappedBytes(bodyBytes));
      // The record batch takes the body over: its buffers are slices of it.
      try (ArrowRecordBatch records = MessageSerializer.deserializeRecordBatch(batch, body)) {
        new VectorLoader(root).load(records);
        return root;
      } catch (RuntimeException | IOException e) {
        root.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes of a mapped file lent to Arrow as a buffer; holding them keeps the file mapped while Arrow uses them. */
  private static final class MappedBytes extends ForeignAllocation {
    private final ByteBuffer bytes;

    MappedBytes(ByteBuffer bytes) {
      super(bytes.capacity(), MemoryUtil.getByteBufferAddress(bytes));
      this.bytes = bytes;
    }

    @Override
    protected void release0() {
      // The mapping is released by the garbage collector once no buffer refers to the bytes.
    }
  }

  /** The bytes being read, as a stream that can also hand out a block in place. */
  private static final class Input extends InputStream {
    private final ByteBuffer bytes;

    Input(ByteBuffer bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      return bytes.hasRemaining() ? bytes.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (!bytes.hasRemaining()) {
        return -1;
      }
      int count = Math.min(length, bytes.remaining());
      bytes.get(target, offset, count);
      return count;
    }

    /** The next {@code length} bytes as a buffer of their own, which this stream then skips. */
    ByteBuffer block(int length) {
      if (length < 0 || length > bytes.remaining()) {
        throw new IllegalStateException("A state block of " + length + " bytes runs past the end of the snapshot");
      }
      ByteBuffer block = bytes.slice(bytes.position(), length);
      bytes.position(bytes.position() + length);
      return block;
    }
  }

  /**
   * A buffer's bytes as a channel that fills each target in one bulk copy (a stream wrapped as
   * a channel would move Arrow's buffers through 8 KB chunks).
   */
  private static final class Block implements ReadableByteChannel {
    private final ByteBuffer bytes;
    private boolean open = true;

    Block(ByteBuffer bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer target) {
      if (!bytes.hasRemaining()) {
        return -1;
      }
      int length = Math.min(target.remaining(), bytes.remaining());
      target.put(target.position(), bytes, bytes.position(), length);
      target.position(target.position() + length);
      bytes.position(bytes.position() + length);
      return length;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }
}
