package io.tandem.hardware;

import io.tandem.alert.Alert.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What in a hardware snapshot an operator must hear about (pure): each condition with a stable
 * key, a severity and a message that says what, where (bay and serial, never a kernel name
 * alone) and what to do. The monitor debounces them before they become alerts.
 */
public final class HardwareConditions {
  /** Alert keys start with this. */
  public static final String PREFIX = "hardware.";

  private HardwareConditions() {}

  /** One condition that holds now. */
  public record Condition(String key, Severity severity, String message) {}

  /** The conditions of {@code snapshot}. */
  public static List<Condition> evaluate(HardwareSnapshot snapshot) {
    List<Condition> conditions = new ArrayList<>();
    List<Disk> disks = snapshot.disks().value() == null ? List.of() : snapshot.disks().value();
    Map<String, Disk> byDevice = disks.stream().filter(d -> d.device() != null)
        .collect(Collectors.toMap(Disk::device, Function.identity(), (a, b) -> a));
    if (snapshot.arrays().value() != null) {
      for (MdArray array : snapshot.arrays().value()) {
        array(array, byDevice).ifPresent(conditions::add);
      }
    }
    for (Disk disk : disks) {
      disk(disk).ifPresent(conditions::add);
    }
    if (snapshot.psus().value() != null) {
      for (Psu psu : snapshot.psus().value()) {
        psu(psu).ifPresent(conditions::add);
      }
    }
    source("arrays", "the md arrays", snapshot.arrays()).ifPresent(conditions::add);
    source("disks", "the disks", snapshot.disks()).ifPresent(conditions::add);
    source("psus", "the power supplies", snapshot.psus()).ifPresent(conditions::add);
    if (snapshot.storeArray().problem() != null
        && !snapshot.storeArray().problem().equals("not read yet")) {
      conditions.add(new Condition(PREFIX + "store-not-on-raid", Severity.WARNING,
          "The mail store is not on an md RAID array (" + snapshot.storeArray().problem()
              + "): one disk failure would lose mail. Mount the RAID array at store.root"));
    }
    return conditions;
  }

  private static java.util.Optional<Condition> array(MdArray array,
      Map<String, Disk> byDevice) {
    String key = PREFIX + "array." + array.name();
    String name = array.name() + (array.level().isEmpty() ? "" : " (" + array.level() + ")");
    long inSync = array.members().stream().filter(m -> m.state() == MemberState.IN_SYNC)
        .count();
    return switch (array.state()) {
      case DEGRADED -> java.util.Optional.of(new Condition(key, Severity.CRITICAL, name
          + " is degraded: " + inSync + " of " + array.raidDisks() + " members in sync"
          + problemMembers(array, byDevice) + ". Another failure may lose data: replace the"
          + " disk ('tandem hotswap plan disk BAY' says which is safe to pull)"));
      case RECOVERING -> java.util.Optional.of(new Condition(key, Severity.WARNING, name
          + " is rebuilding" + rebuildingOnto(array, byDevice) + progress(array.sync())
          + "; it has no redundancy until then"));
      case FAILED -> java.util.Optional.of(new Condition(key, Severity.CRITICAL, name
          + " has failed: too few members are left to hold its data" + problemMembers(array,
              byDevice) + ". Do not pull any disk; call for support"));
      case INACTIVE -> java.util.Optional.of(new Condition(key, Severity.CRITICAL, name
          + " is inactive (assembled but not started): its data is not available"));
      default -> java.util.Optional.empty();
    };
  }

  private static String problemMembers(MdArray array, Map<String, Disk> byDevice) {
    List<String> parts = new ArrayList<>();
    for (MdArray.MdMember member : array.members()) {
      if (member.state() == MemberState.FAULTY) {
        parts.add("faulty: " + where(member.device(), byDevice));
      } else if (member.state() == MemberState.REMOVED) {
        parts.add("missing: slot " + member.slot());
      }
    }
    return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
  }

  private static String rebuildingOnto(MdArray array, Map<String, Disk> byDevice) {
    return array.members().stream().filter(m -> m.state() == MemberState.REBUILDING)
        .map(m -> " onto " + where(m.device(), byDevice)).findFirst().orElse("");
  }

  private static String progress(MdArray.MdSync sync) {
    if (sync.percent() < 0) {
      return "";
    }
    String eta = sync.etaSeconds() < 0 ? ""
        : ", about " + Math.max(1, Math.round(sync.etaSeconds() / 60.0)) + " min left";
    return ": " + String.format(Locale.ROOT, "%.1f", sync.percent()) + " %" + eta;
  }

  /** "bay 2, serial X (sdb1)" for a member's device, or the device alone when unplaced. */
  static String where(String device, Map<String, Disk> byDevice) {
    if (device == null) {
      return "an empty slot";
    }
    Disk disk = byDevice.get(wholeDisk(device));
    return disk == null ? device : disk.label().replace("(" + disk.device() + ")",
        "(" + device + ")");
  }

  /** The whole disk a partition belongs to: sdb1 to sdb, nvme0n1p2 to nvme0n1. */
  public static String wholeDisk(String device) {
    if (device.matches("nvme\\d+n\\d+p\\d+")) {
      return device.substring(0, device.lastIndexOf('p'));
    }
    return device.replaceFirst("^([a-z]+[a-z])\\d+$", "$1");
  }

  private static java.util.Optional<Condition> disk(Disk disk) {
    if (disk.device() == null) {
      return java.util.Optional.empty();
    }
    String key = PREFIX + "disk." + (disk.serial().isEmpty() ? disk.device() : disk.serial());
    String why = disk.reasons().isEmpty() ? "" : ": " + String.join("; ", disk.reasons());
    return switch (disk.health()) {
      case FAILING -> java.util.Optional.of(new Condition(key, Severity.CRITICAL, "The disk in "
          + disk.label() + " is failing" + why + ". Replace it"));
      case WARNING -> java.util.Optional.of(new Condition(key, Severity.WARNING, "The disk in "
          + disk.label() + " needs watching" + why));
      default -> java.util.Optional.empty();
    };
  }

  private static java.util.Optional<Condition> psu(Psu psu) {
    String key = PREFIX + "psu." + psu.id();
    String detail = psu.detail().isEmpty() ? "" : " (" + psu.sensor() + ": " + psu.detail()
        + ")";
    String one = "; the appliance runs on one supply";
    return switch (psu.state()) {
      case FAILED -> java.util.Optional.of(new Condition(key, Severity.CRITICAL,
          "Power supply " + psu.id() + " has failed" + detail + one + ": replace it"));
      case AC_LOST -> java.util.Optional.of(new Condition(key, Severity.CRITICAL,
          "Power supply " + psu.id() + " has lost AC power" + detail + one
              + ": check its cord and circuit"));
      case ABSENT -> java.util.Optional.of(new Condition(key, Severity.CRITICAL,
          "Power supply " + psu.id() + " is not present" + detail + one + ": insert one"));
      case PREDICTIVE_FAILURE -> java.util.Optional.of(new Condition(key, Severity.WARNING,
          "Power supply " + psu.id() + " predicts its failure" + detail
              + ": plan its replacement"));
      default -> java.util.Optional.empty();
    };
  }

  private static java.util.Optional<Condition> source(String part, String what,
      Reading<?> reading) {
    if (reading.problem() == null || reading.problem().equals("not read yet")
        || reading.problem().startsWith("not configured")) {
      return java.util.Optional.empty();
    }
    String last = reading.readAt() == null ? "never read" : "last read at " + reading.readAt();
    return java.util.Optional.of(new Condition(PREFIX + "source." + part, Severity.WARNING,
        "Cannot read " + what + ": " + reading.problem() + ". Their state is unknown (" + last
            + ")"));
  }
}
