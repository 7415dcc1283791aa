package io.tandem.hardware.sim;

import static io.tandem.hardware.sim.SmartctlRenderer.ordered;

import io.tandem.hardware.sim.Enclosure.Disk;
import io.tandem.hardware.sim.Enclosure.Kind;
import io.tandem.hardware.sim.Enclosure.Smart;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NVMe part of {@code smartctl -a -j}: controller and namespace identity, {@code
 * smart_status} with the critical warning bits spelled out, the SMART/health log. An available
 * spare under its threshold (10 %) sets warning bit 0x01, as the controller does; any warning
 * bit fails the status (exit bit 8).
 */
final class SmartctlNvmePart {
  private static final int SPARE_THRESHOLD = 10;
  private static final String[] WARNING_BITS = {"spare_below_threshold",
      "temperature_above_or_below_threshold", "reliability_degraded", "media_read_only",
      "volatile_memory_backup_failed", "persistent_memory_region_unreliable"};

  private SmartctlNvmePart() {}

  /** Fills {@code root} for {@code disk}; returns the exit status. */
  static int fill(Map<String, Object> root, Disk disk) {
    Smart smart = disk.smart();
    long blocks = disk.sizeBytes() / 512;
    root.put("model_name", disk.model());
    root.put("serial_number", disk.serial());
    root.put("firmware_version", SmartctlRenderer.firmware(Kind.NVME));
    root.put("nvme_pci_vendor", ordered("id", 5197, "subsystem_id", 5197));
    root.put("nvme_ieee_oui_identifier", 9528);
    root.put("nvme_total_capacity", disk.sizeBytes());
    root.put("nvme_unallocated_capacity", 0);
    root.put("nvme_controller_id", 6);
    root.put("nvme_version", ordered("string", "1.4", "value", 66560));
    root.put("nvme_number_of_namespaces", 1);
    root.put("nvme_namespaces", List.of(ordered("id", 1,
        "size", SmartctlRenderer.capacity(blocks, disk.sizeBytes()),
        "capacity", SmartctlRenderer.capacity(blocks, disk.sizeBytes()),
        "utilization", SmartctlRenderer.capacity(blocks / 10, disk.sizeBytes() / 10),
        "formatted_lba_size", 512,
        "eui64", ordered("oui", 9528, "ext_id", SmartctlRenderer.wwnId(disk.serial())))));
    root.put("user_capacity", SmartctlRenderer.capacity(blocks, disk.sizeBytes()));
    root.put("logical_block_size", 512);
    root.put("smart_support", ordered("available", true, "enabled", true));
    int warning = smart.criticalWarning()
        | (smart.availableSpare() < SPARE_THRESHOLD ? 0x01 : 0);
    boolean passed = smart.passed() && warning == 0;
    Map<String, Object> nvmeStatus = new LinkedHashMap<>();
    nvmeStatus.put("value", warning);
    for (int bit = 0; bit < WARNING_BITS.length; bit++) {
      if ((warning & (1 << bit)) != 0) {
        nvmeStatus.put(WARNING_BITS[bit], true);
      }
    }
    root.put("smart_status", ordered("passed", passed, "nvme", nvmeStatus));
    root.put("nvme_smart_health_information_log", healthLog(smart, warning));
    root.put("temperature", ordered("current", smart.temperatureC()));
    root.put("power_cycle_count", 41);
    root.put("power_on_time", ordered("hours", smart.powerOnHours()));
    return (passed ? 0 : SmartctlRenderer.EXIT_FAILING)
        | (smart.errorLog() > 0 ? SmartctlRenderer.EXIT_ERROR_LOG : 0);
  }

  private static Map<String, Object> healthLog(Smart smart, int warning) {
    Map<String, Object> log = new LinkedHashMap<>();
    log.put("critical_warning", warning);
    log.put("temperature", smart.temperatureC());
    log.put("available_spare", smart.availableSpare());
    log.put("available_spare_threshold", SPARE_THRESHOLD);
    log.put("percentage_used", smart.percentageUsed());
    log.put("data_units_read", 18_234_567);
    log.put("data_units_written", 25_345_678);
    log.put("host_reads", 301_234_567);
    log.put("host_writes", 412_345_678);
    log.put("controller_busy_time", 1_234);
    log.put("power_cycles", 41);
    log.put("power_on_hours", smart.powerOnHours());
    log.put("unsafe_shutdowns", 3);
    log.put("media_errors", smart.mediaErrors());
    log.put("num_err_log_entries", smart.errorLog());
    log.put("warning_temp_time", 0);
    log.put("critical_comp_time", 0);
    log.put("temperature_sensors", List.of(smart.temperatureC(), smart.temperatureC() + 4));
    return log;
  }
}
