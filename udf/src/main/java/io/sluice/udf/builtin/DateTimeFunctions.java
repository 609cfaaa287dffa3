package io.sluice.udf.builtin;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * Built-in date and time functions over the runtime representations: TIMESTAMP as
 * wall-clock epoch milliseconds, DATE as epoch days, TIME as milliseconds of the day,
 * intervals as milliseconds or months.
 *
 * <p>Time units are passed as the int codes below ({@link #unit(String)} maps SQL names),
 * so that a unit fixed at compile time costs no string comparison per row.
 */
public final class DateTimeFunctions {
  public static final int YEAR = 0;
  public static final int QUARTER = 1;
  public static final int MONTH = 2;
  public static final int WEEK = 3;
  public static final int DAY = 4;
  public static final int HOUR = 5;
  public static final int MINUTE = 6;
  public static final int SECOND = 7;
  public static final int MILLISECOND = 8;
  /** Day of week, 1 = Sunday to 7 = Saturday, as Calcite numbers them. */
  public static final int DOW = 9;
  public static final int DOY = 10;
  /** Seconds since 1970-01-01 00:00:00. */
  public static final int EPOCH = 11;

  public static final long MILLIS_PER_SECOND = 1000L;
  public static final long MILLIS_PER_MINUTE = 60_000L;
  public static final long MILLIS_PER_HOUR = 3_600_000L;
  public static final long MILLIS_PER_DAY = 86_400_000L;

  private static final String[] UNIT_NAMES = {
    "YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND", "MILLISECOND", "DOW", "DOY", "EPOCH"
  };

  private DateTimeFunctions() {}

  /** The code of a SQL time unit name (case-insensitive). */
  public static int unit(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (int i = 0; i < UNIT_NAMES.length; i++) {
      if (UNIT_NAMES[i].equals(upper)) {
        return i;
      }
    }
    throw new IllegalArgumentException("Unknown time unit '" + name + "'");
  }

  /** The local wall clock now, as TIMESTAMP millis. */
  public static long currentTimestamp() {
    return toMillis(LocalDateTime.now());
  }

  public static LocalDateTime toLocalDateTime(long millis) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, MILLIS_PER_SECOND),
        (int) Math.floorMod(millis, MILLIS_PER_SECOND) * 1_000_000, ZoneOffset.UTC);
  }

  public static long toMillis(LocalDateTime time) {
    return time.toEpochSecond(ZoneOffset.UTC) * MILLIS_PER_SECOND + time.getNano() / 1_000_000;
  }

  public static long dateToTimestamp(int days) {
    return days * MILLIS_PER_DAY;
  }

  public static int timestampToDate(long millis) {
    return (int) Math.floorDiv(millis, MILLIS_PER_DAY);
  }

  public static int timestampToTime(long millis) {
    return (int) Math.floorMod(millis, MILLIS_PER_DAY);
  }

  /** TIMESTAMP + months with calendar arithmetic; the day is clamped to the month's length. */
  public static long addMonths(long millis, int months) {
    return toMillis(toLocalDateTime(millis).plusMonths(months));
  }

  public static int addMonthsToDate(int days, int months) {
    return (int) LocalDate.ofEpochDay(days).plusMonths(months).toEpochDay();
  }

  /** TIME + interval millis, wrapping around midnight. */
  public static int addToTime(int timeMillis, long intervalMillis) {
    return (int) Math.floorMod(timeMillis + intervalMillis, MILLIS_PER_DAY);
  }

  /** The whole months from {@code from} to {@code to}, truncated toward zero. */
  public static int monthsBetween(long from, long to) {
    return (int) ChronoUnit.MONTHS.between(toLocalDateTime(from), toLocalDateTime(to));
  }

  public static long extractTimestamp(int unit, long millis) {
    LocalDateTime t = toLocalDateTime(millis);
    switch (unit) {
      case YEAR: return t.getYear();
      case QUARTER: return (t.getMonthValue() + 2) / 3;
      case MONTH: return t.getMonthValue();
      case WEEK: return t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
      case DAY: return t.getDayOfMonth();
      case HOUR: return t.getHour();
      case MINUTE: return t.getMinute();
      case SECOND: return t.getSecond();
      // Like Calcite, MILLISECOND includes the seconds: 12:34:56.789 gives 56789.
      case MILLISECOND: return t.getSecond() * 1000L + t.getNano() / 1_000_000;
      case DOW: return t.getDayOfWeek().getValue() % 7 + 1;
      case DOY: return t.getDayOfYear();
      case EPOCH: return Math.floorDiv(millis, MILLIS_PER_SECOND);
      default: throw unsupported("EXTRACT", unit, "TIMESTAMP");
    }
  }

  public static long extractDate(int unit, int days) {
    return extractTimestamp(unit, dateToTimestamp(days));
  }

  public static long extractTime(int unit, int millisOfDay) {
    switch (unit) {
      case HOUR: return millisOfDay / MILLIS_PER_HOUR;
      case MINUTE: return millisOfDay / MILLIS_PER_MINUTE % 60;
      case SECOND: return millisOfDay / MILLIS_PER_SECOND % 60;
      case MILLISECOND: return millisOfDay % MILLIS_PER_MINUTE;
      case EPOCH: return millisOfDay / MILLIS_PER_SECOND;
      default: throw unsupported("EXTRACT", unit, "TIME");
    }
  }

  /** EXTRACT from a day-time interval; fields keep the interval's sign. */
  public static long extractIntervalDayTime(int unit, long millis) {
    switch (unit) {
      case DAY: return millis / MILLIS_PER_DAY;
      case HOUR: return millis / MILLIS_PER_HOUR % 24;
      case MINUTE: return millis / MILLIS_PER_MINUTE % 60;
      case SECOND: return millis / MILLIS_PER_SECOND % 60;
      case MILLISECOND: return millis % MILLIS_PER_MINUTE;
      case EPOCH: return millis / MILLIS_PER_SECOND;
      default: throw unsupported("EXTRACT", unit, "INTERVAL DAY TO SECOND");
    }
  }

  public static long extractIntervalYearMonth(int unit, int months) {
    switch (unit) {
      case YEAR: return months / 12;
      case QUARTER: return months % 12 / 3 + 1;
      case MONTH: return months % 12;
      default: throw unsupported("EXTRACT", unit, "INTERVAL YEAR TO MONTH");
    }
  }

  /** Rounds a TIMESTAMP down to the unit; weeks start on Sunday. */
  public static long floor(long millis, int unit) {
    switch (unit) {
      case YEAR:
      case QUARTER:
      case MONTH:
      case WEEK:
        return toMillis(floorDate(toLocalDateTime(millis).toLocalDate(), unit).atStartOfDay());
      case DAY: return millis - Math.floorMod(millis, MILLIS_PER_DAY);
      case HOUR: return millis - Math.floorMod(millis, MILLIS_PER_HOUR);
      case MINUTE: return millis - Math.floorMod(millis, MILLIS_PER_MINUTE);
      case SECOND: return millis - Math.floorMod(millis, MILLIS_PER_SECOND);
      case MILLISECOND: return millis;
      default: throw unsupported("FLOOR", unit, "TIMESTAMP");
    }
  }

  /** Rounds a TIMESTAMP up to the unit: unchanged when already on a boundary. */
  public static long ceil(long millis, int unit) {
    long floor = floor(millis, unit);
    return floor == millis ? millis : add(unit, 1, floor);
  }

  public static int floorDate(int days, int unit) {
    return unit >= DAY && unit <= MILLISECOND ? days : (int) floorDate(LocalDate.ofEpochDay(days), unit).toEpochDay();
  }

  public static int ceilDate(int days, int unit) {
    int floor = floorDate(days, unit);
    return floor == days ? days : timestampToDate(add(unit, 1, dateToTimestamp(floor)));
  }

  /** TIMESTAMPADD: {@code count} units after {@code millis}; calendar arithmetic for months. */
  public static long add(int unit, long count, long millis) {
    switch (unit) {
      case YEAR: return addMonths(millis, Math.toIntExact(count * 12));
      case QUARTER: return addMonths(millis, Math.toIntExact(count * 3));
      case MONTH: return addMonths(millis, Math.toIntExact(count));
      case WEEK: return millis + count * 7 * MILLIS_PER_DAY;
      case DAY: return millis + count * MILLIS_PER_DAY;
      case HOUR: return millis + count * MILLIS_PER_HOUR;
      case MINUTE: return millis + count * MILLIS_PER_MINUTE;
      case SECOND: return millis + count * MILLIS_PER_SECOND;
      case MILLISECOND: return millis + count;
      default: throw unsupported("TIMESTAMPADD", unit, "TIMESTAMP");
    }
  }

  /** TIMESTAMPDIFF: the whole units from {@code from} to {@code to}, truncated toward zero. */
  public static long diff(int unit, long from, long to) {
    switch (unit) {
      case YEAR: return monthsBetween(from, to) / 12;
      case QUARTER: return monthsBetween(from, to) / 3;
      case MONTH: return monthsBetween(from, to);
      case WEEK: return (to - from) / (7 * MILLIS_PER_DAY);
      case DAY: return (to - from) / MILLIS_PER_DAY;
      case HOUR: return (to - from) / MILLIS_PER_HOUR;
      case MINUTE: return (to - from) / MILLIS_PER_MINUTE;
      case SECOND: return (to - from) / MILLIS_PER_SECOND;
      case MILLISECOND: return to - from;
      default: throw unsupported("TIMESTAMPDIFF", unit, "TIMESTAMP");
    }
  }

  private static LocalDate floorDate(LocalDate date, int unit) {
    switch (unit) {
      case YEAR: return date.withDayOfYear(1);
      case QUARTER: return date.withDayOfMonth(1).withMonth((date.getMonthValue() - 1) / 3 * 3 + 1);
      case MONTH: return date.withDayOfMonth(1);
      case WEEK: return date.minusDays(date.getDayOfWeek().getValue() % 7);
      default: throw unsupported("FLOOR", unit, "DATE");
    }
  }

  private static IllegalArgumentException unsupported(String function, int unit, String type) {
    return new IllegalArgumentException(function + " does not support unit " + UNIT_NAMES[unit] + " for " + type);
  }
}
