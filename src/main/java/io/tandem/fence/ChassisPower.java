package io.tandem.fence;

/**
 * What {@code ipmitool chassis power status} says, read from its output alone (no I/O here).
 * ipmitool 1.8 prints exactly one line, {@code Chassis Power is on} or {@code Chassis Power is
 * off} (see {@code test-hardware/ipmi/recorded/}); anything else is {@link #UNKNOWN}, never
 * taken for off.
 */
public enum ChassisPower {
  ON,
  OFF,
  UNKNOWN;

  private static final String PREFIX = "Chassis Power is ";

  /** Parses the standard output of {@code chassis power status}. */
  public static ChassisPower parseStatus(String stdout) {
    ChassisPower found = UNKNOWN;
    for (String raw : stdout.split("\n")) {
      String line = raw.strip();
      if (!line.startsWith(PREFIX)) {
        continue;
      }
      ChassisPower state = switch (line.substring(PREFIX.length())) {
        case "on" -> ON;
        case "off" -> OFF;
        default -> UNKNOWN;
      };
      if (state == UNKNOWN || (found != UNKNOWN && found != state)) {
        return UNKNOWN; // an unknown word, or both on and off: trust neither
      }
      found = state;
    }
    return found;
  }

  /**
   * Whether the output of {@code chassis power off} acknowledges the request ({@code Chassis
   * Power Control: Down/Off}). Only the status confirms the power is off; this is for messages.
   */
  public static boolean acknowledgesOff(String stdout) {
    return stdout.contains("Chassis Power Control: Down/Off");
  }
}
