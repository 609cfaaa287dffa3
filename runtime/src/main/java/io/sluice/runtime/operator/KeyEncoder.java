package io.sluice.runtime.operator;

import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;

/**
 * An encoder of a row's values in some columns into one compact byte string, equal exactly
 * when the values are equal as SQL grouping keys (NULLs equal, -0.0 = 0.0, one NaN).
 */
final class KeyEncoder {
  private byte[] bytes = new byte[64];
  private int length;

  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  /** Resets and encodes the key columns of {@code row}; false, leaving nothing useful, if one is NULL (join keys never match NULL). */
  boolean putNonNullKey(FieldVector[] keys, int row) {
    reset();
    for (FieldVector key : keys) {
      if (key.isNull(row)) {
        return false;
      }
      put(key, row);
    }
    return true;
  }

  void reset() {
    length = 0;
  }

  void putInt(int value) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      bytes[length++] = (byte) (value >>> (8 * i));
    }
  }

  /** Appends the value at {@code row} of {@code vector}: a null flag, then the value's bytes. */
  void put(FieldVector vector, int row) {
    ensure(1);
    if (vector.isNull(row)) {
      bytes[length++] = 0;
      return;
    }
    bytes[length++] = 1;
    if (vector instanceof BitVector bits) {
      ensure(1);
      bytes[length++] = (byte) bits.get(row);
    } else if (vector instanceof Float8Vector doubles) {
      putLong(Double.doubleToLongBits(doubles.get(row) + 0.0));
    } else if (vector instanceof Float4Vector floats) {
      putInt(Float.floatToIntBits(floats.get(row) + 0.0f));
    } else if (vector instanceof BaseFixedWidthVector fixed) {
      int width = fixed.getTypeWidth();
      ensure(width);
      fixed.getDataBuffer().getBytes((long) row * width, bytes, length, width);
      length += width;
    } else if (vector instanceof BaseVariableWidthVector variable) {
      int start = variable.getStartOffset(row);
      int size = variable.getEndOffset(row) - start;
      putInt(size);
      ensure(size);
      ArrowBuf data = variable.getDataBuffer();
      data.getBytes(start, bytes, length, size);
      length += size;
    } else {
      throw new IllegalArgumentException("cannot group by " + vector.getMinorType());
    }
  }

  private void putLong(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      bytes[length++] = (byte) (value >>> (8 * i));
    }
  }

  private void ensure(int extra) {
    if (length + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
    }
  }
}
