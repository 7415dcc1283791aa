package io.tandem.hardware.sim;

import static io.tandem.hardware.sim.SmartctlRenderer.ordered;

import io.tandem.hardware.sim.Enclosure.Disk;
import io.tandem.hardware.sim.Enclosure.Kind;
import io.tandem.hardware.sim.Enclosure.Smart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SATA part of {@code smartctl -a -j}: identity, SMART status, the attribute table (1, 5,
 * 9, 12, 187, 194, 197, 198, 199, flags as smartctl prints them), temperature, error and
 * self-test log summaries. Attribute 5's normalized value falls by one per 40 reallocated
 * sectors and fails ("now") at its threshold of 10, which also fails the drive's status.
 */
final class SmartctlAtaPart {
  private static final int REALLOCATED_THRESHOLD = 10;
  private static final int REALLOCATED_PER_POINT = 40;
  private static final int POWER_CYCLES = 41;

  private SmartctlAtaPart() {}

  /** Fills {@code root} for {@code disk}; returns the exit status. */
  static int fill(Map<String, Object> root, Disk disk) {
    Smart smart = disk.smart();
    root.put("model_name", disk.model());
    root.put("serial_number", disk.serial());
    root.put("wwn", ordered("naa", 5, "oui", 0x000c50, "id",
        SmartctlRenderer.wwnId(disk.serial())));
    root.put("firmware_version", SmartctlRenderer.firmware(Kind.ATA));
    root.put("user_capacity", SmartctlRenderer.capacity(disk.sizeBytes() / 512,
        disk.sizeBytes()));
    root.put("logical_block_size", 512);
    root.put("physical_block_size", 4096);
    root.put("rotation_rate", 7200);
    root.put("form_factor", ordered("ata_value", 2, "name", "3.5 inches"));
    root.put("trim", ordered("supported", false));
    root.put("in_smartctl_database", false);
    root.put("ata_version", ordered("string", "ACS-4 (minor revision not indicated)",
        "major_value", 4064, "minor_value", 65535));
    root.put("sata_version", ordered("string", "SATA 3.3", "value", 511));
    Map<String, Object> speed = ordered("sata_value", 14, "string", "6.0 Gb/s",
        "units_per_second", 60, "bits_per_unit", 100000000);
    root.put("interface_speed", ordered("max", speed, "current", speed));
    root.put("smart_support", ordered("available", true, "enabled", true));
    int reallocatedValue = (int) (100 - Math.min(99, smart.reallocated() / REALLOCATED_PER_POINT));
    boolean prefailNow = reallocatedValue <= REALLOCATED_THRESHOLD;
    boolean passed = smart.passed() && !prefailNow;
    root.put("smart_status", ordered("passed", passed));
    root.put("ata_smart_data", ordered(
        "offline_data_collection", ordered("status", ordered("value", 130, "string",
            "was completed without error", "passed", true), "completion_seconds", 567),
        "self_test", ordered("status", ordered("value", 0, "string",
            "completed without error", "passed", true), "polling_minutes",
            ordered("short", 1, "extended", 400))));
    root.put("ata_smart_attributes", ordered("revision", 10, "table", table(smart,
        reallocatedValue)));
    root.put("power_on_time", ordered("hours", smart.powerOnHours()));
    root.put("power_cycle_count", POWER_CYCLES);
    root.put("temperature", ordered("current", smart.temperatureC()));
    root.put("ata_smart_error_log", ordered("summary",
        ordered("revision", 1, "count", smart.errorLog())));
    root.put("ata_smart_self_test_log", ordered("standard",
        ordered("revision", 1, "count", 0)));
    return (passed ? 0 : SmartctlRenderer.EXIT_FAILING)
        | (prefailNow ? SmartctlRenderer.EXIT_PREFAIL_NOW : 0)
        | (smart.errorLog() > 0 ? SmartctlRenderer.EXIT_ERROR_LOG : 0);
  }

  private static List<Object> table(Smart smart, int reallocatedValue) {
    List<Object> table = new ArrayList<>();
    table.add(attribute(1, "Raw_Read_Error_Rate", 80, 44, 0x000f, 0, "0"));
    table.add(attribute(5, "Reallocated_Sector_Ct", reallocatedValue, REALLOCATED_THRESHOLD,
        0x0033, smart.reallocated(), String.valueOf(smart.reallocated())));
    table.add(attribute(9, "Power_On_Hours", 99, 0, 0x0032, smart.powerOnHours(),
        String.valueOf(smart.powerOnHours())));
    table.add(attribute(12, "Power_Cycle_Count", 100, 20, 0x0032, POWER_CYCLES,
        String.valueOf(POWER_CYCLES)));
    table.add(attribute(187, "Reported_Uncorrect", 100, 0, 0x0032, smart.uncorrectable(),
        String.valueOf(smart.uncorrectable())));
    table.add(attribute(194, "Temperature_Celsius", smart.temperatureC(), 0, 0x0022,
        smart.temperatureC(), smart.temperatureC() + " (0 18 0 0 0)"));
    table.add(attribute(197, "Current_Pending_Sector", 100, 0, 0x0012, smart.pending(),
        String.valueOf(smart.pending())));
    table.add(attribute(198, "Offline_Uncorrectable", 100, 0, 0x0010, smart.uncorrectable(),
        String.valueOf(smart.uncorrectable())));
    table.add(attribute(199, "UDMA_CRC_Error_Count", 200, 0, 0x003e, smart.crcErrors(),
        String.valueOf(smart.crcErrors())));
    return table;
  }

  private static Map<String, Object> attribute(int id, String name, int value, int thresh,
      int flags, long raw, String rawText) {
    Map<String, Object> attribute = new LinkedHashMap<>();
    attribute.put("id", id);
    attribute.put("name", name);
    attribute.put("value", value);
    attribute.put("worst", value);
    attribute.put("thresh", thresh);
    attribute.put("when_failed", thresh > 0 && value <= thresh ? "now" : "");
    attribute.put("flags", ordered("value", flags, "string", flagString(flags),
        "prefailure", (flags & 0x01) != 0, "updated_online", (flags & 0x02) != 0,
        "performance", (flags & 0x04) != 0, "error_rate", (flags & 0x08) != 0,
        "event_count", (flags & 0x10) != 0, "auto_keep", (flags & 0x20) != 0));
    attribute.put("raw", ordered("value", raw, "string", rawText));
    return attribute;
  }

  /** {@code PO--CK }: one letter per flag bit, then a space, as smartctl prints it. */
  private static String flagString(int flags) {
    String letters = "POSRCK";
    StringBuilder text = new StringBuilder();
    for (int bit = 0; bit < letters.length(); bit++) {
      text.append((flags & (1 << bit)) != 0 ? letters.charAt(bit) : '-');
    }
    return text.append(' ').toString();
  }
}
