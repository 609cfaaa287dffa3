package io.sluice.runtime.batch;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.BaseVariableWidthVector;
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

/**
 * A typed ordering of non-NULL cells of two vectors of the same kind: numbers and
 * temporals by value, strings and binaries by unsigned bytes (code-point order for UTF-8),
 * FALSE before TRUE. Callers handle NULLs.
 */
@FunctionalInterface
public interface CellComparator {
  int compare(FieldVector left, int leftRow, FieldVector right, int rightRow);

  /** The comparator for vectors like {@code vector}. */
  static CellComparator forVector(FieldVector vector) {
    if (vector instanceof BigIntVector) {
      return (l, i, r, j) -> Long.compare(((BigIntVector) l).get(i), ((BigIntVector) r).get(j));
    } else if (vector instanceof IntVector) {
      return (l, i, r, j) -> Integer.compare(((IntVector) l).get(i), ((IntVector) r).get(j));
    } else if (vector instanceof SmallIntVector) {
      return (l, i, r, j) -> Short.compare(((SmallIntVector) l).get(i), ((SmallIntVector) r).get(j));
    } else if (vector instanceof TinyIntVector) {
      return (l, i, r, j) -> Byte.compare(((TinyIntVector) l).get(i), ((TinyIntVector) r).get(j));
    } else if (vector instanceof TimeStampMilliVector) {
      return (l, i, r, j) -> Long.compare(((TimeStampMilliVector) l).get(i), ((TimeStampMilliVector) r).get(j));
    } else if (vector instanceof DateDayVector) {
      return (l, i, r, j) -> Integer.compare(((DateDayVector) l).get(i), ((DateDayVector) r).get(j));
    } else if (vector instanceof TimeMilliVector) {
      return (l, i, r, j) -> Integer.compare(((TimeMilliVector) l).get(i), ((TimeMilliVector) r).get(j));
    } else if (vector instanceof Float8Vector) {
      return (l, i, r, j) -> Double.compare(((Float8Vector) l).get(i), ((Float8Vector) r).get(j));
    } else if (vector instanceof Float4Vector) {
      return (l, i, r, j) -> Float.compare(((Float4Vector) l).get(i), ((Float4Vector) r).get(j));
    } else if (vector instanceof BitVector) {
      return (l, i, r, j) -> Integer.compare(((BitVector) l).get(i), ((BitVector) r).get(j));
    } else if (vector instanceof DecimalVector) {
      return CellComparator::compareDecimal;
    } else if (vector instanceof BaseVariableWidthVector) {
      return CellComparator::compareBytes;
    }
    throw new IllegalArgumentException("no ordering for " + vector.getMinorType());
  }

  /** Compares 128-bit two's complement unscaled values; both vectors have the same scale. */
  private static int compareDecimal(FieldVector left, int i, FieldVector right, int j) {
    ArrowBuf a = left.getDataBuffer();
    ArrowBuf b = right.getDataBuffer();
    long offsetA = (long) i * DecimalVector.TYPE_WIDTH;
    long offsetB = (long) j * DecimalVector.TYPE_WIDTH;
    int high = Long.compare(a.getLong(offsetA + 8), b.getLong(offsetB + 8));
    return high != 0 ? high : Long.compareUnsigned(a.getLong(offsetA), b.getLong(offsetB));
  }

  private static int compareBytes(FieldVector left, int i, FieldVector right, int j) {
    BaseVariableWidthVector l = (BaseVariableWidthVector) left;
    BaseVariableWidthVector r = (BaseVariableWidthVector) right;
    long startA = l.getStartOffset(i);
    long startB = r.getStartOffset(j);
    return ByteFunctionHelpers.compare(
        l.getDataBuffer(), startA, l.getEndOffset(i), r.getDataBuffer(), startB, r.getEndOffset(j));
  }
}
