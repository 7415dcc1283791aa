package io.tandem.hardware.sim;

import io.tandem.hardware.sim.Enclosure.Array;
import io.tandem.hardware.sim.Enclosure.Bay;
import io.tandem.hardware.sim.Enclosure.Disk;
import io.tandem.hardware.sim.Enclosure.Kind;
import io.tandem.hardware.sim.Enclosure.Member;
import io.tandem.hardware.sim.Enclosure.MemberStatus;
import io.tandem.hardware.sim.Enclosure.Partition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * The sysfs and {@code /dev} files of the simulated machine, in the kernel's formats:
 *
 * <ul>
 *   <li>{@code sys/block/mdX/md/}: {@code array_state}, {@code level}, {@code raid_disks},
 *       {@code degraded}, {@code sync_action} ({@code idle}, {@code recover}, ...), {@code
 *       sync_completed} ({@code none} or {@code done / total} in sectors), {@code sync_speed},
 *       {@code metadata_version}, {@code uuid}, {@code component_size}, {@code
 *       dev-<name>/state} ({@code in_sync}, {@code faulty}, {@code spare}), {@code
 *       dev-<name>/slot} (role or {@code none}), {@code rdN -> dev-<name>};
 *   <li>{@code sys/block/sdX/}: {@code size} (512-byte sectors), {@code dev}, {@code
 *       queue/rotational}, {@code device/model} (16 characters, space-padded, as libata's
 *       INQUIRY gives), {@code device/vendor} ({@code ATA}), {@code device/rev}, {@code
 *       device/vpd_pg80} (the serial, binary VPD page 0x80), {@code device/wwid}; partitions
 *       {@code sdX/sdXN/{partition,start,size,dev}};
 *   <li>{@code sys/block/nvmeNn1/device/{model,serial,firmware_rev}} (trailing spaces
 *       stripped, as the nvme driver does);
 *   <li>{@code dev/disk/by-path/<bay link>[-partN] -> ../../sdX[N]}, and an empty {@code
 *       dev/<name>} file for each device node that exists;
 *   <li>{@code sys/class/enclosure/0:0:0:0/SlotNN/{slot,locate,fault,device/block/sdX}} for
 *       each bay ({@code locate} and {@code fault}: {@code 0} or {@code 1}, as the SES driver
 *       shows them; what the service writes there is taken into the model, see {@link
 *       SimEnclosure#change}).
 * </ul>
 */
public final class SysfsRenderer {
  private SysfsRenderer() {}

  /** Adds every file of {@code enclosure} at {@code now} (settled) to {@code tree}. */
  public static void render(Enclosure enclosure, Instant now, RenderedTree tree) {
    for (Array array : enclosure.arrays()) {
      array(array, now, tree);
    }
    for (Bay bay : enclosure.bays()) {
      bay.present().ifPresent(disk -> disk(bay, disk, tree));
      slot(bay, tree);
    }
  }

  /**
   * The enclosure's slot of the bay, as the kernel's SES driver shows it: {@code
   * sys/class/enclosure/<id>/SlotNN/slot} (the bay number) and, while a disk sits there, its
   * block device under {@code device/block/}; how the service places disks in bays.
   */
  private static void slot(Bay bay, RenderedTree tree) {
    String slot = slotPath(bay.number()) + "/";
    tree.file(slot + "slot", bay.number() + "\n");
    tree.file(slot + "locate", (bay.locate() ? "1" : "0") + "\n");
    tree.file(slot + "fault", (bay.fault() ? "1" : "0") + "\n");
    bay.present().ifPresent(disk -> tree.file(slot + "device/block/" + disk.device() + "/dev",
        DeviceNames.number(disk.device(), 0) + "\n"));
  }

  /** {@code sys/class/enclosure/0:0:0:0/SlotNN} of bay {@code number}. */
  static String slotPath(int number) {
    return String.format(java.util.Locale.ROOT, "sys/class/enclosure/0:0:0:0/Slot%02d", number);
  }

  private static void array(Array array, Instant now, RenderedTree tree) {
    String block = "sys/block/" + array.name();
    String md = block + "/md/";
    tree.file("dev/" + array.name(), "");
    tree.file(block + "/size", (array.sizeKib() * 2) + "\n");
    tree.file(block + "/dev", "9:" + MdadmDetailRenderer.minor(array) + "\n");
    tree.file(md + "array_state", (array.broken() ? "broken" : "clean") + "\n");
    tree.file(md + "level", array.level() + "\n");
    tree.file(md + "raid_disks", array.raidDisks() + "\n");
    tree.file(md + "degraded", array.degraded() + "\n");
    tree.file(md + "metadata_version", "1.2\n");
    tree.file(md + "uuid", dashed(array.uuid()) + "\n");
    tree.file(md + "component_size", array.sizeKib() + "\n");
    if (array.sync() == null) {
      tree.file(md + "sync_action", "idle\n");
      tree.file(md + "sync_completed", "none\n");
      tree.file(md + "sync_speed", "none\n");
    } else {
      EnclosureChanges.SyncProgress progress = EnclosureChanges.SyncProgress.of(array, now);
      String action = array.sync().action().equals("recovery") ? "recover"
          : array.sync().action();
      tree.file(md + "sync_action", action + "\n");
      tree.file(md + "sync_completed", (progress.doneKib() * 2) + " / "
          + (progress.totalKib() * 2) + "\n");
      tree.file(md + "sync_speed", array.sync().kibPerSecond() + "\n");
    }
    for (Member member : array.members()) {
      String dev = md + "dev-" + member.device() + "/";
      tree.file(dev + "state", memberState(member) + "\n");
      tree.file(dev + "slot", (member.slot() >= 0 ? String.valueOf(member.slot()) : "none")
          + "\n");
      tree.file(dev + "errors", "0\n");
      if (member.slot() >= 0) {
        tree.link(md + "rd" + member.slot(), "dev-" + member.device());
      }
    }
  }

  /** The kernel's {@code state_show}: faulty, in_sync or spare (a rebuilding member: spare). */
  static String memberState(Member member) {
    if (member.status() == MemberStatus.FAULTY) {
      return "faulty";
    }
    return member.status() == MemberStatus.IN_SYNC ? "in_sync" : "spare";
  }

  private static void disk(Bay bay, Disk disk, RenderedTree tree) {
    String block = "sys/block/" + disk.device() + "/";
    tree.file("dev/" + disk.device(), "");
    tree.link("dev/disk/by-path/" + bay.link(), "../../" + disk.device());
    tree.file(block + "size", (disk.sizeBytes() / 512) + "\n");
    tree.file(block + "dev", DeviceNames.number(disk.device(), 0) + "\n");
    tree.file(block + "removable", "0\n");
    tree.file(block + "queue/rotational", (bay.kind() == Kind.ATA ? "1" : "0") + "\n");
    if (bay.kind() == Kind.ATA) {
      tree.file(block + "device/vendor", "ATA     \n");
      tree.file(block + "device/model", padded(disk.model(), 16) + "\n");
      tree.file(block + "device/rev", padded(SmartctlRenderer.firmware(bay.kind()), 4) + "\n");
      tree.file(block + "device/vpd_pg80", vpdSerial(disk.serial()));
      tree.file(block + "device/wwid", "naa." + SmartctlRenderer.wwnHex(disk.serial()) + "\n");
    } else {
      tree.file(block + "device/model", disk.model() + "\n");
      tree.file(block + "device/serial", disk.serial() + "\n");
      tree.file(block + "device/firmware_rev", SmartctlRenderer.firmware(bay.kind()) + "\n");
    }
    for (Partition partition : disk.partitions()) {
      String name = disk.partitionName(partition.number());
      String dir = block + name + "/";
      tree.file("dev/" + name, "");
      tree.link("dev/disk/by-path/" + bay.link() + "-part" + partition.number(),
          "../../" + name);
      tree.file(dir + "partition", partition.number() + "\n");
      tree.file(dir + "start", partition.startSector() + "\n");
      tree.file(dir + "size", partition.sectors() + "\n");
      tree.file(dir + "dev", DeviceNames.number(disk.device(), partition.number()) + "\n");
    }
  }

  /** The first {@code width} characters of {@code text}, space-padded to {@code width}. */
  static String padded(String text, int width) {
    String cut = text.length() > width ? text.substring(0, width) : text;
    return cut + " ".repeat(width - cut.length());
  }

  /** VPD page 0x80 as libata builds it: 4 header bytes, the 20-character ATA serial field. */
  static byte[] vpdSerial(String serial) {
    String field = String.format(Locale.ROOT, "%20s", serial.length() > 20
        ? serial.substring(0, 20) : serial);
    byte[] page = new byte[4 + 20];
    page[1] = (byte) 0x80;
    page[3] = 20;
    System.arraycopy(field.getBytes(StandardCharsets.US_ASCII), 0, page, 4, 20);
    return page;
  }

  /** 32 hex digits as 8-4-4-4-12. */
  static String dashed(String uuid) {
    return uuid.substring(0, 8) + "-" + uuid.substring(8, 12) + "-" + uuid.substring(12, 16)
        + "-" + uuid.substring(16, 20) + "-" + uuid.substring(20);
  }
}
