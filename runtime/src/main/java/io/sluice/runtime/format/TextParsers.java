package io.sluice.runtime.format;

import io.sluice.plan.DataType;
import io.sluice.plan.TypeKind;
import io.sluice.runtime.batch.DateTimes;
import io.sluice.runtime.batch.Vectors;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;

/**
 * A parser of text values (numbers, booleans, dates, times, timestamps, decimals) from UTF-8
 * bytes straight into Arrow vectors without creating Strings; shared by the CSV and JSON
 * formats. Not thread-safe: it keeps the last parsed integer in a field.
 */
public final class TextParsers {
  private static final long[] POWERS_OF_TEN = {
    1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
    10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
    1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L};
  private static final double[] DOUBLE_POWERS = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    1e19, 1e20, 1e21, 1e22};

  private long parsedLong;

  /** Why {@link #parse} rejected text for a column of {@code type}: for the error message. */
  public static String rejection(byte[] bytes, int start, int end, DataType type) {
    if (type.kind() == TypeKind.VARCHAR) {
      return "the text is not valid UTF-8";
    }
    return "cannot parse '" + new String(bytes, start, end - start, StandardCharsets.UTF_8) + "' as "
        + type.sql().replace(" NOT NULL", "");
  }

  /**
   * Whether {@code bytes[start, end)} is well-formed UTF-8 (no overlong forms, surrogates or
   * code points above U+10FFFF); ASCII, the common case, costs one comparison per byte.
   */
  public static boolean isUtf8(byte[] bytes, int start, int end) {
    int i = start;
    while (i < end) {
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      int lead = b & 0xFF;
      int extra;
      int min;
      if (lead >= 0xC2 && lead <= 0xDF) {
        extra = 1;
        min = 0x80;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        extra = 2;
        min = 0x800;
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        extra = 3;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + extra >= end) {
        return false;
      }
      int code = lead & (0x3F >> extra);
      for (int k = 1; k <= extra; k++) {
        int next = bytes[i + k] & 0xFF;
        if ((next & 0xC0) != 0x80) {
          return false;
        }
        code = (code << 6) | (next & 0x3F);
      }
      if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return false;
      }
      i += extra + 1;
    }
    return true;
  }

  /**
   * Parses {@code bytes[start, end)} as a value of {@code type} into row {@code row}; false
   * when the text is not such a value (the row is then left unset).
   */
  public boolean parse(byte[] bytes, int start, int end, FieldVector vector, DataType type, int row) {
    return switch (type.kind()) {
      case VARCHAR -> {
        if (!isUtf8(bytes, start, end)) {
          yield false;
        }
        ((BaseVariableWidthVector) vector).setSafe(row, bytes, start, end - start);
        yield true;
      }
      case VARBINARY -> {
        ((BaseVariableWidthVector) vector).setSafe(row, bytes, start, end - start);
        yield true;
      }
      case BOOLEAN -> parseBoolean(bytes, start, end, (BitVector) vector, row);
      case TINYINT -> parseLong(bytes, start, end) && inRange(Byte.MIN_VALUE, Byte.MAX_VALUE) && set(vector, row);
      case SMALLINT -> parseLong(bytes, start, end) && inRange(Short.MIN_VALUE, Short.MAX_VALUE) && set(vector, row);
      case INTEGER, INTERVAL_YEAR_MONTH ->
          parseLong(bytes, start, end) && inRange(Integer.MIN_VALUE, Integer.MAX_VALUE) && set(vector, row);
      case BIGINT, INTERVAL_DAY_TIME -> parseLong(bytes, start, end) && set(vector, row);
      case DATE -> parseDate(bytes, start, end) && set(vector, row);
      case TIME -> parseTime(bytes, start, end) && set(vector, row);
      // ISO-8601 text may end in Z: TIMESTAMP values are zone-less and read as UTC.
      case TIMESTAMP -> parseTimestamp(bytes, start, end > start && bytes[end - 1] == 'Z' ? end - 1 : end)
          && set(vector, row);
      case FLOAT, DOUBLE -> parseDouble(bytes, start, end, vector, row);
      case DECIMAL -> parseDecimal(bytes, start, end, (DecimalVector) vector, row);
      // Formats with structured values (JSON) decode them themselves; as text they never fit.
      case NULL, ROW, ARRAY -> false;
    };
  }

  private boolean set(FieldVector vector, int row) {
    Vectors.setLong(vector, row, parsedLong);
    return true;
  }

  private boolean inRange(long min, long max) {
    return parsedLong >= min && parsedLong <= max;
  }

  /** Parses an optionally signed decimal integer into {@link #parsedLong}, rejecting overflow. */
  private boolean parseLong(byte[] b, int start, int end) {
    int p = start;
    boolean negative = false;
    if (p < end && (b[p] == '-' || b[p] == '+')) {
      negative = b[p] == '-';
      p++;
    }
    if (p == end) {
      return false;
    }
    // Accumulate negatively so that Long.MIN_VALUE parses too.
    long value = 0;
    for (; p < end; p++) {
      int digit = b[p] - '0';
      if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
        return false;
      }
      value = value * 10 - digit;
    }
    if (!negative && value == Long.MIN_VALUE) {
      return false;
    }
    parsedLong = negative ? value : -value;
    return true;
  }

  private static boolean parseBoolean(byte[] b, int start, int end, BitVector vector, int row) {
    int length = end - start;
    if (length == 4 && (b[start] | 0x20) == 't' && (b[start + 1] | 0x20) == 'r' && (b[start + 2] | 0x20) == 'u'
        && (b[start + 3] | 0x20) == 'e') {
      vector.setSafe(row, 1);
      return true;
    }
    if (length == 5 && (b[start] | 0x20) == 'f' && (b[start + 1] | 0x20) == 'a' && (b[start + 2] | 0x20) == 'l'
        && (b[start + 3] | 0x20) == 's' && (b[start + 4] | 0x20) == 'e') {
      vector.setSafe(row, 0);
      return true;
    }
    return false;
  }

  /** Reads {@code count} digits at {@code p} as a number, or -1. */
  private static int digits(byte[] b, int p, int count, int end) {
    if (p + count > end) {
      return -1;
    }
    int value = 0;
    for (int i = p; i < p + count; i++) {
      int digit = b[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /** {@code yyyy-MM-dd} into {@link #parsedLong} as days since the epoch. */
  boolean parseDate(byte[] b, int start, int end) {
    return end - start == 10 && parseDatePart(b, start, end);
  }

  private boolean parseDatePart(byte[] b, int start, int end) {
    int year = digits(b, start, 4, end);
    int month = digits(b, start + 5, 2, end);
    int day = digits(b, start + 8, 2, end);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || b[start + 4] != '-' || b[start + 7] != '-') {
      return false;
    }
    parsedLong = DateTimes.daysFromCivil(year, month, day);
    return true;
  }

  /** {@code HH:mm:ss[.fraction]} into {@link #parsedLong} as milliseconds of the day. */
  private boolean parseTime(byte[] b, int start, int end) {
    int hour = digits(b, start, 2, end);
    int minute = digits(b, start + 3, 2, end);
    int second = digits(b, start + 6, 2, end);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
        || b[start + 2] != ':' || b[start + 5] != ':') {
      return false;
    }
    long millis = 0;
    int p = start + 8;
    if (p < end) {
      if (b[p] != '.' || p + 1 == end || end - p > 10) {
        return false;
      }
      int scale = 100;
      for (p++; p < end; p++) {
        int digit = b[p] - '0';
        if (digit < 0 || digit > 9) {
          return false;
        }
        millis += digit * scale;
        scale /= 10;
      }
    }
    parsedLong = ((hour * 60L + minute) * 60 + second) * 1000 + millis;
    return true;
  }

  /** {@code yyyy-MM-dd HH:mm:ss[.fraction]} (or with {@code T}) into {@link #parsedLong} as epoch millis. */
  boolean parseTimestamp(byte[] b, int start, int end) {
    if (end - start < 19 || (b[start + 10] != ' ' && b[start + 10] != 'T') || !parseDatePart(b, start, start + 10)) {
      return false;
    }
    long days = parsedLong;
    if (!parseTime(b, start + 11, end)) {
      return false;
    }
    parsedLong += days * DateTimes.MILLIS_PER_DAY;
    return true;
  }

  /**
   * Parses plain decimals with up to 15 significant digits exactly (mantissa and power of
   * ten are both exact doubles, so one division rounds correctly); anything else goes to
   * {@link Double#parseDouble}.
   */
  private static boolean parseDouble(byte[] b, int start, int end, FieldVector vector, int row) {
    int p = start;
    boolean negative = p < end && b[p] == '-';
    if (negative || (p < end && b[p] == '+')) {
      p++;
    }
    long mantissa = 0;
    int digitCount = 0;
    int fractionDigits = -1;
    boolean simple = p < end;
    for (; p < end && simple; p++) {
      byte c = b[p];
      if (c == '.' && fractionDigits < 0) {
        fractionDigits = 0;
      } else if (c >= '0' && c <= '9' && digitCount < 15) {
        mantissa = mantissa * 10 + (c - '0');
        digitCount++;
        if (fractionDigits >= 0) {
          fractionDigits++;
        }
      } else {
        simple = false;
      }
    }
    double value;
    if (simple && digitCount > 0) {
      value = fractionDigits > 0 ? mantissa / DOUBLE_POWERS[fractionDigits] : mantissa;
      value = negative ? -value : value;
    } else {
      try {
        value = Double.parseDouble(new String(b, start, end - start, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        return false;
      }
    }
    Vectors.setDouble(vector, row, value);
    return true;
  }

  /** Parses a plain decimal into the vector's scale (half-up), checking the precision. */
  private static boolean parseDecimal(byte[] b, int start, int end, DecimalVector vector, int row) {
    int scale = vector.getScale();
    int precision = vector.getPrecision();
    int p = start;
    boolean negative = p < end && b[p] == '-';
    if (negative || (p < end && b[p] == '+')) {
      p++;
    }
    long unscaled = 0;
    int integerDigits = 0;
    int fractionDigits = -1;
    boolean roundUp = false;
    boolean any = false;
    for (; p < end; p++) {
      byte c = b[p];
      if (c == '.' && fractionDigits < 0) {
        fractionDigits = 0;
        continue;
      }
      if (c < '0' || c > '9') {
        return parseDecimalSlow(b, start, end, vector, row);
      }
      any = true;
      if (fractionDigits < 0) {
        if (unscaled == 0 && c == '0') {
          continue;
        }
        integerDigits++;
      } else if (fractionDigits == scale) {
        // The first dropped digit decides rounding; later ones cannot change half-up.
        roundUp = c >= '5';
        fractionDigits++;
        continue;
      } else if (fractionDigits > scale) {
        continue;
      } else {
        fractionDigits++;
      }
      if (integerDigits + Math.max(fractionDigits, 0) > 18) {
        return parseDecimalSlow(b, start, end, vector, row);
      }
      unscaled = unscaled * 10 + (c - '0');
    }
    if (!any || integerDigits > precision - scale) {
      return false;
    }
    int kept = Math.max(Math.min(fractionDigits, scale), 0);
    if (integerDigits + scale > 18) {
      return parseDecimalSlow(b, start, end, vector, row);
    }
    unscaled *= POWERS_OF_TEN[scale - kept];
    if (roundUp) {
      unscaled++;
    }
    if (unscaled >= POWERS_OF_TEN[Math.min(precision, 18)] && precision <= 18) {
      return false;
    }
    vector.setSafe(row, negative ? -unscaled : unscaled);
    return true;
  }

  private static boolean parseDecimalSlow(byte[] b, int start, int end, DecimalVector vector, int row) {
    try {
      BigDecimal value = new BigDecimal(new String(b, start, end - start, StandardCharsets.US_ASCII))
          .setScale(vector.getScale(), RoundingMode.HALF_UP);
      if (value.precision() > vector.getPrecision()) {
        return false;
      }
      vector.setSafe(row, value);
      return true;
    } catch (NumberFormatException | ArithmeticException e) {
      return false;
    }
  }

  /** The integer, date, time or timestamp value the last successful parse produced. */
  long parsedLong() {
    return parsedLong;
  }
}
