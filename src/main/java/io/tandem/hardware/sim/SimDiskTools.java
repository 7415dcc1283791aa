package io.tandem.hardware.sim;

import io.tandem.hardware.sim.Enclosure.Bay;
import io.tandem.hardware.sim.Enclosure.Disk;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The disk tools of a hot swap on the simulated enclosure, with their real messages and exit
 * status where known (mdadm 4.2 recorded; sgdisk, wipefs, blkid and ledctl as their sources and
 * manuals word them):
 *
 * <ul>
 *   <li>{@code mdadm --examine /dev/X} ({@link MdadmExamineRenderer});
 *   <li>{@code mdadm --zero-superblock /dev/X}: a foreign superblock goes; none there: {@code
 *       mdadm: Unrecognised md component device - /dev/X}, exit 0 (as mdadm 4.2 does); an array
 *       member: {@code mdadm: Couldn't open /dev/X for write - not zeroing}, exit 2;
 *   <li>{@code wipefs -a /dev/sdX}: the partition table and a foreign superblock go, one line
 *       per signature erased; a disk with a partition in an array: {@code wipefs: error:
 *       /dev/sdX: probing initialization failed: Device or resource busy}, exit 1;
 *   <li>{@code sgdisk --replicate=/dev/NEW /dev/PARTNER}: NEW gets PARTNER's partitions;
 *       {@code sgdisk --randomize-guids /dev/NEW}; {@code The operation has completed
 *       successfully.};
 *   <li>{@code blkid -p -o value -s PTTYPE /dev/X}: {@code gpt} for a partitioned disk, exit 2
 *       (nothing found) otherwise;
 *   <li>{@code ledctl [--listed-only] PATTERN=/dev/sdX} with {@code locate}, {@code
 *       locate_off}, {@code failure}, {@code normal}: the bay's LEDs.
 * </ul>
 */
final class SimDiskTools {
  private SimDiskTools() {}

  /** Exit status, standard output and error. */
  record Outcome(int exit, String stdout, String stderr) {}

  static Outcome zeroSuperblock(SimEnclosure sim, String device) throws IOException {
    String bare = bare(device);
    Outcome[] out = new Outcome[1];
    sim.change(e -> {
      if (e.presentDiskHolding(bare).isEmpty()) {
        out[0] = new Outcome(1, "", "mdadm: Couldn't open /dev/" + bare
            + " for write - not zeroing\n");
        return e;
      }
      if (EnclosureChanges.isMember(e, bare)) {
        out[0] = new Outcome(2, "", "mdadm: Couldn't open /dev/" + bare
            + " for write - not zeroing\n");
        return e;
      }
      Disk disk = e.presentDiskHolding(bare).get();
      if (disk.device().equals(bare) && disk.foreign() != null) {
        out[0] = new Outcome(0, "", "");
        return EnclosureChanges.zeroForeign(e, bare);
      }
      out[0] = new Outcome(0, "", "mdadm: Unrecognised md component device - /dev/" + bare
          + "\n");
      return e;
    });
    return out[0];
  }

  static Outcome wipefs(SimEnclosure sim, List<String> args) throws IOException {
    if (!args.contains("-a") && !args.contains("--all")) {
      return new Outcome(1, "", "sim: wipefs is simulated with -a only\n");
    }
    String bare = bare(args.get(args.size() - 1));
    Outcome[] out = new Outcome[1];
    sim.change(e -> {
      Optional<Bay> bay = EnclosureChanges.bayOfPresentDisk(e, bare);
      if (bay.isEmpty()) {
        out[0] = new Outcome(1, "", "wipefs: error: /dev/" + bare
            + ": probing initialization failed: No such file or directory\n");
        return e;
      }
      Disk disk = bay.get().disk();
      boolean busy = EnclosureChanges.isMember(e, bare) || disk.partitions().stream()
          .anyMatch(p -> EnclosureChanges.isMember(e, disk.partitionName(p.number())));
      if (busy) {
        out[0] = new Outcome(1, "", "wipefs: error: /dev/" + bare
            + ": probing initialization failed: Device or resource busy\n");
        return e;
      }
      StringBuilder erased = new StringBuilder();
      if (disk.foreign() != null) {
        erased.append("/dev/").append(bare).append(": 4 bytes were erased at offset 0x00001000"
            + " (linux_raid_member): fc 4e 2b a9\n");
      }
      if (!disk.partitions().isEmpty()) {
        long backup = disk.sizeBytes() - 512;
        erased.append("/dev/").append(bare).append(": 8 bytes were erased at offset 0x00000200"
            + " (gpt): 45 46 49 20 50 41 52 54\n");
        erased.append("/dev/").append(bare).append(String.format(java.util.Locale.ROOT,
            ": 8 bytes were erased at offset 0x%08x (gpt): 45 46 49 20 50 41 52 54\n", backup));
        erased.append("/dev/").append(bare).append(": 2 bytes were erased at offset 0x000001fe"
            + " (PMBR): 55 aa\n");
      }
      out[0] = new Outcome(0, erased.toString(), "");
      return EnclosureChanges.wipe(e, bare);
    });
    return out[0];
  }

  static Outcome sgdisk(SimEnclosure sim, List<String> args) throws IOException {
    String done = "The operation has completed successfully.\n";
    if (args.size() == 2 && args.get(0).equals("--randomize-guids")) {
      String bare = bare(args.get(1));
      return EnclosureChanges.bayOfPresentDisk(sim.read(), bare).isPresent()
          ? new Outcome(0, done, "") : missing(bare);
    }
    if (args.size() == 2 && args.get(0).startsWith("--replicate=")) {
      String target = bare(args.get(0).substring("--replicate=".length()));
      String source = bare(args.get(1));
      Outcome[] out = new Outcome[1];
      sim.change(e -> {
        Optional<Bay> to = EnclosureChanges.bayOfPresentDisk(e, target);
        Optional<Bay> from = EnclosureChanges.bayOfPresentDisk(e, source);
        if (from.isEmpty()) {
          out[0] = missing(source);
          return e;
        }
        if (to.isEmpty()) {
          out[0] = missing(target);
          return e;
        }
        Disk disk = to.get().disk();
        if (disk.partitions().stream().anyMatch(p ->
            EnclosureChanges.isMember(e, disk.partitionName(p.number())))) {
          out[0] = new Outcome(2, "", "Warning: The kernel is still using the old partition"
              + " table.\nThe new table will be used at the next reboot or after you\nrun"
              + " partprobe(8) or kpartx(8)\n");
          return e;
        }
        for (Enclosure.Partition p : from.get().disk().partitions()) {
          if ((p.startSector() + p.sectors() + 34) * 512 > disk.sizeBytes()) {
            out[0] = new Outcome(4, "", "Problem: partition " + p.number()
                + " is too big for the disk.\nAborting write operation!\n");
            return e;
          }
        }
        out[0] = new Outcome(0, done, "");
        return EnclosureChanges.replicate(e, target, source);
      });
      return out[0];
    }
    return new Outcome(1, "", "sim: sgdisk " + String.join(" ", args) + " is not simulated"
        + " (--replicate=/dev/NEW /dev/PARTNER and --randomize-guids /dev/NEW are)\n");
  }

  private static Outcome missing(String bare) {
    return new Outcome(2, "", "Problem opening /dev/" + bare + " for reading! Error is 2.\n"
        + "The specified file does not exist!\n");
  }

  static Outcome blkid(Enclosure enclosure, List<String> args) {
    if (!args.contains("PTTYPE")) {
      return new Outcome(1, "", "sim: blkid is simulated for -p -o value -s PTTYPE only\n");
    }
    String bare = bare(args.get(args.size() - 1));
    Optional<Disk> disk = enclosure.presentDiskHolding(bare);
    if (disk.isEmpty()) {
      return new Outcome(2, "", "");
    }
    if (disk.get().device().equals(bare) && !disk.get().partitions().isEmpty()) {
      return new Outcome(0, "gpt\n", "");
    }
    return new Outcome(2, "", "");
  }

  static Outcome ledctl(SimEnclosure sim, List<String> args) throws IOException {
    String request = null;
    for (String word : args) {
      if (!word.startsWith("-")) {
        request = word;
      }
    }
    int eq = request == null ? -1 : request.indexOf('=');
    if (eq < 0) {
      return new Outcome(1, "", "ledctl: missing PATTERN=DEVICE\n");
    }
    String pattern = request.substring(0, eq);
    String bare = bare(request.substring(eq + 1));
    Outcome[] out = new Outcome[1];
    sim.change(e -> {
      Optional<Bay> bay = EnclosureChanges.bayOfPresentDisk(e, bare);
      if (bay.isEmpty()) {
        out[0] = new Outcome(1, "", "ledctl: /dev/" + bare + ": device not found\n");
        return e;
      }
      Bay b = bay.get();
      out[0] = new Outcome(0, "", "");
      return switch (pattern) {
        case "locate" -> EnclosureChanges.setLeds(e, b.number(), true, b.fault());
        case "locate_off" -> EnclosureChanges.setLeds(e, b.number(), false, b.fault());
        case "failure", "disk_failed" -> EnclosureChanges.setLeds(e, b.number(), b.locate(),
            true);
        case "normal", "off" -> EnclosureChanges.setLeds(e, b.number(), false, false);
        default -> {
          out[0] = new Outcome(1, "", "ledctl: " + pattern + ": pattern not simulated\n");
          yield e;
        }
      };
    });
    return out[0];
  }

  private static String bare(String device) {
    return device.startsWith("/dev/") ? device.substring(5) : device;
  }
}
