package io.tandem.hardware.sim;

import io.tandem.hardware.sim.Enclosure.Array;
import io.tandem.hardware.sim.Enclosure.Member;
import io.tandem.hardware.sim.Enclosure.MemberStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What {@code mdadm --detail /dev/mdX} prints (mdadm 4.2, {@code Detail.c} and {@code
 * super1.c}'s {@code detail_super1}) for a raid1 array with 1.2 metadata:
 *
 * <pre>
 * /dev/md0:
 *            Version : 1.2
 *      Creation Time : Sat Nov 28 17:00:00 2026
 *         Raid Level : raid1
 *         Array Size : 1953309632 (1.82 TiB 2.00 TB)
 *      Used Dev Size : 1953309632 (1.82 TiB 2.00 TB)
 *       Raid Devices : 2
 *      Total Devices : 2
 *        Persistence : Superblock is persistent
 *
 *      Intent Bitmap : Internal
 *
 *        Update Time : Sat Nov 28 17:05:00 2026
 *              State : clean, degraded, recovering␠
 *     Active Devices : 1
 *    Working Devices : 2
 *     Failed Devices : 0
 *      Spare Devices : 1
 *
 * Consistency Policy : bitmap
 *
 *     Rebuild Status : 40% complete
 *
 *               Name : tandem:0  (local to host tandem)
 *               UUID : 6abe1f20:90c629de:fadd8dc0:ca14c928
 *             Events : 25
 *
 *     Number   Major   Minor   RaidDevice State
 *        0       8        1        0      active sync   /dev/sda1
 *        2       8       33        1      spare rebuilding   /dev/sdc1
 * </pre>
 *
 * <p>Each role gets a line (an empty one: {@code -  0  0  N  removed}); then, after a blank
 * line, the members without a role (faulty, spare), by number. A member whose device is gone
 * shows {@code missing} for its path. Times are {@code ctime(3)} in {@code zone}.
 */
public final class MdadmDetailRenderer {
  private static final DateTimeFormatter CTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

  private MdadmDetailRenderer() {}

  /** The md minor of an array: the number in its name. */
  static int minor(Array array) {
    return Integer.parseInt(array.name().replaceAll("\\D", ""));
  }

  /** The output for {@code array} at {@code now} (settled), times in {@code zone}. */
  public static String render(Enclosure enclosure, Array array, Instant now, ZoneId zone) {
    List<Member> members = array.members();
    long inSync = members.stream().filter(m -> m.status() == MemberStatus.IN_SYNC).count();
    long faulty = members.stream().filter(m -> m.status() == MemberStatus.FAULTY).count();
    long spare = members.size() - inSync - faulty;
    String size = array.sizeKib() + humanSize(array.sizeKib() * 1024);
    StringBuilder out = new StringBuilder("/dev/" + array.name() + ":\n");
    out.append("           Version : 1.2\n");
    out.append("     Creation Time : ").append(ctime(enclosure.created(), zone)).append('\n');
    out.append("        Raid Level : ").append(array.level()).append('\n');
    out.append("        Array Size : ").append(size).append('\n');
    out.append("     Used Dev Size : ").append(size).append('\n');
    out.append("      Raid Devices : ").append(array.raidDisks()).append('\n');
    out.append("     Total Devices : ").append(members.size()).append('\n');
    out.append("       Persistence : Superblock is persistent\n\n");
    if (array.bitmap()) {
      out.append("     Intent Bitmap : Internal\n\n");
    }
    out.append("       Update Time : ").append(ctime(array.updated(), zone)).append('\n');
    out.append("             State : clean").append(condition(array))
        .append(array.sync() == null ? "" : syncWord(array)).append(" \n");
    out.append("    Active Devices : ").append(inSync).append('\n');
    out.append("   Working Devices : ").append(members.size() - faulty).append('\n');
    out.append("    Failed Devices : ").append(faulty).append('\n');
    out.append("     Spare Devices : ").append(spare).append("\n\n");
    out.append("Consistency Policy : ").append(array.bitmap() ? "bitmap" : "resync")
        .append("\n\n");
    if (array.sync() != null) {
      long percent = MdstatRenderer.permille(EnclosureChanges.SyncProgress.of(array, now)) / 10;
      out.append(String.format(Locale.ROOT, "    %7s Status : %d%% complete\n\n",
          statusWord(array), percent));
    }
    int number = minor(array);
    out.append("              Name : ").append(enclosure.host()).append(':').append(number)
        .append("  (local to host ").append(enclosure.host()).append(")\n");
    out.append("              UUID : ").append(colons(array.uuid())).append('\n');
    out.append("            Events : ").append(array.events()).append("\n\n");
    out.append("    Number   Major   Minor   RaidDevice State\n");
    devices(out, array);
    return out.toString();
  }

  /** {@code ""}, {@code ", degraded"} or {@code ", FAILED"}, from the roles whose device lives. */
  private static String condition(Array array) {
    long available = array.members().stream().filter(m -> m.status() == MemberStatus.IN_SYNC
        && m.slot() >= 0 && !m.detached()).count();
    if (available == array.raidDisks()) {
      return "";
    }
    return available == 0 ? ", FAILED" : ", degraded";
  }

  private static String syncWord(Array array) {
    return switch (array.sync().action()) {
      case "resync" -> ", resyncing";
      case "check" -> ", checking";
      default -> ", recovering";
    };
  }

  private static String statusWord(Array array) {
    return switch (array.sync().action()) {
      case "resync" -> "Resync";
      case "check" -> "Check";
      default -> "Rebuild";
    };
  }

  private static void devices(StringBuilder out, Array array) {
    for (int slot = 0; slot < array.raidDisks(); slot++) {
      int role = slot;
      Member holder = array.members().stream()
          .filter(m -> m.slot() == role && m.status() != MemberStatus.FAULTY)
          .findFirst().orElse(null);
      if (holder == null) {
        out.append(String.format(Locale.ROOT, "       -   %5d    %5d    %5d     ", 0, 0, role))
            .append(" removed\n");
      } else {
        String[] number = DeviceNames.number(holder.device()).split(":");
        out.append(String.format(Locale.ROOT, "   %5d   %5s    %5s    %5d     ",
            holder.number(), number[0], number[1], role));
        out.append(holder.status() == MemberStatus.IN_SYNC ? " active sync"
            : " spare rebuilding").append(path(holder)).append('\n');
      }
    }
    List<Member> others = new ArrayList<>(array.members().stream()
        .filter(m -> m.slot() < 0 || m.status() == MemberStatus.FAULTY).toList());
    others.sort(Comparator.comparingInt(Member::number));
    if (!others.isEmpty()) {
      out.append('\n');
    }
    for (Member member : others) {
      String[] number = DeviceNames.number(member.device()).split(":");
      out.append(String.format(Locale.ROOT, "   %5d   %5s    %5s        -     ",
          member.number(), number[0], number[1]));
      out.append(member.status() == MemberStatus.FAULTY ? " faulty" : " spare")
          .append(path(member)).append('\n');
    }
  }

  private static String path(Member member) {
    return member.detached() ? "   missing" : "   /dev/" + member.device();
  }

  static String ctime(Instant time, ZoneId zone) {
    return CTIME.format(time.atZone(zone));
  }

  static String colons(String uuid) {
    return uuid.substring(0, 8) + ":" + uuid.substring(8, 16) + ":" + uuid.substring(16, 24)
        + ":" + uuid.substring(24);
  }

  /** mdadm's {@code human_size}: {@code " (3.64 TiB 4.00 TB)"}; empty under 5000 KiB. */
  static String humanSize(long bytes) {
    if (bytes < 5000L * 1024) {
      return "";
    }
    if (bytes < 2L * 1024 * 1024 * 1024) {
      long cMiB = (bytes * 200L / (1L << 20) + 1) / 2;
      long cMB = (bytes / (1_000_000L / 200L) + 1) / 2;
      return String.format(Locale.ROOT, " (%d.%02d MiB %d.%02d MB)", cMiB / 100, cMiB % 100,
          cMB / 100, cMB % 100);
    }
    if (bytes < 2L * 1024 * 1024 * 1024 * 1024) {
      long cGiB = (bytes * 200L / (1L << 30) + 1) / 2;
      long cGB = (bytes / (1_000_000_000L / 200L) + 1) / 2;
      return String.format(Locale.ROOT, " (%d.%02d GiB %d.%02d GB)", cGiB / 100, cGiB % 100,
          cGB / 100, cGB % 100);
    }
    long cTiB = (bytes * 200L / (1L << 40) + 1) / 2;
    long cTB = (bytes / (1_000_000_000_000L / 200L) + 1) / 2;
    return String.format(Locale.ROOT, " (%d.%02d TiB %d.%02d TB)", cTiB / 100, cTiB % 100,
        cTB / 100, cTB % 100);
  }
}
