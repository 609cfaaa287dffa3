package io.sluice.udf.builtin;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Built-in CAST conversions that can fail or need formatting: range-checked narrowing,
 * string parsing (trimmed) and the SQL string forms of temporal values.
 */
public final class CastFunctions {
  private static final DateTimeFormatter TIME_PARSER = new DateTimeFormatterBuilder()
      .appendPattern("HH:mm")
      .optionalStart().appendPattern(":ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
      .optionalEnd()
      .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter TIMESTAMP_PARSER = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral(' ').append(TIME_PARSER).optionalEnd()
      .optionalStart().appendLiteral('T').append(TIME_PARSER).optionalEnd()
      .toFormatter(Locale.ROOT);

  private CastFunctions() {}

  public static byte toTinyint(long value) {
    if (value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
      throw outOfRange(value, "TINYINT");
    }
    return (byte) value;
  }

  public static short toSmallint(long value) {
    if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
      throw outOfRange(value, "SMALLINT");
    }
    return (short) value;
  }

  public static int toInteger(long value) {
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw outOfRange(value, "INTEGER");
    }
    return (int) value;
  }

  /** A floating-point value truncated toward zero like Java, after a range check. */
  public static long toBigint(double value) {
    // 2^63 is exactly representable; every double below it (and >= -2^63) fits a long.
    if (Double.isNaN(value) || value >= 0x1p63 || value < -0x1p63) {
      throw outOfRange(value, "BIGINT");
    }
    return (long) value;
  }

  public static long toBigint(BigDecimal value) {
    BigDecimal truncated = value.setScale(0, RoundingMode.DOWN);
    if (truncated.toBigInteger().bitLength() > 63) {
      throw outOfRange(value.toPlainString(), "BIGINT");
    }
    return truncated.longValue();
  }

  /** Rounds half-up to {@code scale} and checks that the value fits DECIMAL(precision, scale). */
  public static BigDecimal toDecimal(BigDecimal value, int precision, int scale) {
    BigDecimal scaled = value.setScale(scale, RoundingMode.HALF_UP);
    if (scaled.precision() - scaled.scale() > precision - scale) {
      throw outOfRange(value.toPlainString(), "DECIMAL(" + precision + ", " + scale + ")");
    }
    return scaled;
  }

  public static BigDecimal toDecimal(double value, int precision, int scale) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw outOfRange(value, "DECIMAL(" + precision + ", " + scale + ")");
    }
    return toDecimal(BigDecimal.valueOf(value), precision, scale);
  }

  public static BigDecimal toDecimal(long value, int precision, int scale) {
    return toDecimal(BigDecimal.valueOf(value), precision, scale);
  }

  public static long parseBigint(String s, String typeName) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw cannotCast(s, typeName);
    }
  }

  public static long parseIntegral(String s, String typeName) {
    long value = parseBigint(s, typeName);
    switch (typeName) {
      case "TINYINT": return toTinyint(value);
      case "SMALLINT": return toSmallint(value);
      case "INTEGER": return toInteger(value);
      default: return value;
    }
  }

  public static double parseDouble(String s, String typeName) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw cannotCast(s, typeName);
    }
  }

  public static BigDecimal parseDecimal(String s, int precision, int scale) {
    try {
      return toDecimal(new BigDecimal(s.trim()), precision, scale);
    } catch (NumberFormatException e) {
      throw cannotCast(s, "DECIMAL(" + precision + ", " + scale + ")");
    }
  }

  /** Accepts TRUE/FALSE, T/F, YES/NO, Y/N and 1/0, case-insensitively. */
  public static boolean parseBoolean(String s) {
    switch (s.trim().toUpperCase(Locale.ROOT)) {
      case "TRUE": case "T": case "YES": case "Y": case "1": return true;
      case "FALSE": case "F": case "NO": case "N": case "0": return false;
      default: throw cannotCast(s, "BOOLEAN");
    }
  }

  /** Parses {@code yyyy-MM-dd} to epoch days. */
  public static int parseDate(String s) {
    try {
      return (int) LocalDate.parse(s.trim(), DateTimeFormatter.ISO_LOCAL_DATE).toEpochDay();
    } catch (DateTimeParseException e) {
      throw cannotCast(s, "DATE");
    }
  }

  /** Parses {@code HH:mm[:ss[.f...]]} to milliseconds of the day. */
  public static int parseTime(String s) {
    try {
      return (int) (LocalTime.parse(s.trim(), TIME_PARSER).toNanoOfDay() / 1_000_000);
    } catch (DateTimeParseException e) {
      throw cannotCast(s, "TIME");
    }
  }

  /**
   * Parses {@code yyyy-MM-dd[( |T)HH:mm[:ss[.f{1,9}]]]} to TIMESTAMP millis; digits beyond
   * milliseconds are truncated.
   */
  public static long parseTimestamp(String s) {
    try {
      var parsed = TIMESTAMP_PARSER.parse(s.trim());
      LocalDate date = LocalDate.from(parsed);
      LocalTime time = parsed.isSupported(ChronoField.HOUR_OF_DAY) ? LocalTime.from(parsed) : LocalTime.MIDNIGHT;
      return DateTimeFunctions.toMillis(LocalDateTime.of(date, time));
    } catch (DateTimeParseException e) {
      throw cannotCast(s, "TIMESTAMP");
    }
  }

  public static String formatBoolean(boolean value) {
    return value ? "TRUE" : "FALSE";
  }

  public static String formatDate(int days) {
    return LocalDate.ofEpochDay(days).toString();
  }

  /** {@code HH:mm:ss} plus {@code precision} (0 to 3) fractional digits. */
  public static String formatTime(int millisOfDay, int precision) {
    StringBuilder s = new StringBuilder(12);
    appendTime(s, millisOfDay, precision);
    return s.toString();
  }

  /**
   * {@code yyyy-MM-dd HH:mm:ss} plus {@code precision} (0 to 3) fractional digits, so
   * TIMESTAMP(3) prints as {@code 2024-01-01 00:00:00.000}, as Flink does.
   */
  public static String formatTimestamp(long millis, int precision) {
    StringBuilder s = new StringBuilder(23);
    s.append(LocalDate.ofEpochDay(Math.floorDiv(millis, DateTimeFunctions.MILLIS_PER_DAY))).append(' ');
    appendTime(s, (int) Math.floorMod(millis, DateTimeFunctions.MILLIS_PER_DAY), precision);
    return s.toString();
  }

  /** A day-time interval as {@code +d hh:mm:ss.fff}. */
  public static String formatIntervalDayTime(long millis) {
    StringBuilder s = new StringBuilder(20).append(millis < 0 ? '-' : '+');
    long abs = Math.abs(millis);
    s.append(abs / DateTimeFunctions.MILLIS_PER_DAY).append(' ');
    appendTime(s, (int) (abs % DateTimeFunctions.MILLIS_PER_DAY), 3);
    return s.toString();
  }

  /** A year-month interval as {@code +y-mm}. */
  public static String formatIntervalYearMonth(int months) {
    int abs = Math.abs(months);
    return (months < 0 ? "-" : "+") + abs / 12 + "-" + pad2(abs % 12);
  }

  /** Truncates TIMESTAMP millis to {@code precision} fractional-second digits. */
  public static long truncateTimestamp(long millis, int precision) {
    long unit = precision <= 0 ? 1000 : precision == 1 ? 100 : precision == 2 ? 10 : 1;
    return millis - Math.floorMod(millis, unit);
  }

  /** The first {@code length} characters (code points) of {@code s}. */
  public static String truncate(String s, int length) {
    if (s.length() <= length || s.codePointCount(0, s.length()) <= length) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, length));
  }

  private static void appendTime(StringBuilder s, int millisOfDay, int precision) {
    s.append(pad2(millisOfDay / 3_600_000)).append(':')
        .append(pad2(millisOfDay / 60_000 % 60)).append(':')
        .append(pad2(millisOfDay / 1000 % 60));
    if (precision > 0) {
      String millis = Integer.toString(1000 + millisOfDay % 1000).substring(1);
      s.append('.').append(millis, 0, Math.min(precision, 3));
    }
  }

  private static String pad2(int value) {
    return value < 10 ? "0" + value : Integer.toString(value);
  }

  private static FunctionException cannotCast(String value, String typeName) {
    return new FunctionException("Cannot cast '" + value + "' to " + typeName);
  }

  private static FunctionException outOfRange(Object value, String typeName) {
    return new FunctionException("Cannot cast " + value + " to " + typeName + ": value out of range");
  }
}
