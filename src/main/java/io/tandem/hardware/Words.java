package io.tandem.hardware;

import java.util.Locale;

/** The status word of an enum constant: lower case, as DESIGN.md §4 spells it. */
final class Words {
  private Words() {}

  static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }
}
