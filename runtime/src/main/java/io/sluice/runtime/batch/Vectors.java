package io.sluice.runtime.batch;

import io.sluice.plan.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/** Typed write helpers over Arrow vectors shared by operators, sources and sinks. */
public final class Vectors {
  private Vectors() {}

  /**
   * Prepares a root that is refilled from row 0: variable-width vectors forget their last
   * written index so that rows left NULL get consistent offsets.
   */
  public static void prepareForReuse(VectorSchemaRoot root) {
    for (FieldVector vector : root.getFieldVectors()) {
      forgetLastSet(vector);
    }
    root.setRowCount(0);
  }

  private static void forgetLastSet(FieldVector vector) {
    if (vector instanceof BaseVariableWidthVector variable) {
      variable.setLastSet(-1);
    } else if (vector instanceof ListVector list) {
      list.setLastSet(-1);
      forgetLastSet(list.getDataVector());
    } else if (vector instanceof StructVector struct) {
      for (FieldVector child : struct.getChildrenFromFields()) {
        forgetLastSet(child);
      }
    }
  }

  /** Copies row {@code from} of every column of {@code source} to row {@code to} of {@code target}. */
  public static void copyRow(VectorSchemaRoot source, int from, VectorSchemaRoot target, int to) {
    int columns = target.getFieldVectors().size();
    for (int c = 0; c < columns; c++) {
      target.getVector(c).copyFromSafe(from, to, source.getVector(c));
    }
  }

  /**
   * Gathers rows {@code rows[from, from + count)} of every column of {@code source} into columns
   * {@code firstColumn, ...} of {@code target} from position 0; a row index of -1 writes NULLs.
   */
  public static void gatherColumns(VectorSchemaRoot source, int[] rows, int from, int count, VectorSchemaRoot target,
      int firstColumn) {
    List<FieldVector> columns = source.getFieldVectors();
    for (int c = 0; c < columns.size(); c++) {
      gather(columns.get(c), rows, from, count, target.getVector(firstColumn + c), 0);
    }
  }

  /**
   * Copies rows {@code rows[offset, offset + count)} of {@code from} to rows {@code at,
   * at + 1, ...} of {@code to} (same type); a negative row index writes NULL. Fixed-width
   * columns move their bytes directly, without per-row capacity and type dispatch.
   */
  public static void gather(FieldVector from, int[] rows, int offset, int count, FieldVector to, int at) {
    if (!(to instanceof BaseFixedWidthVector target) || target.getTypeWidth() == 0) {
      for (int r = 0; r < count; r++) {
        int row = rows[offset + r];
        if (row < 0) {
          setNull(to, at + r);
        } else {
          to.copyFromSafe(row, at + r, from);
        }
      }
      return;
    }
    int width = target.getTypeWidth();
    while (target.getValueCapacity() < at + count) {
      target.reAlloc();
    }
    ArrowBuf fromValidity = from.getValidityBuffer();
    ArrowBuf fromData = from.getDataBuffer();
    ArrowBuf toValidity = target.getValidityBuffer();
    ArrowBuf toData = target.getDataBuffer();
    for (int r = 0; r < count; r++) {
      int row = rows[offset + r];
      int index = at + r;
      if (row < 0) {
        BitVectorHelper.unsetBit(toValidity, index);
        continue;
      }
      BitVectorHelper.setValidityBit(toValidity, index, BitVectorHelper.get(fromValidity, row));
      copyValue(fromData, (long) row * width, toData, (long) index * width, width);
    }
  }

  /** Copies rows {@code [start, start + count)} of {@code from} to rows {@code [at, at + count)} of {@code to}. */
  public static void copyRange(FieldVector from, int start, int count, FieldVector to, int at) {
    if (from instanceof BaseVariableWidthVector source && to instanceof BaseVariableWidthVector target
        && from.getClass() == to.getClass() && count > 0 && source.getLastSet() >= start + count - 1) {
      copyVariableRange(source, start, count, target, at);
      return;
    }
    if (!(to instanceof BaseFixedWidthVector target) || target.getTypeWidth() == 0) {
      for (int r = 0; r < count; r++) {
        to.copyFromSafe(start + r, at + r, from);
      }
      return;
    }
    int width = target.getTypeWidth();
    while (target.getValueCapacity() < at + count) {
      target.reAlloc();
    }
    copyBits(from.getValidityBuffer(), start, target.getValidityBuffer(), at, count);
    target.getDataBuffer().setBytes((long) at * width, from.getDataBuffer(), (long) start * width, (long) count * width);
  }

  /**
   * Allocates every column of {@code target} (still empty) to hold the rows of all {@code parts}
   * (roots of its schema) together, so that {@link #copyRange} appends them one after another
   * without growing, and so copying, any buffer: fixed-width columns get room for the rows,
   * string and binary columns also for all the parts' value bytes.
   */
  public static void allocateFor(VectorSchemaRoot target, List<VectorSchemaRoot> parts) {
    int rows = 0;
    for (VectorSchemaRoot part : parts) {
      rows += part.getRowCount();
    }
    for (int c = 0; c < target.getFieldVectors().size(); c++) {
      FieldVector vector = target.getVector(c);
      if (vector instanceof BaseVariableWidthVector variable) {
        long bytes = 0;
        for (VectorSchemaRoot part : parts) {
          BaseVariableWidthVector from = (BaseVariableWidthVector) part.getVector(c);
          int count = part.getRowCount();
          bytes += count == 0 ? 0 : from.getStartOffset(count) - from.getStartOffset(0);
        }
        variable.allocateNew(bytes, rows);
      } else if (vector instanceof BaseFixedWidthVector fixed) {
        fixed.allocateNew(rows);
      } else {
        vector.setInitialCapacity(rows);
        vector.allocateNew();
      }
    }
  }

  /**
   * Copies bits {@code [start, start + count)} of {@code from} to bits {@code [at, at + count)} of
   * {@code to} (validity bitmaps): a byte at a time once the target is byte-aligned, each
   * assembled from at most two source bytes, rather than bit by bit.
   */
  private static void copyBits(ArrowBuf from, int start, ArrowBuf to, int at, int count) {
    int r = 0;
    for (; r < count && ((at + r) & 7) != 0; r++) {
      BitVectorHelper.setValidityBit(to, at + r, BitVectorHelper.get(from, start + r));
    }
    int shift = (start + r) & 7;
    for (; r + 8 <= count; r += 8) {
      long source = (start + r) >>> 3;
      int bits = (from.getByte(source) & 0xff) >>> shift;
      if (shift != 0) {
        // The eight bits end in the next source byte, which the range therefore covers.
        bits |= (from.getByte(source + 1) & 0xff) << (8 - shift);
      }
      to.setByte((at + r) >>> 3, bits);
    }
    for (; r < count; r++) {
      BitVectorHelper.setValidityBit(to, at + r, BitVectorHelper.get(from, start + r));
    }
  }

  /**
   * Strings and binaries in bulk: one copy of the value bytes and the offsets shifted, rather
   * than a copy per row (join state appends and checkpoint restores move millions of rows).
   * Offsets of {@code from} are valid up to its last set row, which covers the range.
   */
  private static void copyVariableRange(BaseVariableWidthVector from, int start, int count,
      BaseVariableWidthVector to, int at) {
    // Rows before `at` that were never set get valid (empty, NULL) offsets, as setSafe would leave them.
    to.fillEmpties(at);
    while (to.getValueCapacity() < at + count) {
      to.reallocValidityAndOffsetBuffers();
    }
    int first = from.getStartOffset(start);
    int bytes = from.getStartOffset(start + count) - first;
    int base = to.getStartOffset(at);
    if (to.getDataBuffer().capacity() < (long) base + bytes) {
      to.reallocDataBuffer((long) base + bytes);
    }
    to.getDataBuffer().setBytes(base, from.getDataBuffer(), first, bytes);
    ArrowBuf fromOffsets = from.getOffsetBuffer();
    ArrowBuf toOffsets = to.getOffsetBuffer();
    int shift = base - first;
    int width = BaseVariableWidthVector.OFFSET_WIDTH;
    if (shift == 0) {
      toOffsets.setBytes((long) (at + 1) * width, fromOffsets, (long) (start + 1) * width, (long) count * width);
    } else {
      for (int r = 1; r <= count; r++) {
        toOffsets.setInt((long) (at + r) * width, fromOffsets.getInt((long) (start + r) * width) + shift);
      }
    }
    copyBits(from.getValidityBuffer(), start, to.getValidityBuffer(), at, count);
    to.setLastSet(at + count - 1);
  }

  private static void copyValue(ArrowBuf from, long fromOffset, ArrowBuf to, long toOffset, int width) {
    switch (width) {
      case 8 -> to.setLong(toOffset, from.getLong(fromOffset));
      case 4 -> to.setInt(toOffset, from.getInt(fromOffset));
      case 2 -> to.setShort(toOffset, from.getShort(fromOffset));
      case 1 -> to.setByte(toOffset, from.getByte(fromOffset));
      default -> to.setBytes(toOffset, from, fromOffset, width);
    }
  }

  /** Writes an integer-like value into a vector of any exact integer, date/time or interval kind. */
  public static void setLong(FieldVector vector, int row, long value) {
    if (vector instanceof BigIntVector v) {
      v.setSafe(row, value);
    } else if (vector instanceof IntVector v) {
      v.setSafe(row, (int) value);
    } else if (vector instanceof SmallIntVector v) {
      v.setSafe(row, (short) value);
    } else if (vector instanceof TinyIntVector v) {
      v.setSafe(row, (byte) value);
    } else if (vector instanceof TimeStampMilliVector v) {
      v.setSafe(row, value);
    } else if (vector instanceof DateDayVector v) {
      v.setSafe(row, (int) value);
    } else if (vector instanceof TimeMilliVector v) {
      v.setSafe(row, (int) value);
    } else if (vector instanceof BitVector v) {
      v.setSafe(row, value != 0 ? 1 : 0);
    } else if (vector instanceof Float8Vector v) {
      v.setSafe(row, value);
    } else if (vector instanceof Float4Vector v) {
      v.setSafe(row, value);
    } else if (vector instanceof DecimalVector v) {
      v.setSafe(row, BigDecimal.valueOf(value).setScale(v.getScale(), RoundingMode.UNNECESSARY));
    } else {
      throw new IllegalArgumentException("cannot write an integer into " + vector.getMinorType());
    }
  }

  /** Writes a floating-point value into a FLOAT or DOUBLE vector. */
  public static void setDouble(FieldVector vector, int row, double value) {
    if (vector instanceof Float8Vector v) {
      v.setSafe(row, value);
    } else if (vector instanceof Float4Vector v) {
      v.setSafe(row, (float) value);
    } else {
      throw new IllegalArgumentException("cannot write a double into " + vector.getMinorType());
    }
  }

  /** Writes {@code value}, rounded half-up to the vector's scale, into a DECIMAL vector. */
  public static void setDecimal(DecimalVector vector, int row, BigDecimal value) {
    vector.setSafe(row, value.setScale(vector.getScale(), RoundingMode.HALF_UP));
  }

  /** Marks a cell NULL, growing the vector if needed; a NULL ROW has NULL fields. */
  public static void setNull(FieldVector vector, int row) {
    if (vector instanceof BaseVariableWidthVector variable) {
      variable.setNull(row);
    } else if (vector instanceof BaseFixedWidthVector fixed) {
      fixed.setNull(row);
    } else if (vector instanceof ListVector list) {
      list.setNull(row);
    } else if (vector instanceof StructVector struct) {
      struct.setNull(row);
      for (FieldVector child : struct.getChildrenFromFields()) {
        setNull(child, row);
      }
    } else {
      throw new IllegalArgumentException("unsupported vector " + vector.getMinorType());
    }
  }

  /**
   * Writes a value given in the Java representation of {@code type}'s kind (null for NULL).
   * For literal rows and tests, not for per-row hot paths.
   */
  public static void setObject(FieldVector vector, int row, Object value, DataType type) {
    if (value == null) {
      setNull(vector, row);
      return;
    }
    switch (type.kind()) {
      case BOOLEAN -> ((BitVector) vector).setSafe(row, (Boolean) value ? 1 : 0);
      case TINYINT, SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP, INTERVAL_YEAR_MONTH, INTERVAL_DAY_TIME ->
          setLong(vector, row, ((Number) value).longValue());
      case FLOAT, DOUBLE -> setDouble(vector, row, ((Number) value).doubleValue());
      case DECIMAL -> setDecimal((DecimalVector) vector, row, (BigDecimal) value);
      case VARCHAR -> ((VarCharVector) vector).setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
      case VARBINARY -> ((VarBinaryVector) vector).setSafe(row, (byte[]) value);
      case ROW -> {
        // A ROW value is the list of its field values, in field order.
        StructVector struct = (StructVector) vector;
        List<?> values = (List<?>) value;
        List<io.sluice.plan.Field> fields = type.fields();
        struct.setIndexDefined(row);
        for (int f = 0; f < fields.size(); f++) {
          setObject((FieldVector) struct.getChildByOrdinal(f), row, values.get(f), fields.get(f).type());
        }
      }
      case ARRAY -> {
        ListVector list = (ListVector) vector;
        List<?> elements = (List<?>) value;
        int start = list.startNewValue(row);
        for (int e = 0; e < elements.size(); e++) {
          setObject(list.getDataVector(), start + e, elements.get(e), type.elementType());
        }
        list.endValue(row, elements.size());
      }
      case NULL -> throw new IllegalArgumentException("the NULL type has no column representation");
    }
  }
}
