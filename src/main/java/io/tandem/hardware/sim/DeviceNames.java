package io.tandem.hardware.sim;

import io.tandem.hardware.sim.Enclosure.Kind;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kernel names and device numbers of the simulated disks, as Linux gives them: {@code sda},
 * {@code sdb}, ... (major 8, 16 minors each) and {@code nvme0n1}, ... (major 259). A new disk
 * takes the lowest name no disk still holds: a pulled disk md still holds keeps its name until
 * it is removed from the array, as the kernel keeps the name until the last user lets go.
 */
public final class DeviceNames {
  private static final int SD_MAJOR = 8;
  private static final int NVME_MAJOR = 259;
  private static final int MINORS_PER_NVME = 16;
  private static final Pattern BLOCK = Pattern.compile("(sd[a-z]+|nvme\\d+n1)p?(\\d*)");

  private DeviceNames() {}

  /** The name the next disk of {@code kind} gets. */
  public static String next(Enclosure enclosure, Kind kind) {
    Set<String> taken = new HashSet<>();
    for (Enclosure.Bay bay : enclosure.bays()) {
      if (bay.disk() != null && (bay.disk().present() || heldByArray(enclosure, bay.disk()))) {
        taken.add(bay.disk().device());
      }
    }
    for (int index = 0; ; index++) {
      String name = name(kind, index);
      if (!taken.contains(name)) {
        return name;
      }
    }
  }

  private static boolean heldByArray(Enclosure enclosure, Enclosure.Disk disk) {
    return enclosure.arrays().stream().flatMap(a -> a.members().stream())
        .anyMatch(m -> disk.holds(m.device()));
  }

  /** The {@code index}th name of {@code kind}: 0 is {@code sda} or {@code nvme0n1}. */
  public static String name(Kind kind, int index) {
    if (kind == Kind.NVME) {
      return "nvme" + index + "n1";
    }
    String letters = "";
    int n = index;
    do {
      letters = (char) ('a' + n % 26) + letters;
      n = n / 26 - 1;
    } while (n >= 0);
    return "sd" + letters;
  }

  /** {@code major:minor} of a block device ({@code sdb}, {@code sdb1}, {@code nvme0n1p1}). */
  public static String number(String device) {
    Matcher m = BLOCK.matcher(device);
    if (!m.matches()) {
      return "0:0";
    }
    return number(m.group(1), m.group(2).isEmpty() ? 0 : Integer.parseInt(m.group(2)));
  }

  /** {@code major:minor} of a disk ({@code partition} 0) or one of its partitions. */
  public static String number(String disk, int partition) {
    if (disk.startsWith("nvme")) {
      int controller = Integer.parseInt(disk.substring(4, disk.indexOf('n', 4)));
      return NVME_MAJOR + ":" + (controller * MINORS_PER_NVME + partition);
    }
    int index = 0;
    for (char c : disk.substring(2).toCharArray()) {
      index = index * 26 + (c - 'a' + 1);
    }
    index--;
    // sd disks 16 and up move to majors 65-71, 128-135; a simulated enclosure stays below.
    return SD_MAJOR + ":" + (index * 16 + partition);
  }
}
