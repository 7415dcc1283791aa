package io.tandem.hotswap;

import io.tandem.hardware.Disk;
import io.tandem.hardware.HardwareConditions;
import io.tandem.hardware.MdArray;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the guard names disks and arrays to a technician: by bay and serial, never by a kernel
 * name alone ("bay 2, serial WD-B"; an array as "md0 (raid1)").
 */
final class DiskNames {
  private final Map<String, Disk> byDevice = new HashMap<>();

  DiskNames(List<Disk> disks) {
    for (Disk disk : disks) {
      if (disk.device() != null) {
        byDevice.putIfAbsent(disk.device(), disk);
      }
    }
  }

  /** The disk a member device ({@code sdb1}) sits on, when it is present. */
  Optional<Disk> diskOf(String memberDevice) {
    return memberDevice == null ? Optional.empty()
        : Optional.ofNullable(byDevice.get(HardwareConditions.wholeDisk(memberDevice)));
  }

  /** "bay 2, serial WD-B" for a member device, or "the disk sdq (in no known bay)". */
  String member(String memberDevice) {
    if (memberDevice == null) {
      return "an empty slot";
    }
    return diskOf(memberDevice).map(DiskNames::disk).orElse("the disk "
        + HardwareConditions.wholeDisk(memberDevice) + " (in no known bay)");
  }

  /** "bay 2, serial WD-B". */
  static String disk(Disk disk) {
    String where = disk.bay() != null ? "bay " + disk.bay()
        : "the disk " + disk.device() + " (in no known bay)";
    return disk.serial().isEmpty() ? where : where + ", serial " + disk.serial();
  }

  /** "md0 (raid1)". */
  static String array(MdArray array) {
    return array.name() + (array.level().isEmpty() ? "" : " (" + array.level() + ")");
  }
}
