package io.tandem.hardware.disk;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command lines of the disk actions, built by pure functions from the configured command's
 * words ({@code mdadm.command}, which may carry a {@code sudo} prefix) and kernel names. No
 * shell is involved anywhere: each is an argv. Device names are checked against the kernel's
 * naming ({@code sdb}, {@code sdb1}, {@code nvme0n1p2}, {@code md0}) so that nothing else can
 * reach a tool's argument list.
 */
public final class DiskCommands {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_:-]{0,31}");

  private DiskCommands() {}

  /** {@code /dev/<name>} of a kernel name ({@code sdb1}; a {@code /dev/} prefix is accepted). */
  public static String dev(String name) {
    String bare = bare(name);
    return "/dev/" + bare;
  }

  /** The kernel name without {@code /dev/}, checked. */
  public static String bare(String name) {
    String bare = name.startsWith("/dev/") ? name.substring(5) : name;
    if (!NAME.matcher(bare).matches()) {
      throw new IllegalArgumentException("not a kernel device name: '" + name + "'");
    }
    return bare;
  }

  /** {@code mdadm --manage /dev/mdX --fail /dev/sdX1}. */
  public static List<String> fail(List<String> mdadm, String array, String member) {
    return manage(mdadm, array, "--fail", member);
  }

  /** {@code mdadm --manage /dev/mdX --remove /dev/sdX1}. */
  public static List<String> remove(List<String> mdadm, String array, String member) {
    return manage(mdadm, array, "--remove", member);
  }

  /**
   * {@code mdadm --manage /dev/mdX --remove detached}: members whose device is gone (a disk
   * pulled before it was failed), which cannot be named by {@code /dev} path any more.
   */
  public static List<String> removeDetached(List<String> mdadm, String array) {
    List<String> argv = new ArrayList<>(mdadm);
    argv.addAll(List.of("--manage", dev(array), "--fail", "detached", "--remove", "detached"));
    return argv;
  }

  /** {@code mdadm --manage /dev/mdX --add /dev/sdX1}. */
  public static List<String> add(List<String> mdadm, String array, String member) {
    return manage(mdadm, array, "--add", member);
  }

  private static List<String> manage(List<String> mdadm, String array, String op,
      String member) {
    List<String> argv = new ArrayList<>(mdadm);
    argv.addAll(List.of("--manage", dev(array), op, dev(member)));
    return argv;
  }

  /** {@code mdadm --examine /dev/sdX[N]}. */
  public static List<String> examine(List<String> mdadm, String device) {
    List<String> argv = new ArrayList<>(mdadm);
    argv.addAll(List.of("--examine", dev(device)));
    return argv;
  }

  /** {@code mdadm --zero-superblock /dev/sdX[N]}. */
  public static List<String> zeroSuperblock(List<String> mdadm, String device) {
    List<String> argv = new ArrayList<>(mdadm);
    argv.addAll(List.of("--zero-superblock", dev(device)));
    return argv;
  }

  /** {@code wipefs -a /dev/sdX}: every filesystem, RAID and partition-table signature. */
  public static List<String> wipefs(List<String> wipefs, String device) {
    List<String> argv = new ArrayList<>(wipefs);
    argv.addAll(List.of("-a", dev(device)));
    return argv;
  }

  /** {@code blkid -p -o value -s PTTYPE /dev/sdX}: {@code gpt}, {@code dos}, or exit 2. */
  public static List<String> partitionTableType(List<String> blkid, String device) {
    List<String> argv = new ArrayList<>(blkid);
    argv.addAll(List.of("-p", "-o", "value", "-s", "PTTYPE", dev(device)));
    return argv;
  }

  /**
   * {@code sgdisk --replicate=/dev/NEW /dev/PARTNER}: the partner's GPT copied onto the new
   * disk (sgdisk's own option order: the target in the option, the source last).
   */
  public static List<String> replicate(List<String> sgdisk, String newDisk, String partner) {
    List<String> argv = new ArrayList<>(sgdisk);
    argv.addAll(List.of("--replicate=" + dev(newDisk), dev(partner)));
    return argv;
  }

  /** {@code sgdisk --randomize-guids /dev/NEW}: the copy gets GUIDs of its own. */
  public static List<String> randomizeGuids(List<String> sgdisk, String newDisk) {
    List<String> argv = new ArrayList<>(sgdisk);
    argv.addAll(List.of("--randomize-guids", dev(newDisk)));
    return argv;
  }

  /**
   * {@code ledctl --listed-only PATTERN=/dev/sdX} ({@code locate}, {@code locate_off}, {@code
   * failure}, {@code normal}); {@code --listed-only} so that ledctl leaves every other LED as
   * it is.
   */
  public static List<String> ledctl(List<String> ledctl, String pattern, String device) {
    if (!List.of("locate", "locate_off", "failure", "normal").contains(pattern)) {
      throw new IllegalArgumentException("not a ledctl pattern tandem uses: " + pattern);
    }
    List<String> argv = new ArrayList<>(ledctl);
    argv.addAll(List.of("--listed-only", pattern + "=" + dev(device)));
    return argv;
  }
}
