package io.tandem.hardware.disk;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.HardwareException;
import io.tandem.hardware.MdArray;
import io.tandem.hardware.MemberState;
import io.tandem.hardware.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A disk's membership in the md arrays, changed with mdadm's manage mode: fail, remove and add
 * members, examine a device's superblock, zero it. Each run goes through {@link Tools} within
 * the timeout; a failure is a {@link HardwareException} carrying mdadm's last line of standard
 * error. Thread-safe (no state of its own).
 */
public final class MdMembership {
  private static final Logger LOG = LoggerFactory.getLogger(MdMembership.class);

  private final ToolRun tools;
  private final List<String> mdadm;
  private final Path root;

  /**
   * @param tools runs mdadm
   * @param mdadm the words of {@code mdadm.command}
   * @param timeout for each run
   * @param root {@code hardware.root}: where {@code dev/<member>} tells whether a member's device
   *     still exists (a pulled disk's do not)
   */
  public MdMembership(Tools tools, List<String> mdadm, Duration timeout, Path root) {
    this.tools = new ToolRun(tools, timeout);
    this.mdadm = List.copyOf(mdadm);
    this.root = Objects.requireNonNull(root, "root");
    if (this.mdadm.isEmpty()) {
      throw new IllegalArgumentException("mdadm.command has no words");
    }
  }

  /** One member of one array. */
  public record ArrayMember(String array, String device, MemberState state) {}

  /** True when {@code device} is {@code disk} or one of its partitions. */
  public static boolean onDisk(String disk, String device) {
    if (device == null) {
      return false;
    }
    if (device.equals(disk)) {
      return true;
    }
    String prefix = Character.isDigit(disk.charAt(disk.length() - 1)) ? disk + "p" : disk;
    return device.length() > prefix.length() && device.startsWith(prefix)
        && device.substring(prefix.length()).chars().allMatch(Character::isDigit);
  }

  /** Every member that {@code disk} (or a partition of it) holds in {@code arrays}. Pure. */
  public static List<ArrayMember> membersOn(String disk, List<MdArray> arrays) {
    String bare = DiskCommands.bare(disk);
    List<ArrayMember> out = new ArrayList<>();
    for (MdArray array : arrays) {
      for (MdArray.MdMember member : array.members()) {
        if (onDisk(bare, member.device())) {
          out.add(new ArrayMember(array.name(), member.device(), member.state()));
        }
      }
    }
    return out;
  }

  /** {@code mdadm --manage /dev/ARRAY --fail /dev/MEMBER}. */
  public void fail(String array, String member) throws HardwareException {
    tools.succeed(DiskCommands.fail(mdadm, array, member));
    LOG.info("md: /dev/{} set faulty in /dev/{}", member, array);
  }

  /** {@code mdadm --manage /dev/ARRAY --remove /dev/MEMBER}. */
  public void remove(String array, String member) throws HardwareException {
    tools.succeed(DiskCommands.remove(mdadm, array, member));
    LOG.info("md: /dev/{} removed from /dev/{}", member, array);
  }

  /** {@code mdadm --manage /dev/ARRAY --add /dev/MEMBER}; a degraded array starts recovery. */
  public void add(String array, String member) throws HardwareException {
    tools.succeed(DiskCommands.add(mdadm, array, member));
    LOG.info("md: /dev/{} added to /dev/{}", member, array);
  }

  /**
   * Fails (unless already faulty) and removes every member {@code disk} holds in {@code
   * arrays} (the monitor's latest reading), array after array. A member whose device is gone
   * (the disk was pulled first) is removed as {@code detached}. Refuses, before touching
   * anything, when a member is the last in-sync member of its array: md would refuse as well
   * and, on kernel 6.1, mark the array broken (every write failing) from then on.
   *
   * @return what was done, one line per step
   * @throws HardwareException at the first step that fails (the steps before it stay done)
   */
  public List<String> failAndRemove(String disk, List<MdArray> arrays)
      throws HardwareException {
    List<ArrayMember> members = membersOn(disk, arrays);
    for (ArrayMember member : members) {
      MdArray array = arrays.stream().filter(a -> a.name().equals(member.array())).findFirst()
          .orElseThrow();
      long othersInSync = array.members().stream().filter(m -> m.state() == MemberState.IN_SYNC
          && !member.device().equals(m.device())).count();
      if (member.state() == MemberState.IN_SYNC && othersInSync == 0) {
        throw new HardwareException("/dev/" + member.device() + " is the last in-sync member of"
            + " /dev/" + member.array() + ": failing it would stop the array; nothing was done");
      }
    }
    List<String> done = new ArrayList<>();
    for (ArrayMember member : members) {
      boolean present = Files.exists(root.resolve("dev").resolve(member.device()));
      if (!present) {
        tools.succeed(DiskCommands.removeDetached(mdadm, member.array()));
        done.add("/dev/" + member.array() + ": detached members (" + member.device()
            + ") failed and removed");
        LOG.info("md: detached {} removed from /dev/{}", member.device(), member.array());
        continue;
      }
      if (member.state() != MemberState.FAULTY && member.state() != MemberState.REMOVED) {
        fail(member.array(), member.device());
        done.add("/dev/" + member.device() + " set faulty in /dev/" + member.array());
      }
      remove(member.array(), member.device());
      done.add("/dev/" + member.device() + " removed from /dev/" + member.array());
    }
    return done;
  }

  /** {@code mdadm --examine /dev/DEVICE}: its superblock, or none. */
  public MdExamine examine(String device) throws HardwareException {
    String bare = DiskCommands.bare(device);
    CommandRunner.Result result = tools.run(DiskCommands.examine(mdadm, bare));
    return MdExamineParser.parse(bare, result);
  }

  /**
   * {@code mdadm --zero-superblock /dev/DEVICE}. mdadm 4.2 exits 0 and says {@code Unrecognised
   * md component device} when there was none; that is fine.
   */
  public void zeroSuperblock(String device) throws HardwareException {
    tools.succeed(DiskCommands.zeroSuperblock(mdadm, device));
    LOG.info("md: superblock of /dev/{} zeroed", DiskCommands.bare(device));
  }
}
