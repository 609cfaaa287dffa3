package io.sluice.runtime.batch;

/**
 * Calendar arithmetic on the runtime's temporal representations (days since the epoch,
 * milliseconds of the day, epoch milliseconds without zone), allocation-free.
 */
public final class DateTimes {
  public static final long MILLIS_PER_DAY = 86_400_000L;

  private DateTimes() {}

  /** Days since 1970-01-01 of a proleptic Gregorian date (month and day 1-based). */
  public static long daysFromCivil(long year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    int shiftedMonth = month > 2 ? month - 3 : month + 9;
    long dayOfYear = (153L * shiftedMonth + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  /** Writes {@code yyyy-MM-dd} for days since the epoch. */
  public static void appendDate(StringBuilder out, long epochDay) {
    long z = epochDay + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    long day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    long month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year >= 0 && year < 1000) {
      pad(out, year, 4);
    } else {
      out.append(year);
    }
    out.append('-');
    pad(out, month, 2);
    out.append('-');
    pad(out, day, 2);
  }

  /** Writes {@code HH:mm:ss} and, for {@code precision > 0}, that many fraction digits. */
  public static void appendTime(StringBuilder out, long millisOfDay, int precision) {
    pad(out, millisOfDay / 3_600_000, 2);
    out.append(':');
    pad(out, millisOfDay / 60_000 % 60, 2);
    out.append(':');
    pad(out, millisOfDay / 1000 % 60, 2);
    if (precision > 0) {
      out.append('.');
      StringBuilder fraction = new StringBuilder(9);
      pad(fraction, millisOfDay % 1000, 3);
      while (fraction.length() < precision) {
        fraction.append('0');
      }
      out.append(fraction, 0, precision);
    }
  }

  /** Writes {@code yyyy-MM-dd HH:mm:ss[.f...]} for epoch milliseconds. */
  public static void appendTimestamp(StringBuilder out, long epochMillis, int precision) {
    appendDate(out, Math.floorDiv(epochMillis, MILLIS_PER_DAY));
    out.append(' ');
    appendTime(out, Math.floorMod(epochMillis, MILLIS_PER_DAY), precision);
  }

  private static void pad(StringBuilder out, long value, int width) {
    String digits = Long.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    out.append(digits);
  }
}
