package io.tandem.hardware.sim;

import io.tandem.hardware.sim.Enclosure.Array;
import io.tandem.hardware.sim.Enclosure.Member;
import io.tandem.hardware.sim.Enclosure.MemberStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mdadm [--manage] /dev/mdX --fail DEV... --remove DEV... --add DEV...} on the simulated
 * enclosure, with mdadm 4.2's messages (on standard error) and exit status:
 *
 * <ul>
 *   <li>{@code --fail}: {@code mdadm: set /dev/sdb1 faulty in /dev/md0}; the last in-sync
 *       member of raid1: {@code mdadm: set device faulty failed for /dev/sdb1:  Device or
 *       resource busy}, exit 2, and the array is broken from then on (MD_BROKEN);
 *   <li>{@code --remove} (a device, {@code failed} or {@code detached}): {@code mdadm: hot
 *       removed /dev/sdb1 from /dev/md0} (a detached one by {@code major:minor}); an active
 *       member: {@code mdadm: hot remove failed for /dev/sdb1: Device or resource busy}, exit 1;
 *   <li>{@code --add}: {@code mdadm: added /dev/sdc1}; a device that does not exist: {@code
 *       mdadm: cannot find /dev/sdx1: No such file or directory}, exit 1. A degraded array
 *       starts recovering onto it.
 * </ul>
 *
 * <p>Operations run in order and stop at the first that fails, as mdadm does.
 */
final class SimMdadm {
  private SimMdadm() {}

  /** What mdadm said and its exit status. */
  record Outcome(int exitStatus, String stderr) {}

  static Outcome manage(SimEnclosure sim, List<String> args) throws IOException {
    List<String> words = new ArrayList<>(args);
    words.remove("--manage");
    if (words.isEmpty() || !words.get(0).startsWith("/dev/")) {
      return new Outcome(2, "mdadm: an md device must be given in this mode\n");
    }
    String arrayPath = words.get(0);
    StringBuilder err = new StringBuilder();
    int[] exit = {0};
    sim.change(enclosure -> {
      Instant now = sim.clock().instant();
      Enclosure current = enclosure;
      if (current.array(arrayPath).isEmpty()) {
        err.append("mdadm: error opening ").append(arrayPath)
            .append(": No such file or directory\n");
        exit[0] = 1;
        return enclosure;
      }
      String op = null;
      for (String word : words.subList(1, words.size())) {
        switch (word) {
          case "--fail", "-f", "--remove", "-r", "--add", "-a" -> op = word;
          default -> {
            if (op == null) {
              err.append("mdadm: no operation given for ").append(word).append('\n');
              exit[0] = 2;
              return enclosure;
            }
            Step step = step(current, arrayPath, op, word, now);
            err.append(step.message());
            if (step.exit() != 0) {
              exit[0] = step.exit();
              return step.exit() == 2 ? step.enclosure() : current;
            }
            current = step.enclosure();
          }
        }
      }
      return current;
    });
    return new Outcome(exit[0], err.toString());
  }

  private record Step(Enclosure enclosure, int exit, String message) {}

  private static Step step(Enclosure enclosure, String arrayPath, String op, String word,
      Instant now) {
    Array array = enclosure.array(arrayPath).orElseThrow();
    String device = word.replaceFirst("^/dev/", "");
    return switch (op) {
      case "--fail", "-f" -> fail(enclosure, array, arrayPath, device, now);
      case "--remove", "-r" -> remove(enclosure, array, arrayPath, device, now);
      default -> add(enclosure, array, device, now);
    };
  }

  private static Step fail(Enclosure enclosure, Array array, String arrayPath, String device,
      Instant now) {
    if (array.member(device).isEmpty()) {
      return new Step(enclosure, 1, "mdadm: set device faulty failed for /dev/" + device
          + ":  No such device\n");
    }
    EnclosureChanges.Outcome outcome = EnclosureChanges.failMember(array, device, false, now);
    Enclosure changed = enclosure.withArray(outcome.array());
    if (!outcome.done()) {
      return new Step(changed, 2, "mdadm: set device faulty failed for /dev/" + device
          + ":  Device or resource busy\n");
    }
    return new Step(changed, 0, "mdadm: set /dev/" + device + " faulty in " + arrayPath + "\n");
  }

  private static Step remove(Enclosure enclosure, Array array, String arrayPath, String word,
      Instant now) {
    List<Member> targets = new ArrayList<>();
    for (Member member : array.members()) {
      boolean chosen = switch (word) {
        case "failed" -> member.status() == MemberStatus.FAULTY;
        case "detached" -> member.detached() && member.status() == MemberStatus.FAULTY;
        default -> member.device().equals(word);
      };
      if (chosen) {
        targets.add(member);
      }
    }
    if (targets.isEmpty() && !word.equals("failed") && !word.equals("detached")) {
      return new Step(enclosure, 1, "mdadm: hot remove failed for /dev/" + word
          + ": No such device or address\n");
    }
    StringBuilder message = new StringBuilder();
    Array current = array;
    for (Member member : targets) {
      if (member.status() == MemberStatus.IN_SYNC || member.rebuilding()) {
        return new Step(enclosure, 1, "mdadm: hot remove failed for /dev/" + member.device()
            + ": Device or resource busy\n");
      }
      current = EnclosureChanges.removeMember(current, member.device(), now);
      String name = member.detached() ? DeviceNames.number(member.device())
          : "/dev/" + member.device();
      message.append("mdadm: hot removed ").append(name).append(" from ").append(arrayPath)
          .append('\n');
    }
    return new Step(enclosure.withArray(current), 0, message.toString());
  }

  private static Step add(Enclosure enclosure, Array array, String device, Instant now) {
    if (enclosure.presentDiskHolding(device).isEmpty()) {
      return new Step(enclosure, 1, "mdadm: cannot find /dev/" + device
          + ": No such file or directory\n");
    }
    boolean used = enclosure.arrays().stream().flatMap(a -> a.members().stream())
        .anyMatch(m -> m.device().equals(device));
    if (used) {
      return new Step(enclosure, 1, "mdadm: Cannot open /dev/" + device
          + ": Device or resource busy\n");
    }
    if (sectors(enclosure, device) / 2 < array.sizeKib()) {
      return new Step(enclosure, 1, "mdadm: /dev/" + device
          + " not large enough to join array\n");
    }
    Array added = EnclosureChanges.addMember(array, device, now);
    return new Step(EnclosureChanges.settle(enclosure.withArray(added), now), 0,
        "mdadm: added /dev/" + device + "\n");
  }

  private static long sectors(Enclosure enclosure, String device) {
    Enclosure.Disk disk = enclosure.presentDiskHolding(device).orElseThrow();
    if (disk.device().equals(device)) {
      return disk.sizeBytes() / 512;
    }
    return disk.partitions().stream().filter(p -> disk.partitionName(p.number()).equals(device))
        .findFirst().orElseThrow().sectors();
  }
}
