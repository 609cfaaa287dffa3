package io.sluice.runtime.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A snapshot or shared blob on its way to the store: its size, and its bytes written on the
 * checkpoint writer's thread. Content that still shares memory with an operator's state
 * (see {@link StateWriter#writeSharedRows}) is serialized only then, off the job's threads.
 */
public interface StateBytes {
  /** The number of bytes {@link #writeTo} writes. */
  long size();

  /** Writes the content to {@code out} and releases what it holds; content sharing state can be written once. */
  void writeTo(WritableByteChannel out) throws IOException;

  /** The content as one array; content sharing state is serialized on the calling thread and kept so. */
  byte[] toByteArray();

  /** Releases what the content holds when it will not be written (a checkpoint abandoned or failed). */
  default void discard() {}

  /** Content already serialized. */
  static StateBytes of(byte[] bytes) {
    return new StateBytes() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public byte[] toByteArray() {
        return bytes;
      }

      @Override
      public void writeTo(WritableByteChannel out) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
    };
  }
}
