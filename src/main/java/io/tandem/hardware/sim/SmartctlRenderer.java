package io.tandem.hardware.sim;

import io.tandem.hardware.sim.Enclosure.Bay;
import io.tandem.hardware.sim.Enclosure.Disk;
import io.tandem.hardware.sim.Enclosure.Kind;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code smartctl -a -j [-n standby] /dev/X} (smartmontools 7.3, JSON format 1.0) prints
 * for a simulated disk, and its exit status:
 *
 * <ul>
 *   <li>SATA ({@link SmartctlAtaPart}): {@code device.type "sat"}, attributes 1, 5, 9, 12,
 *       187, 194, 197, 198, 199 from the disk's SMART inputs, {@code smart_status.passed},
 *       {@code temperature.current}, {@code ata_smart_error_log};
 *   <li>NVMe ({@link SmartctlNvmePart}): {@code nvme_smart_health_information_log}, {@code
 *       smart_status.nvme} with the critical warning bits;
 *   <li>a pulled (or unknown) disk: the envelope with {@code "Smartctl open device: /dev/X
 *       failed: No such device"}, exit 2; a sleeping one with {@code -n standby}: {@code
 *       "Device is in STANDBY mode, exit(2)"}, exit 2.
 * </ul>
 *
 * <p>Exit status bits, as smartctl sets them: 2 open failed or standby, 8 SMART status
 * failing, 16 a prefailure attribute at or below its threshold now, 64 error log entries.
 */
public final class SmartctlRenderer {
  static final int EXIT_OPEN_FAILED = 2;
  static final int EXIT_FAILING = 8;
  static final int EXIT_PREFAIL_NOW = 16;
  static final int EXIT_ERROR_LOG = 64;
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy zzz", Locale.ROOT);

  private SmartctlRenderer() {}

  /** What smartctl printed and its exit status. */
  public record Output(String stdout, int exitStatus) {}

  /** The firmware revision the simulated disks of {@code kind} report. */
  static String firmware(Kind kind) {
    return kind == Kind.NVME ? "GDC5602Q" : "SN04";
  }

  /** The 16 hex digits of the disk's WWN (NAA 5, Seagate's OUI, an id from the serial). */
  static String wwnHex(String serial) {
    return String.format(Locale.ROOT, "5%06x%09x", 0x000c50, wwnId(serial));
  }

  static long wwnId(String serial) {
    return (serial.hashCode() & 0xfffffffL) * 7 % 0xfffffffffL;
  }

  /**
   * The output for {@code args} (the words after the program) at {@code now}; the device is
   * the last word ({@code /dev/sda}, {@code /dev/nvme0n1} or {@code /dev/nvme0}).
   */
  public static Output render(Enclosure enclosure, List<String> args, Instant now,
      ZoneId zone) {
    String path = args.isEmpty() ? "" : args.get(args.size() - 1);
    String name = path.replaceFirst("^/dev/", "");
    if (name.matches("nvme\\d+")) {
      name = name + "n1";
    }
    Optional<Bay> bay = find(enclosure, name);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("json_format_version", List.of(1, 0));
    Map<String, Object> envelope = envelope(args);
    root.put("smartctl", envelope);
    root.put("local_time", ordered("time_t", now.getEpochSecond(), "asctime",
        ASCTIME.format(now.atZone(zone.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone))));
    if (bay.isEmpty()) {
      return finish(root, envelope, message("Smartctl open device: " + path
          + " failed: No such device", "error"), EXIT_OPEN_FAILED);
    }
    Disk disk = bay.get().disk();
    root.put("device", device(path, bay.get().kind()));
    if (disk.smart().standby() && standbyAsked(args)) {
      return finish(root, envelope, message("Device is in STANDBY mode, exit(2)",
          "information"), EXIT_OPEN_FAILED);
    }
    int exit = bay.get().kind() == Kind.NVME ? SmartctlNvmePart.fill(root, disk)
        : SmartctlAtaPart.fill(root, disk);
    return finish(root, envelope, null, exit);
  }

  private static Optional<Bay> find(Enclosure enclosure, String name) {
    return enclosure.bays().stream()
        .filter(b -> b.present().map(d -> d.device().equals(name)).orElse(false)).findFirst();
  }

  private static boolean standbyAsked(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String word = args.get(i);
      if ((word.equals("-n") || word.equals("--nocheck")) && i + 1 < args.size()
          && args.get(i + 1).startsWith("standby")) {
        return true;
      }
      if (word.startsWith("--nocheck=standby")) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Object> envelope(List<String> args) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("version", List.of(7, 3));
    envelope.put("pre_release", false);
    envelope.put("svn_revision", "5338");
    envelope.put("platform_info", "x86_64-linux-6.1.0-27-amd64");
    envelope.put("build_info", "(local build)");
    List<String> words = new ArrayList<>();
    words.add("smartctl");
    words.addAll(args);
    envelope.put("argv", words);
    envelope.put("drive_database_version", ordered("string", "7.3/5319"));
    return envelope;
  }

  private static Output finish(Map<String, Object> root, Map<String, Object> envelope,
      Map<String, Object> message, int exit) {
    if (message != null) {
      envelope.put("messages", List.of(message));
    }
    envelope.put("exit_status", exit);
    return new Output(SmartctlJsonWriter.write(root), exit);
  }

  private static Map<String, Object> message(String text, String severity) {
    return ordered("string", text, "severity", severity);
  }

  private static Map<String, Object> device(String path, Kind kind) {
    return ordered("name", path, "info_name", kind == Kind.NVME ? path : path + " [SAT]",
        "type", kind == Kind.NVME ? "nvme" : "sat", "protocol",
        kind == Kind.NVME ? "NVMe" : "ATA");
  }

  static Map<String, Object> capacity(long blocks, long bytes) {
    return ordered("blocks", blocks, "bytes", bytes);
  }

  /** A map of {@code key, value, key, value, ...} in that order. */
  static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
