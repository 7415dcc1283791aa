package io.tandem.hardware.ipmi;

import io.tandem.hardware.PsuState;
import java.util.Locale;
import java.util.Optional;

/**
 * The states a Power Supply sensor (IPMI sensor type 0x08, sensor-specific readings) can assert,
 * in the words ipmitool 1.8 prints for them (its {@code lib/ipmi_sel.c} table), with the {@link
 * PsuState} each one means. Words are compared without regard to case (BMCs and tool versions
 * differ: "AC lost", "AC Lost").
 */
enum PsuCondition {
  PRESENCE(0, "Presence detected", PsuState.OK),
  FAILURE(1, "Failure detected", PsuState.FAILED),
  PREDICTIVE_FAILURE(2, "Predictive failure", PsuState.PREDICTIVE_FAILURE),
  AC_LOST(3, "Power Supply AC lost", PsuState.AC_LOST),
  AC_LOST_OR_OUT_OF_RANGE(4, "AC lost or out-of-range", PsuState.AC_LOST),
  AC_OUT_OF_RANGE(5, "AC out-of-range, but present", PsuState.AC_LOST),
  /** Also with a detail: "Config Error: Vendor Mismatch", "...: Power Supply Rating Mismatch". */
  CONFIG_ERROR(6, "Config Error", PsuState.FAILED),
  /** Not supplying power (off, or a cold spare): not counted as healthy. */
  INACTIVE(7, "Power Supply Inactive", PsuState.UNKNOWN);

  /** The offset of the state bit in the sensor reading. */
  final int offset;
  /** ipmitool's words. */
  final String words;
  /** What it means for the supply when asserted (PRESENCE alone: ok). */
  final PsuState meaning;

  PsuCondition(int offset, String words, PsuState meaning) {
    this.offset = offset;
    this.words = words;
    this.meaning = meaning;
  }

  /** The condition {@code text} names (case-insensitive), or empty when it names none. */
  static Optional<PsuCondition> of(String text) {
    String key = text.strip().toLowerCase(Locale.ROOT);
    for (PsuCondition condition : values()) {
      String known = condition.words.toLowerCase(Locale.ROOT);
      if (key.equals(known) || (condition == CONFIG_ERROR && key.startsWith(known + ":"))) {
        return Optional.of(condition);
      }
    }
    // Older tools and some BMC firmware print these shorter or longer forms.
    return switch (key) {
      case "ac lost" -> Optional.of(AC_LOST);
      case "power supply failure detected" -> Optional.of(FAILURE);
      default -> Optional.empty();
    };
  }
}
