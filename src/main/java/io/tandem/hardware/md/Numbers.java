package io.tandem.hardware.md;

/** Number parsing that answers a default instead of throwing: the parsers never throw it. */
final class Numbers {
  private Numbers() {}

  /** {@code text} as a long, or {@code otherwise} when it is not one (or overflows). */
  static long toLong(String text, long otherwise) {
    if (text == null) {
      return otherwise;
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  /** {@code text} as an int, or {@code otherwise}. */
  static int toInt(String text, int otherwise) {
    long value = toLong(text, Long.MIN_VALUE);
    return value < Integer.MIN_VALUE || value > Integer.MAX_VALUE ? otherwise : (int) value;
  }

  /** {@code text} as a finite double, or {@code otherwise}. */
  static double toDouble(String text, double otherwise) {
    if (text == null) {
      return otherwise;
    }
    try {
      double value = Double.parseDouble(text.strip());
      return Double.isFinite(value) ? value : otherwise;
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
