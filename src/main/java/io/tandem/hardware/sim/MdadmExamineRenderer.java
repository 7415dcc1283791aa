package io.tandem.hardware.sim;

import io.tandem.hardware.sim.Enclosure.Array;
import io.tandem.hardware.sim.Enclosure.Disk;
import io.tandem.hardware.sim.Enclosure.Member;
import io.tandem.hardware.sim.Enclosure.MemberStatus;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code mdadm --examine /dev/X} of the simulated enclosure, in mdadm 4.2's metadata 1.2 layout
 * (as recorded in {@code test-hardware/md/examine/}): a member of an array shows its array's
 * superblock with its role; a disk carrying a foreign superblock shows that one (another host's
 * name, no "local to host"); anything else has none ({@code mdadm: No md superblock detected on
 * /dev/X.}, exit 1). A device that does not exist: {@code mdadm: cannot open /dev/X: No such
 * file or directory}, exit 1. Pure. Checksums and device UUIDs are derived from the names (the
 * parser does not read them).
 */
final class MdadmExamineRenderer {
  private MdadmExamineRenderer() {}

  /** What mdadm prints and its exit status. */
  record Output(int exitStatus, String stdout, String stderr) {}

  static Output render(Enclosure enclosure, String device, ZoneId zone) {
    String bare = device.startsWith("/dev/") ? device.substring(5) : device;
    Optional<Disk> disk = enclosure.presentDiskHolding(bare);
    if (disk.isEmpty()) {
      return new Output(1, "", "mdadm: cannot open /dev/" + bare
          + ": No such file or directory\n");
    }
    for (Array array : enclosure.arrays()) {
      Optional<Member> member = array.member(bare);
      if (member.isPresent() && !member.get().detached()) {
        return new Output(0, member(enclosure, array, member.get(), bare, zone), "");
      }
    }
    if (disk.get().device().equals(bare) && disk.get().foreign() != null) {
      return new Output(0, foreign(enclosure, disk.get(), zone), "");
    }
    return new Output(1, "", "mdadm: No md superblock detected on /dev/" + bare + ".\n");
  }

  private static String member(Enclosure enclosure, Array array, Member member, String device,
      ZoneId zone) {
    // A faulty member keeps the role it had in its own superblock until it is rewritten; a
    // spare recovering into a role already shows that role.
    String role = member.slot() >= 0 ? "Active device " + member.slot() : "spare";
    StringBuilder state = new StringBuilder();
    for (int slot = 0; slot < array.raidDisks(); slot++) {
      int wanted = slot;
      boolean active = array.members().stream().anyMatch(m -> m.slot() == wanted
          && m.status() == MemberStatus.IN_SYNC && !m.detached());
      state.append(active ? 'A' : '.');
    }
    String name = enclosure.host() + ":" + MdadmDetailRenderer.minor(array) + "  (local to host "
        + enclosure.host() + ")";
    return body(device, array.uuid(), name, array.level(), array.raidDisks(), array.sizeKib(),
        array.bitmap(), MdadmDetailRenderer.ctime(enclosure.created(), zone),
        MdadmDetailRenderer.ctime(array.updated(), zone), array.events(), role,
        state.toString());
  }

  private static String foreign(Enclosure enclosure, Disk disk, ZoneId zone) {
    Enclosure.Foreign f = disk.foreign();
    long sizeKib = (disk.sizeBytes() / 1024 - 132 * 1024) & ~63L;
    String time = MdadmDetailRenderer.ctime(enclosure.created().minusSeconds(86_400L * 400),
        zone);
    return body(disk.device(), f.uuid(), f.name(), "raid1", 2, sizeKib, true, time, time, 4711,
        "Active device " + f.role(), "AA");
  }

  private static String body(String device, String uuid, String name, String level, int raidDisks,
      long sizeKib, boolean bitmap, String created, String updated, long events, String role,
      String arrayState) {
    long avail = sizeKib * 2;
    StringBuilder out = new StringBuilder("/dev/" + device + ":\n");
    out.append("          Magic : a92b4efc\n");
    out.append("        Version : 1.2\n");
    out.append("    Feature Map : ").append(bitmap ? "0x1" : "0x0").append('\n');
    out.append("     Array UUID : ").append(MdadmDetailRenderer.colons(uuid)).append('\n');
    out.append("           Name : ").append(name).append('\n');
    out.append("  Creation Time : ").append(created).append('\n');
    out.append("     Raid Level : ").append(level).append('\n');
    out.append("   Raid Devices : ").append(raidDisks).append("\n\n");
    out.append(" Avail Dev Size : ").append(avail).append(" sectors")
        .append(MdadmDetailRenderer.humanSize(avail * 512)).append('\n');
    out.append("     Array Size : ").append(sizeKib).append(" KiB")
        .append(MdadmDetailRenderer.humanSize(sizeKib * 1024)).append('\n');
    out.append("    Data Offset : 264192 sectors\n");
    out.append("   Super Offset : 8 sectors\n");
    out.append("   Unused Space : before=264112 sectors, after=0 sectors\n");
    out.append("          State : clean\n");
    out.append("    Device UUID : ").append(MdadmDetailRenderer.colons(hex(uuid + device)))
        .append("\n\n");
    if (bitmap) {
      out.append("Internal Bitmap : 8 sectors from superblock\n");
    }
    out.append("    Update Time : ").append(updated).append('\n');
    out.append("  Bad Block Log : 512 entries available at offset 16 sectors\n");
    out.append("       Checksum : ").append(hex(device + events).substring(0, 8))
        .append(" - correct\n");
    out.append("         Events : ").append(events).append("\n\n\n");
    out.append("   Device Role : ").append(role).append('\n');
    out.append("   Array State : ").append(arrayState)
        .append(" ('A' == active, '.' == missing, 'R' == replacing)\n");
    return out.toString();
  }

  private static String hex(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString()
        .replace("-", "").toLowerCase(Locale.ROOT);
  }
}
