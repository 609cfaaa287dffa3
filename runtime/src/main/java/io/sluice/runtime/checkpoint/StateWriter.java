package io.sluice.runtime.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * A snapshot under construction: primitive values and Arrow roots (as Arrow IPC streams)
 * appended to an in-memory buffer, so that the operator's state is copied synchronously
 * and written to disk later by the checkpoint's background writer.
 */
public final class StateWriter {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
  private final DataOutputStream out = new DataOutputStream(bytes);

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
    writeInt(count);
    // One bulk copy: large group tables must not stall the job thread value by value.
    ByteBuffer block = ByteBuffer.allocate(count * Long.BYTES);
    block.asLongBuffer().put(values, 0, count);
    writeBlock(block);
  }

  public void writeDoubles(double[] values, int count) {
    writeInt(count);
    ByteBuffer block = ByteBuffer.allocate(count * Double.BYTES);
    block.asDoubleBuffer().put(values, 0, count);
    writeBlock(block);
  }

  public void writeInts(int[] values, int count) {
    writeInt(count);
    ByteBuffer block = ByteBuffer.allocate(count * Integer.BYTES);
    block.asIntBuffer().put(values, 0, count);
    writeBlock(block);
  }

  /** Writes {@code values[0, count)} as one length-prefixed block. */
  public void writeBytes(byte[] values, int count) {
    writeInt(count);
    try {
      out.write(values, 0, count);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  private void writeBlock(ByteBuffer block) {
    try {
      out.write(block.array());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the first {@code rows} rows of {@code root} as a length-prefixed Arrow IPC stream of
   * one batch. The root stays usable: operators append to their state roots cell by cell, and
   * setting a row count resets a variable-width vector's last written index, so that index is
   * put back afterwards.
   */
  public void writeRoot(VectorSchemaRoot root, int rows) {
    ByteArrayOutputStream ipc = new ByteArrayOutputStream();
    int saved = root.getRowCount();
    int[] lastSet = new int[root.getFieldVectors().size()];
    for (int c = 0; c < lastSet.length; c++) {
      lastSet[c] = lastSet(root.getVector(c));
    }
    root.setRowCount(rows);
    try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(ipc))) {
      writer.start();
      writer.writeBatch();
      writer.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      root.setRowCount(saved);
      for (int c = 0; c < lastSet.length; c++) {
        FieldVector vector = root.getVector(c);
        if (vector instanceof BaseVariableWidthVector variable) {
          variable.setLastSet(lastSet[c]);
        } else if (vector instanceof BaseLargeVariableWidthVector variable) {
          variable.setLastSet(lastSet[c]);
        }
      }
    }
    writeInt(ipc.size());
    try {
      ipc.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int lastSet(FieldVector vector) {
    if (vector instanceof BaseVariableWidthVector variable) {
      return variable.getLastSet();
    } else if (vector instanceof BaseLargeVariableWidthVector variable) {
      return variable.getLastSet();
    }
    return -1;
  }

  /** The bytes written so far. */
  public byte[] toByteArray() {
    return bytes.toByteArray();
  }
}
