package io.tandem.hardware.ipmi;

import java.util.Locale;
import java.util.Optional;

/**
 * What the BMC's power-supply redundancy sensor says (IPMI generic event type 0x0B, in the
 * words ipmitool prints); {@link #NOT_REPORTED} when the BMC has no such sensor, {@link
 * #UNKNOWN} when it has one that cannot be read or says what is not known here.
 */
public enum Redundancy {
  FULLY_REDUNDANT,
  /** "Non-Redundant: Sufficient from Redundant|Insufficient": enough power, no spare. */
  NON_REDUNDANT,
  /** "Redundancy Degraded" (also "... from Fully Redundant|Non-Redundant"). */
  DEGRADED,
  LOST,
  /** "Non-Redundant: Insufficient Resources": not even enough power. */
  INSUFFICIENT,
  UNKNOWN,
  NOT_REPORTED;

  /** The word in the status: {@code fully_redundant}, {@code lost}, ... */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** How pressing, for picking the worst of several: higher is worse. */
  int urgency() {
    return switch (this) {
      case NOT_REPORTED -> 0;
      case FULLY_REDUNDANT -> 1;
      case UNKNOWN -> 2;
      case NON_REDUNDANT -> 3;
      case DEGRADED -> 4;
      case LOST -> 5;
      case INSUFFICIENT -> 6;
    };
  }

  /** The state ipmitool's {@code text} names (case-insensitive), if it is a redundancy state. */
  static Optional<Redundancy> of(String text) {
    String key = text.strip().toLowerCase(Locale.ROOT);
    if (key.equals("fully redundant")) {
      return Optional.of(FULLY_REDUNDANT);
    } else if (key.equals("redundancy lost")) {
      return Optional.of(LOST);
    } else if (key.startsWith("redundancy degraded")) {
      return Optional.of(DEGRADED);
    } else if (key.equals("non-redundant: insufficient resources")) {
      return Optional.of(INSUFFICIENT);
    } else if (key.startsWith("non-redundant: sufficient")) {
      return Optional.of(NON_REDUNDANT);
    }
    return Optional.empty();
  }
}
