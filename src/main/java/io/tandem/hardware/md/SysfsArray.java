package io.tandem.hardware.md;

import io.tandem.hardware.MemberState;
import io.tandem.hardware.SyncAction;
import java.util.List;
import java.util.Objects;

/**
 * One array as sysfs describes it, interpreted by {@link SysfsMdInterpreter}. Immutable.
 *
 * @param name {@code md0}
 * @param arrayState {@code array_state} ({@code clean}, {@code active}, {@code inactive},
 *     {@code read-auto}, {@code broken}, ...); {@code ""} when missing
 * @param level {@code raid1}, ...; {@code ""} when empty (inactive) or missing
 * @param raidDisks the number of roles; during a reshape the new number; -1 when unknown
 * @param raidDisksBefore during a reshape the number before it ({@code "4 (3)"}); else -1
 * @param degraded roles without an in-sync member; -1 when not shown (raid0, linear, inactive)
 * @param action what {@code sync_action} says; NONE for {@code idle} and {@code frozen}
 * @param actionWord {@code sync_action} as written; {@code ""} when missing
 * @param syncDoneSectors first number of {@code sync_completed}; -1 when {@code none}
 * @param syncTotalSectors second number; -1 when {@code none}
 * @param syncDelayed {@code sync_completed} reads {@code delayed}
 * @param members every {@code dev-*} member
 * @param warnings values that were not understood, in plain words
 */
public record SysfsArray(String name, String arrayState, String level, int raidDisks,
    int raidDisksBefore, int degraded, SyncAction action, String actionWord,
    long syncDoneSectors, long syncTotalSectors, boolean syncDelayed, List<Member> members,
    List<String> warnings) {
  public SysfsArray {
    Objects.requireNonNull(name, "name");
    members = List.copyOf(members);
    warnings = List.copyOf(warnings);
  }

  /** True when the array is not running ({@code inactive}, {@code clear}). */
  public boolean inactive() {
    return arrayState.equals("inactive") || arrayState.equals("clear");
  }

  /**
   * One member.
   *
   * @param device the kernel name ({@code sdb1})
   * @param slot its role; -1 for {@code none} (spare, faulty and out) or a journal
   * @param words the {@code state} words ({@code in_sync}, {@code faulty}, {@code spare},
   *     {@code write_mostly}, {@code replacement}, ...)
   * @param state what the words mean to an operator
   * @param writeMostly {@code write_mostly}
   * @param journal a write-journal device ({@code journal})
   */
  public record Member(String device, int slot, List<String> words, MemberState state,
      boolean writeMostly, boolean journal) {
    public Member {
      words = List.copyOf(words);
    }
  }
}
