package io.tandem.hardware;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The hardware parts of the status JSON (DESIGN.md §4): {@code arrays}, {@code disks}, {@code
 * psus}, and a {@code hardware} object with when each part was read and what could not be.
 * Pure.
 */
public final class HardwareStatus {
  private HardwareStatus() {}

  /** The {@code arrays} list; empty when never read. */
  public static List<Map<String, Object>> arrays(HardwareSnapshot snapshot) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (snapshot.arrays().value() == null) {
      return out;
    }
    Map<String, Disk> byDevice = byDevice(snapshot);
    for (MdArray array : snapshot.arrays().value()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("name", array.name());
      item.put("level", array.level());
      item.put("state", array.state().word());
      List<Map<String, Object>> members = new ArrayList<>();
      for (MdArray.MdMember member : array.members()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", member.device());
        Disk disk = member.device() == null ? null
            : byDevice.get(HardwareConditions.wholeDisk(member.device()));
        m.put("bay", disk == null ? null : disk.bay());
        m.put("state", member.state().word());
        members.add(m);
      }
      item.put("members", members);
      Map<String, Object> sync = new LinkedHashMap<>();
      sync.put("action", array.sync().action().word());
      sync.put("percent", array.sync().percent() < 0 ? null : array.sync().percent());
      sync.put("eta_s", array.sync().etaSeconds() < 0 ? null : array.sync().etaSeconds());
      item.put("sync", sync);
      out.add(item);
    }
    return out;
  }

  /** The {@code disks} list; empty when never read. */
  public static List<Map<String, Object>> disks(HardwareSnapshot snapshot) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (snapshot.disks().value() == null) {
      return out;
    }
    for (Disk disk : snapshot.disks().value()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("device", disk.device());
      item.put("bay", disk.bay());
      item.put("model", disk.model());
      item.put("serial", disk.serial());
      item.put("size_bytes", disk.sizeBytes());
      item.put("health", disk.health().word());
      item.put("reasons", disk.reasons());
      item.put("temperature_c", disk.temperatureC());
      out.add(item);
    }
    return out;
  }

  /** The {@code psus} list; empty when never read or not configured. */
  public static List<Map<String, Object>> psus(HardwareSnapshot snapshot) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (snapshot.psus().value() == null) {
      return out;
    }
    for (Psu psu : snapshot.psus().value()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", psu.id());
      item.put("state", psu.state().word());
      item.put("sensor", psu.sensor());
      item.put("detail", psu.detail());
      out.add(item);
    }
    return out;
  }

  /** The {@code hardware} object: mode, and per part when it was read and any problem. */
  public static Map<String, Object> summary(String mode, HardwareSnapshot snapshot) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", mode);
    out.put("arrays", part(snapshot.arrays()));
    out.put("disks", part(snapshot.disks()));
    out.put("psus", part(snapshot.psus()));
    Map<String, Object> sensors = part(snapshot.sensors());
    if (snapshot.sensors().value() != null) {
      sensors.put("cpu_temperature_c", snapshot.sensors().value().cpuTemperatureC());
      sensors.put("fan_rpm", snapshot.sensors().value().fanRpm());
    }
    out.put("sensors", sensors);
    Map<String, Object> store = part(snapshot.storeArray());
    store.put("array", snapshot.storeArray().value());
    out.put("store_array", store);
    return out;
  }

  private static Map<String, Object> part(Reading<?> reading) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("read_at", reading.readAt() == null ? null : reading.readAt().toString());
    out.put("problem", reading.problem());
    return out;
  }

  private static Map<String, Disk> byDevice(HardwareSnapshot snapshot) {
    if (snapshot.disks().value() == null) {
      return Map.of();
    }
    return snapshot.disks().value().stream().filter(d -> d.device() != null)
        .collect(Collectors.toMap(Disk::device, Function.identity(), (a, b) -> a));
  }
}
