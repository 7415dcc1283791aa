package io.tandem.hardware;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the disk list together from what each source knows (pure): the disks present (sysfs),
 * the bay of each (config, enclosure), and the last SMART verdict of each. A disk that left its
 * bay empty stays in the list, with no device and its last serial, so that every alert and
 * prompt can still say "bay 3, serial ZL2ABCDE" after it vanished; it goes once another disk
 * sits in that bay.
 */
final class DiskAssembler {
  private DiskAssembler() {}

  /**
   * @param present the disks present now
   * @param bays the bay of each present disk, by kernel name
   * @param smart the last SMART verdict of each disk, by serial (or kernel name when it has
   *     none); absent: never read
   * @param before the list of the previous poll (for disks that left)
   */
  static List<Disk> assemble(List<Sources.DiskIdentity> present, Map<String, Integer> bays,
      Map<String, Sources.SmartVerdict> smart, List<Disk> before) {
    List<Disk> disks = new ArrayList<>();
    Map<Integer, Disk> byBay = new HashMap<>();
    for (Sources.DiskIdentity identity : present) {
      Sources.SmartVerdict verdict = smart.get(key(identity));
      String serial = identity.serial().isEmpty() && verdict != null ? verdict.serial()
          : identity.serial();
      String model = identity.model().isEmpty() && verdict != null ? verdict.model()
          : identity.model();
      Disk disk = new Disk(identity.device(), bays.get(identity.device()), model, serial,
          identity.sizeBytes(), verdict == null ? DiskHealth.UNKNOWN : verdict.health(),
          verdict == null ? List.of("SMART not read yet") : verdict.reasons(),
          verdict == null ? null : verdict.temperatureC());
      disks.add(disk);
      if (disk.bay() != null) {
        byBay.put(disk.bay(), disk);
      }
    }
    for (Disk old : before) {
      if (old.bay() != null && !byBay.containsKey(old.bay()) && !hasSerial(disks, old)) {
        Disk gone = new Disk(null, old.bay(), old.model(), old.serial(), old.sizeBytes(),
            DiskHealth.UNKNOWN, List.of("not in its bay any more"), null);
        disks.add(gone);
        byBay.put(gone.bay(), gone);
      }
    }
    return disks;
  }

  /** How SMART verdicts are keyed: the serial when the disk has one, else the kernel name. */
  static String key(Sources.DiskIdentity identity) {
    return identity.serial().isEmpty() ? identity.device() : identity.serial();
  }

  private static boolean hasSerial(List<Disk> disks, Disk old) {
    return !old.serial().isEmpty()
        && disks.stream().anyMatch(d -> d.serial().equals(old.serial()));
  }
}
