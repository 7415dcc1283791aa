package io.tandem.hotswap;

import java.util.List;

/**
 * One thing the guard found: what it means for the verdict, why in plain words, and what to do
 * about it when it stands in the way (empty for a SAFE finding).
 */
record Finding(Verdict verdict, String reason, List<String> steps) {
  Finding {
    steps = List.copyOf(steps);
  }

  static Finding safe(String reason) {
    return new Finding(Verdict.SAFE, reason, List.of());
  }

  static Finding unsafe(String reason, String... steps) {
    return new Finding(Verdict.UNSAFE, reason, List.of(steps));
  }

  static Finding unknown(String reason, String... steps) {
    return new Finding(Verdict.UNKNOWN, reason, List.of(steps));
  }
}
