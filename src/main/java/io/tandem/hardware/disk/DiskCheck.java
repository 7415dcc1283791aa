package io.tandem.hardware.disk;

import io.tandem.hardware.DiskHealth;
import io.tandem.hardware.Sources.SmartVerdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Whether a newly inserted disk may replace a disk in the arrays. Pure: the facts are gathered
 * by the caller (sysfs size and serial, {@link io.tandem.hardware.smart.SmartSource}, {@link
 * DiskPreparation#examineAll}, the serials in the other bays).
 *
 * <p>Blocking: smaller than what it must hold; SMART failing; a foreign md superblock on it or
 * a partition (unless the operator asked to wipe); the serial of a disk still present in another
 * bay (the same disk seen twice, or a cloned serial). Notes (not blocking): SMART warning or
 * unknown; a superblock of one of this machine's own arrays (a former member coming back:
 * {@code mdadm --add} takes it back in).
 */
public final class DiskCheck {
  private DiskCheck() {}

  /**
   * The new disk.
   *
   * @param device its kernel name
   * @param serial its serial (sysfs)
   * @param sizeBytes its capacity
   */
  public record NewDisk(String device, String serial, long sizeBytes) {}

  /**
   * How large it must be.
   *
   * @param minBytes at least this
   * @param why what it must hold, in words ({@code the largest member it replaces, sdb1})
   */
  public record Requirement(long minBytes, String why) {
    /** The largest of the member sizes (partitions or whole disks) it must replace. */
    public static Requirement largestOf(java.util.Map<String, Long> memberBytes) {
      var largest = memberBytes.entrySet().stream().max(java.util.Map.Entry.comparingByValue())
          .orElseThrow(() -> new IllegalArgumentException("no members to replace"));
      return new Requirement(largest.getValue(), "the largest member it replaces, /dev/"
          + largest.getKey());
    }
  }

  /**
   * One finding.
   *
   * @param code a stable word ({@code too-small}, {@code smart-failing}, {@code
   *     foreign-superblock}, {@code serial-in-other-bay}, {@code smart-warning}, {@code
   *     smart-unknown}, {@code own-superblock})
   * @param text what an operator reads
   * @param blocking the disk may not be used while it stands
   */
  public record Finding(String code, String text, boolean blocking) {}

  /** Every finding; the disk may be used when none blocks. */
  public record Result(List<Finding> findings) {
    public Result {
      findings = List.copyOf(findings);
    }

    public boolean ok() {
      return findings.stream().noneMatch(Finding::blocking);
    }

    /** The blocking findings' texts, for a refusal. */
    public List<String> refusals() {
      return findings.stream().filter(Finding::blocking).map(Finding::text).toList();
    }
  }

  /**
   * @param disk the new disk
   * @param required how large it must be
   * @param smart its SMART verdict (null when it could not be read)
   * @param superblocks {@code mdadm --examine} of the disk and each partition
   * @param ourArrayUuids this machine's arrays' UUIDs
   * @param serialsInOtherBays serials of the disks present in the other bays
   * @param wipe the operator asked to wipe it ({@code --wipe})
   */
  public static Result check(NewDisk disk, Requirement required, SmartVerdict smart,
      List<MdExamine> superblocks, Collection<String> ourArrayUuids,
      Collection<String> serialsInOtherBays, boolean wipe) {
    Objects.requireNonNull(disk, "disk");
    List<Finding> out = new ArrayList<>();
    if (disk.sizeBytes() < required.minBytes()) {
      out.add(new Finding("too-small", "/dev/" + disk.device() + " holds " + disk.sizeBytes()
          + " bytes, less than " + required.why() + " (" + required.minBytes() + " bytes)",
          true));
    }
    if (smart == null || smart.health() == DiskHealth.UNKNOWN) {
      out.add(new Finding("smart-unknown", "SMART of /dev/" + disk.device()
          + " could not be read" + (smart == null || smart.reasons().isEmpty() ? ""
              : ": " + String.join("; ", smart.reasons())), false));
    } else if (smart.health() == DiskHealth.FAILING) {
      out.add(new Finding("smart-failing", "SMART says /dev/" + disk.device() + " is failing: "
          + String.join("; ", smart.reasons()), true));
    } else if (smart.health() == DiskHealth.WARNING) {
      out.add(new Finding("smart-warning", "SMART warns about /dev/" + disk.device() + ": "
          + String.join("; ", smart.reasons()), false));
    }
    for (MdExamine examined : superblocks) {
      MdExamine.Relation relation = examined.against(ourArrayUuids);
      switch (relation.kind()) {
        case FOREIGN -> out.add(new Finding("foreign-superblock", relation.describe(
            examined.device()) + (wipe ? "; it will be wiped (--wipe)"
                : "; refused unless wiped (--wipe)"), !wipe));
        case OURS -> out.add(new Finding("own-superblock", relation.describe(examined.device())
            + " (a former member: mdadm --add takes it back)", false));
        case NONE -> { }
      }
    }
    if (!disk.serial().isBlank() && serialsInOtherBays.contains(disk.serial())) {
      out.add(new Finding("serial-in-other-bay", "serial " + disk.serial() + " of /dev/"
          + disk.device() + " is also the serial of a disk still in another bay", true));
    }
    return new Result(out);
  }
}
