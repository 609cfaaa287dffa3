package io.sluice.runtime.exec;

import java.time.Duration;
import java.util.Locale;

/** The parser of duration options such as {@code '1 h'}, {@code '30 min'}, {@code '5 s'} or {@code '500 ms'}. */
public final class Durations {
  private Durations() {}

  /**
   * The duration {@code value} names, in milliseconds; 0 when it is null or blank.
   *
   * @param option the option's name, for the error message
   */
  public static long parseMillis(String option, String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    String text = value.trim().toLowerCase(Locale.ROOT);
    int split = 0;
    while (split < text.length() && Character.isDigit(text.charAt(split))) {
      split++;
    }
    String unit = text.substring(split).trim();
    try {
      long amount = Long.parseLong(text.substring(0, split));
      Duration duration = switch (unit) {
        case "ms", "milli", "millis", "millisecond", "milliseconds" -> Duration.ofMillis(amount);
        case "s", "sec", "second", "seconds" -> Duration.ofSeconds(amount);
        case "min", "minute", "minutes" -> Duration.ofMinutes(amount);
        case "h", "hour", "hours" -> Duration.ofHours(amount);
        case "d", "day", "days" -> Duration.ofDays(amount);
        default -> throw new NumberFormatException(unit);
      };
      return duration.toMillis();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("Option '" + option
          + "' must be a duration such as '1 h', '30 min', '10 s' or '500 ms', not '" + value + "'", e);
    }
  }
}
