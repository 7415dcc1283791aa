package io.tandem.hardware;

import java.util.List;
import java.util.Objects;

/**
 * One md array as read from the kernel (sysfs first, {@code /proc/mdstat} for progress,
 * {@code mdadm --detail} for roles).
 *
 * @param name the kernel name, {@code md0}
 * @param level {@code raid1}, {@code raid5}, ..., {@code linear}; {@code ""} when inactive
 * @param state the most pressing state
 * @param raidDisks how many members the array is meant to have ({@code raid_disks})
 * @param members every member, spares and faulty ones included; an empty slot is a member
 *     with {@code device} null and state REMOVED
 * @param sync what the array is doing, with progress
 */
public record MdArray(String name, String level, ArrayState state, int raidDisks,
    List<MdMember> members, MdSync sync) {
  public MdArray {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(state, "state");
    members = List.copyOf(members);
    Objects.requireNonNull(sync, "sync");
  }

  /**
   * One member.
   *
   * @param device the kernel name of the member's block device ({@code sdb1}, {@code
   *     nvme0n1p2}); null for an empty slot
   * @param slot its role number in the array; -1 for a spare or a faulty device without one
   * @param state its state
   * @param writeMostly true for a write-mostly member (not read from while others are there)
   */
  public record MdMember(String device, int slot, MemberState state, boolean writeMostly) {
    public MdMember {
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * What the array is doing.
   *
   * @param action none, resync, recovery, check, repair or reshape
   * @param percent progress as the kernel shows it; -1 when unknown or none
   * @param etaSeconds the kernel's estimate of the time left; -1 when unknown or none
   * @param delayed the action waits for another array on the same disks (DELAYED or PENDING)
   */
  public record MdSync(SyncAction action, double percent, long etaSeconds, boolean delayed) {
    /** Nothing under way. */
    public static final MdSync NONE = new MdSync(SyncAction.NONE, -1, -1, false);

    public MdSync {
      Objects.requireNonNull(action, "action");
    }
  }
}
