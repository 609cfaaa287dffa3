package io.sluice.runtime.batch;

import io.sluice.plan.DataType;
import io.sluice.plan.Field;
import java.util.List;
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
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Renderer of vector cells as their SQL-visible text, Flink style: TRUE/FALSE, DECIMAL in
 * plain notation with its scale, TIMESTAMP(p) with p fraction digits (3 by default), DATE
 * as {@code yyyy-MM-dd}, DOUBLE as Java prints it, a ROW as {@code (1, x)}, an ARRAY as
 * {@code [1, 2, 3]}; NULL as the caller's literal (inside a ROW or ARRAY: {@code NULL}).
 */
public final class ValueFormatter {
  /** NULL inside a ROW or ARRAY, whatever the caller's literal for a NULL cell. */
  private static final String NESTED_NULL = "NULL";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ValueFormatter() {}

  /** The cell's text, or {@code nullLiteral} (which may itself be null) for NULL. */
  public static String format(FieldVector vector, int row, DataType type, String nullLiteral) {
    if (vector.isNull(row)) {
      return nullLiteral;
    }
    StringBuilder out = new StringBuilder();
    append(out, vector, row, type, nullLiteral);
    return out.toString();
  }

  /** Appends the cell's text to {@code out}. */
  public static void append(StringBuilder out, FieldVector vector, int row, DataType type, String nullLiteral) {
    if (vector.isNull(row)) {
      out.append(nullLiteral);
      return;
    }
    switch (type.kind()) {
      case BOOLEAN -> out.append(((BitVector) vector).get(row) != 0 ? "TRUE" : "FALSE");
      case TINYINT -> out.append(((TinyIntVector) vector).get(row));
      case SMALLINT -> out.append(((SmallIntVector) vector).get(row));
      case INTEGER -> out.append(((IntVector) vector).get(row));
      case BIGINT -> out.append(((BigIntVector) vector).get(row));
      case FLOAT -> out.append(((Float4Vector) vector).get(row));
      case DOUBLE -> out.append(((Float8Vector) vector).get(row));
      case DECIMAL -> out.append(((DecimalVector) vector).getObject(row).toPlainString());
      case VARCHAR -> out.append(((VarCharVector) vector).getObject(row));
      case VARBINARY -> {
        out.append("x'");
        for (byte b : ((VarBinaryVector) vector).get(row)) {
          out.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
        out.append('\'');
      }
      case DATE -> DateTimes.appendDate(out, ((DateDayVector) vector).get(row));
      case TIME -> DateTimes.appendTime(out, ((TimeMilliVector) vector).get(row), Math.max(type.precision(), 0));
      case TIMESTAMP -> DateTimes.appendTimestamp(
          out, ((TimeStampMilliVector) vector).get(row), type.precision() < 0 ? 3 : type.precision());
      case INTERVAL_YEAR_MONTH -> appendYearMonth(out, ((IntVector) vector).get(row));
      case INTERVAL_DAY_TIME -> appendDayTime(out, ((BigIntVector) vector).get(row));
      case ROW -> {
        StructVector struct = (StructVector) vector;
        List<Field> fields = type.fields();
        out.append('(');
        for (int f = 0; f < fields.size(); f++) {
          out.append(f == 0 ? "" : ", ");
          append(out, (FieldVector) struct.getChildByOrdinal(f), row, fields.get(f).type(), NESTED_NULL);
        }
        out.append(')');
      }
      case ARRAY -> {
        ListVector list = (ListVector) vector;
        out.append('[');
        int start = list.getElementStartIndex(row);
        for (int e = start; e < list.getElementEndIndex(row); e++) {
          out.append(e == start ? "" : ", ");
          append(out, list.getDataVector(), e, type.elementType(), NESTED_NULL);
        }
        out.append(']');
      }
      case NULL -> out.append(nullLiteral);
    }
  }

  private static void appendYearMonth(StringBuilder out, int months) {
    long abs = Math.abs((long) months);
    out.append(months < 0 ? '-' : '+').append(abs / 12).append('-');
    if (abs % 12 < 10) {
      out.append('0');
    }
    out.append(abs % 12);
  }

  private static void appendDayTime(StringBuilder out, long millis) {
    long abs = Math.abs(millis);
    out.append(millis < 0 ? '-' : '+').append(abs / DateTimes.MILLIS_PER_DAY).append(' ');
    DateTimes.appendTime(out, abs % DateTimes.MILLIS_PER_DAY, 3);
  }
}
