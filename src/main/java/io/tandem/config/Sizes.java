package io.tandem.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes as written in config files: a whole number with an optional binary multiple
 * {@code K}, {@code M}, {@code G} or {@code T} (K = 1024), optionally followed by {@code B} or
 * {@code iB}, in any case: {@code 512}, {@code 64K}, {@code 50M}, {@code 1GiB}, {@code 2TB}.
 * {@code MB} means the same as {@code MiB}: disk and mail sizes here are always binary, and two
 * meanings of one letter would only invite mistakes. Stateless and thread-safe.
 */
public final class Sizes {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(?:([KMGT])(?:I?B)?|B)?", Pattern.CASE_INSENSITIVE);
  private static final String MULTIPLES = "KMGT";
  private static final String EXPECTED = "expected a size such as 50M";

  private Sizes() {}

  /**
   * Parses text such as {@code 50M} into bytes.
   *
   * @throws IllegalArgumentException with an operator-facing reason, such as {@code expected a
   *     size such as 50M, got '50 apples'}
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(EXPECTED + ", got " + Quoted.of(text));
    }
    String multiple = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
    int shift = multiple.isEmpty() ? 0 : 10 * (1 + MULTIPLES.indexOf(multiple));
    try {
      long amount = Long.parseLong(m.group(1));
      if (amount > Long.MAX_VALUE >> shift) {
        throw new NumberFormatException("overflow");
      }
      return amount << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(EXPECTED + ", got " + Quoted.of(text) + " (too large)");
    }
  }

  /**
   * Formats in the largest exact multiple, so that {@link #parse} reads it back: 52 428 800 is
   * {@code 50M}, 1000 is {@code 1000}.
   */
  public static String format(long bytes) {
    if (bytes == 0) {
      return "0";
    }
    for (int i = MULTIPLES.length(); i > 0; i--) {
      long unit = 1L << (10 * i);
      if (bytes % unit == 0) {
        return bytes / unit + String.valueOf(MULTIPLES.charAt(i - 1));
      }
    }
    return Long.toString(bytes);
  }
}
