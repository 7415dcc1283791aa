package io.tandem.hardware.sim;

import io.tandem.hardware.sim.Enclosure.PowerSupply;
import io.tandem.hardware.sim.Enclosure.SelEntry;
import java.util.Locale;

/**
 * What ipmitool 1.8.19 prints of the simulated BMC:
 *
 * <ul>
 *   <li>{@code sdr type "Power Supply"}: one line per supply, {@code NAME(16) | NNh | ok  |
 *       10.N | states}; sensor 0x02 + N - 1, entity 10 (power supply), instance N; the states
 *       asserted ({@code Presence detected}, {@code Failure detected}, {@code Predictive
 *       failure}, {@code Power Supply AC lost}) joined by {@code ", "}, empty when absent:
 *       <pre>
 * PSU1 Status      | 02h | ok  | 10.1 | Presence detected
 * PSU2 Status      | 03h | ok  | 10.2 | Presence detected, Power Supply AC lost</pre>
 *   <li>{@code sel add FILE}: each event echoed as ipmitool's {@code sel list} prints a
 *       record before adding it (record id 0, no time yet), e.g. {@code    0 |  Pre-Init
 *       |0000000000| Power Supply #0x02 | Failure detected | Asserted}.
 * </ul>
 */
public final class IpmitoolRenderer {
  private static final int FIRST_PSU_SENSOR = 0x02;
  private static final int ENTITY_POWER_SUPPLY = 10;

  private IpmitoolRenderer() {}

  /** {@code sdr type "Power Supply"}. */
  public static String sdrPowerSupplies(Enclosure enclosure) {
    StringBuilder out = new StringBuilder();
    for (PowerSupply psu : enclosure.psus()) {
      out.append(String.format(Locale.ROOT, "%-16s | %02Xh | %-3s | %2d.%d | %s\n",
          "PSU" + psu.number() + " Status", FIRST_PSU_SENSOR + psu.number() - 1, "ok",
          ENTITY_POWER_SUPPLY, psu.number(), states(psu)));
    }
    return out.toString();
  }

  /** The sensor number of power supply {@code number}. */
  public static int psuSensor(int number) {
    return FIRST_PSU_SENSOR + number - 1;
  }

  /** The states the supply's sensor asserts, as ipmitool words them. */
  static String states(PowerSupply psu) {
    return switch (psu.status()) {
      case OK -> "Presence detected";
      case FAILED -> "Presence detected, Failure detected";
      case PREDICTIVE -> "Presence detected, Predictive failure";
      case AC_LOST -> "Presence detected, Power Supply AC lost";
      case ABSENT -> "";
    };
  }

  /** The line {@code sel add} prints for {@code entry} before adding it. */
  static String selEcho(SelEntry entry) {
    String[] bytes = entry.data().split("\\s+");
    int sensorType = Integer.decode(bytes[1]);
    int sensor = Integer.decode(bytes[2]);
    int typeAndDir = Integer.decode(bytes[3]);
    int offset = Integer.decode(bytes[4]) & 0x0f;
    return String.format(Locale.ROOT, "   0 |  Pre-Init  |0000000000| %s #0x%02x | %s | %s\n",
        sensorTypeName(sensorType), sensor, eventText(sensorType, typeAndDir & 0x7f, offset),
        (typeAndDir & 0x80) != 0 ? "Deasserted" : "Asserted");
  }

  private static String sensorTypeName(int type) {
    return switch (type) {
      case 0x01 -> "Temperature";
      case 0x08 -> "Power Supply";
      case 0x0d -> "Drive Slot / Bay";
      case 0x12 -> "System Event";
      default -> String.format(Locale.ROOT, "Unknown #0x%02x", type);
    };
  }

  private static String eventText(int sensorType, int eventType, int offset) {
    if (eventType != 0x6f) {
      return "State Asserted";
    }
    String[] words = switch (sensorType) {
      case 0x08 -> new String[] {"Presence detected", "Failure detected", "Predictive failure",
          "Power Supply AC lost", "AC lost or out-of-range", "AC out-of-range, but present",
          "Config Error", "Power Supply Inactive"};
      case 0x0d -> new String[] {"Drive Present", "Drive Fault", "Predictive Failure",
          "Hot Spare", "Parity Check In Progress", "In Critical Array", "In Failed Array",
          "Rebuild In Progress", "Rebuild Aborted"};
      case 0x12 -> new String[] {"System Reconfigured", "OEM System boot event",
          "Undetermined system hardware failure", "Entry added to auxiliary log",
          "PEF Action", "Timestamp Clock Sync"};
      default -> new String[0];
    };
    return offset < words.length ? words[offset] : "Unknown";
  }
}
