package io.sluice.runtime.codegen;

import io.sluice.udf.builtin.FunctionException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Static helpers that generated Calc code calls to read and write Arrow values; public only
 * because generated classes live in their own class loader.
 */
public final class CodegenSupport {
  private CodegenSupport() {}

  /** The string at {@code index} of a vector, decoded from UTF-8; the slot must not be NULL. */
  public static String readString(VarCharVector vector, int index) {
    int start = vector.getStartOffset(index);
    int length = vector.getEndOffset(index) - start;
    byte[] bytes = new byte[length];
    vector.getDataBuffer().getBytes(start, bytes, 0, length);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Marks a slot of any vector NULL (a ROW's fields too), growing it if needed. */
  public static void setNull(org.apache.arrow.vector.FieldVector vector, int index) {
    io.sluice.runtime.batch.Vectors.setNull(vector, index);
  }

  /** Whether the non-NULL slot {@code index} holds exactly {@code utf8}, without decoding it. */
  public static boolean equalsUtf8(VarCharVector vector, int index, byte[] utf8) {
    int start = vector.getStartOffset(index);
    if (vector.getEndOffset(index) - start != utf8.length) {
      return false;
    }
    ArrowBuf data = vector.getDataBuffer();
    for (int j = 0; j < utf8.length; j++) {
      if (data.getByte(start + j) != utf8[j]) {
        return false;
      }
    }
    return true;
  }

  /** Compares the non-NULL slot {@code index} with {@code utf8} in unsigned byte order. */
  public static int compareUtf8(VarCharVector vector, int index, byte[] utf8) {
    int start = vector.getStartOffset(index);
    int length = vector.getEndOffset(index) - start;
    ArrowBuf data = vector.getDataBuffer();
    int common = Math.min(length, utf8.length);
    for (int j = 0; j < common; j++) {
      int difference = (data.getByte(start + j) & 0xFF) - (utf8[j] & 0xFF);
      if (difference != 0) {
        return difference;
      }
    }
    return length - utf8.length;
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static String fromUtf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  public static int compareBinary(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /** Writes {@code value} rounded half-up to the vector's scale, failing if it overflows the precision. */
  public static void writeDecimal(DecimalVector vector, int index, BigDecimal value) {
    BigDecimal scaled = value.setScale(vector.getScale(), RoundingMode.HALF_UP);
    if (scaled.precision() > vector.getPrecision()) {
      throw new FunctionException("Value " + value.toPlainString() + " does not fit DECIMAL("
          + vector.getPrecision() + ", " + vector.getScale() + ")");
    }
    vector.setSafe(index, scaled);
  }

  /** A DECIMAL or integer literal's unscaled value at {@code scale} (the generator checked it fits). */
  public static long unscaled(Object literal, int scale) {
    return new BigDecimal(literal.toString()).setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
  }

  /** A DECIMAL literal (any {@link Number}) with the type's scale. */
  public static BigDecimal decimal(Object literal, int scale) {
    BigDecimal value = literal instanceof BigDecimal d ? d : new BigDecimal(literal.toString());
    return value.setScale(scale, RoundingMode.HALF_UP);
  }

  /** A TIMESTAMP value (milliseconds since the epoch, as UTC wall-clock time) as a LocalDateTime. */
  public static java.time.LocalDateTime toLocalDateTime(long millis) {
    return java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L),
        (int) Math.floorMod(millis, 1000L) * 1_000_000, java.time.ZoneOffset.UTC);
  }

  /** A LocalDateTime as a TIMESTAMP value, truncated to milliseconds. */
  public static long fromLocalDateTime(java.time.LocalDateTime value) {
    return value.toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
  }

  /**
   * The error for an exception thrown by a user function: its name, the arguments of the row
   * that failed (input row {@code row}), and the exception, which stays the cause.
   */
  public static UserFunctionFailure userFunctionFailed(String function, Exception failure, Object[] arguments, int row) {
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < arguments.length; i++) {
      Object argument = arguments[i];
      text.append(i == 0 ? "" : ", ").append(argument instanceof String s ? "'" + s + "'"
          : argument instanceof byte[] b ? "X'" + java.util.HexFormat.of().formatHex(b) + "'" : String.valueOf(argument));
    }
    String described = text.append(')').toString();
    return new UserFunctionFailure(function, described, "failed on arguments " + described, row, failure);
  }

  /** The error for an exception thrown by a user function's batch method over {@code rows} rows. */
  public static UserFunctionFailure userFunctionFailed(String function, Exception failure, int rows) {
    return new UserFunctionFailure(function, "(batch of " + rows + " rows)",
        "failed in its batch method over " + rows + " rows", -1, failure);
  }
}
