package io.tandem.hardware.sim;

import io.tandem.hardware.sim.Enclosure.Smart;
import java.util.List;
import java.util.Locale;

/**
 * One SMART input set by name ({@code tandem sim smart set BAY NAME VALUE}): {@code
 * reallocated}, {@code pending}, {@code uncorrectable}, {@code crc}, {@code temperature},
 * {@code power-on-hours}, {@code errors} (error log entries), {@code health} ({@code passed} or
 * {@code failed}), {@code standby} ({@code on} or {@code off}), and for NVMe {@code
 * critical-warning} (bits, {@code 0x04} or {@code 4}), {@code spare}, {@code used}, {@code
 * media-errors}.
 */
public final class SmartSetting {
  /** The names {@link #apply} takes. */
  public static final List<String> NAMES = List.of("reallocated", "pending", "uncorrectable",
      "crc", "temperature", "power-on-hours", "errors", "health", "standby", "critical-warning",
      "spare", "used", "media-errors");

  private SmartSetting() {}

  /** {@code smart} with {@code name} set to {@code value}. */
  public static Smart apply(Smart s, String name, String value) {
    String key = name.toLowerCase(Locale.ROOT);
    return switch (key) {
      case "health" -> new Smart(word(value, "passed", "failed"), s.temperatureC(),
          s.powerOnHours(), s.reallocated(), s.pending(), s.uncorrectable(), s.crcErrors(),
          s.errorLog(), s.standby(), s.criticalWarning(), s.availableSpare(),
          s.percentageUsed(), s.mediaErrors());
      case "standby" -> new Smart(s.passed(), s.temperatureC(), s.powerOnHours(),
          s.reallocated(), s.pending(), s.uncorrectable(), s.crcErrors(), s.errorLog(),
          word(value, "on", "off"), s.criticalWarning(), s.availableSpare(),
          s.percentageUsed(), s.mediaErrors());
      default -> number(s, key, count(name, value));
    };
  }

  private static Smart number(Smart s, String key, long n) {
    return new Smart(s.passed(),
        key.equals("temperature") ? (int) n : s.temperatureC(),
        key.equals("power-on-hours") ? n : s.powerOnHours(),
        key.equals("reallocated") ? n : s.reallocated(),
        key.equals("pending") ? n : s.pending(),
        key.equals("uncorrectable") ? n : s.uncorrectable(),
        key.equals("crc") ? n : s.crcErrors(),
        key.equals("errors") ? n : s.errorLog(),
        s.standby(),
        key.equals("critical-warning") ? (int) n : s.criticalWarning(),
        key.equals("spare") ? (int) n : s.availableSpare(),
        key.equals("used") ? (int) n : s.percentageUsed(),
        key.equals("media-errors") ? n : s.mediaErrors());
  }

  private static long count(String name, String value) {
    if (!NAMES.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("unknown SMART attribute '" + name + "'; one of "
          + String.join(", ", NAMES));
    }
    try {
      long n = Long.decode(value.strip());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes a number of 0 or more, got '" + value
          + "'");
    }
  }

  private static boolean word(String value, String yes, String no) {
    if (value.equalsIgnoreCase(yes)) {
      return true;
    }
    if (value.equalsIgnoreCase(no)) {
      return false;
    }
    throw new IllegalArgumentException("expected " + yes + " or " + no + ", got '" + value + "'");
  }
}
