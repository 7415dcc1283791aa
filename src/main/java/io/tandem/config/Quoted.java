package io.tandem.config;

/** Quotes operator input for error messages, cut short so one bad line cannot flood the log. */
final class Quoted {
  private static final int MAX_SHOWN = 60;

  private Quoted() {}

  static String of(String text) {
    String shown = text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN - 3) + "...";
    return "'" + shown + "'";
  }
}
