package io.tandem.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in config files: a whole number and a unit, {@code ms}, {@code s},
 * {@code m}, {@code h} or {@code d} (lower case, so {@code m} is never mistaken for a month or a
 * megabyte), such as {@code 500ms}, {@code 30s}, {@code 5m}. A bare number is refused: {@code
 * 30} could mean seconds or milliseconds, and guessing wrong by a factor of 1000 is a silent
 * outage. Stateless and thread-safe.
 */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern BARE_NUMBER = Pattern.compile("[+-]?\\d+");
  private static final String EXPECTED = "expected a duration such as 30s";

  /** Largest unit first, so that {@link #format} picks the shortest exact form. */
  private static final String[] UNITS = {"d", "h", "m", "s", "ms"};

  private static final long[] UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};

  private Durations() {}

  /**
   * Parses text such as {@code 30s}.
   *
   * @throws IllegalArgumentException with an operator-facing reason, such as {@code expected a
   *     duration such as 30s, got '30' (units are required: ms, s, m, h or d)}
   */
  public static Duration parse(String text) {
    if (BARE_NUMBER.matcher(text).matches()) {
      throw new IllegalArgumentException(
          EXPECTED + ", got " + Quoted.of(text) + " (units are required: ms, s, m, h or d)");
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          EXPECTED + " (units ms, s, m, h or d), got " + Quoted.of(text));
    }
    try {
      long amount = Long.parseLong(m.group(1));
      for (int i = 0; i < UNITS.length; i++) {
        if (UNITS[i].equals(m.group(2))) {
          return Duration.ofMillis(Math.multiplyExact(amount, UNIT_MILLIS[i]));
        }
      }
      throw new IllegalStateException("unit matched but not listed: " + m.group(2));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(EXPECTED + ", got " + Quoted.of(text) + " (too large)");
    }
  }

  /**
   * Formats in the largest unit that is exact, so that {@link #parse} reads it back: 300 000 ms
   * is {@code 5m}, 1 500 ms is {@code 1500ms}. Sub-millisecond parts are dropped; config values
   * never have them.
   */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0s";
    }
    for (int i = 0; i < UNITS.length; i++) {
      if (millis % UNIT_MILLIS[i] == 0) {
        return millis / UNIT_MILLIS[i] + UNITS[i];
      }
    }
    throw new IllegalStateException("1 ms divides every duration");
  }
}
