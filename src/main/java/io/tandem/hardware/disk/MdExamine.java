package io.tandem.hardware.disk;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code mdadm --examine} found on one device: no md superblock, or one (of an array
 * identified by its UUID).
 *
 * @param device the device examined ({@code sdb1})
 * @param superblock the superblock; empty when there is none
 */
public record MdExamine(String device, Optional<Superblock> superblock) {
  public MdExamine {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(superblock, "superblock");
  }

  /**
   * An md superblock.
   *
   * @param metadata its version ({@code 1.2}, {@code 0.90.00})
   * @param arrayUuid the array's UUID, 32 lower-case hex digits (the form of sysfs' {@code
   *     md/uuid} without dashes, and of mdadm's colon form without colons)
   * @param name the array's name ({@code tandem:0}, {@code nas2:mail}); empty for 0.90, which
   *     has none
   * @param level {@code raid1}, ...
   * @param role mdadm's words for this device's role: {@code Active device 1}, {@code spare},
   *     {@code Replacement device 0}; for 0.90 the state words of its {@code this} row
   * @param events the event count it last recorded (a stale member has fewer than the array)
   */
  public record Superblock(String metadata, String arrayUuid, String name, String level,
      String role, String events) {
    public Superblock {
      Objects.requireNonNull(metadata, "metadata");
      Objects.requireNonNull(arrayUuid, "arrayUuid");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(events, "events");
    }
  }

  /** How a device stands towards this machine's arrays. */
  public enum Kind {
    /** No md superblock: a blank disk or partition. */
    NONE,
    /** A superblock of one of this machine's arrays (a member, or a stale former one). */
    OURS,
    /** A superblock of an array this machine does not have: another machine's disk. */
    FOREIGN
  }

  /**
   * The device's relation to this machine's arrays.
   *
   * @param kind none, ours, foreign
   * @param arrayUuid the superblock's array UUID (empty for none)
   * @param name the superblock's array name (empty for none or 0.90)
   */
  public record Relation(Kind kind, String arrayUuid, String name) {
    /** In an operator's words. */
    public String describe(String device) {
      return switch (kind) {
        case NONE -> "/dev/" + device + " has no md superblock";
        case OURS -> "/dev/" + device + " belongs to this machine's array " + arrayUuid;
        case FOREIGN -> "/dev/" + device + " carries the md superblock of another array ("
            + (name.isEmpty() ? "" : "name " + name + ", ") + "UUID " + arrayUuid + ")";
      };
    }
  }

  /**
   * Where the device stands given the UUIDs of this machine's arrays (any form: dashed,
   * colon-separated, plain; any case).
   */
  public Relation against(Collection<String> ourArrayUuids) {
    if (superblock.isEmpty()) {
      return new Relation(Kind.NONE, "", "");
    }
    Superblock sb = superblock.get();
    boolean ours = ourArrayUuids.stream().map(MdExamine::normalUuid)
        .anyMatch(sb.arrayUuid()::equals);
    return new Relation(ours ? Kind.OURS : Kind.FOREIGN, sb.arrayUuid(), sb.name());
  }

  /** A UUID as 32 lower-case hex digits, whatever separators it came with. */
  public static String normalUuid(String uuid) {
    return uuid.replaceAll("[^0-9A-Fa-f]", "").toLowerCase(Locale.ROOT);
  }
}
