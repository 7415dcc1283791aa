package io.tandem.hardware.smart;

import io.tandem.hardware.DiskHealth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the rules found while judging one report: the worst health so far and the reasons, in
 * the order found, each once. Worst first: failing, then unknown (nothing to judge), then
 * warning, then ok.
 */
final class Findings {
  private DiskHealth health = DiskHealth.OK;
  private final Set<String> reasons = new LinkedHashSet<>();

  void failing(String reason) {
    add(DiskHealth.FAILING, reason);
  }

  void warning(String reason) {
    add(DiskHealth.WARNING, reason);
  }

  void unknown(String reason) {
    add(DiskHealth.UNKNOWN, reason);
  }

  private void add(DiskHealth level, String reason) {
    if (rank(level) > rank(health)) {
      health = level;
    }
    reasons.add(reason);
  }

  private static int rank(DiskHealth health) {
    return switch (health) {
      case OK -> 0;
      case WARNING -> 1;
      case UNKNOWN -> 2;
      case FAILING -> 3;
    };
  }

  DiskHealth health() {
    return health;
  }

  List<String> reasons() {
    return new ArrayList<>(reasons);
  }

  /** "1 sector", "3 sectors": a count with its noun in the right number. */
  static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
