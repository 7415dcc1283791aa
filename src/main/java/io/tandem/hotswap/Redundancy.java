package io.tandem.hotswap;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How many members an md array can lose, per level (pure). Slots are the members' role numbers;
 * "complete" slots are those holding an in-sync copy (rebuilding members are not yet a copy).
 *
 * <ul>
 *   <li>raid1: data survives while one in-sync member is left (n-1 may go);</li>
 *   <li>raid4, raid5: while at most 1 slot is missing; raid6: at most 2;</li>
 *   <li>raid10 (the default "near=2" layout, the only one assumed): per mirror pair; with an
 *       even number of slots the pairs are slots 2k and 2k+1, with an odd number each chunk sits
 *       on two neighbouring slots, so no two neighbours (i, i+1 mod n) may both be missing;</li>
 *   <li>raid0, linear: no slot may be missing.</li>
 * </ul>
 */
final class Redundancy {
  /** The levels the guard can reason about. */
  enum Level { MIRROR, PARITY1, PARITY2, RAID10, STRIPE }

  private Redundancy() {}

  /** The level of an md level word ({@code raid1}, ...); empty for one the guard does not know. */
  static Optional<Level> of(String level) {
    return switch (level.toLowerCase(Locale.ROOT)) {
      case "raid1" -> Optional.of(Level.MIRROR);
      case "raid4", "raid5" -> Optional.of(Level.PARITY1);
      case "raid6" -> Optional.of(Level.PARITY2);
      case "raid10" -> Optional.of(Level.RAID10);
      case "raid0", "linear" -> Optional.of(Level.STRIPE);
      default -> Optional.empty();
    };
  }

  /** Whether the data is all there with only {@code complete} slots of {@code raidDisks}. */
  static boolean survives(Level level, int raidDisks, Set<Integer> complete) {
    long missing = raidDisks - complete.stream().filter(s -> s >= 0 && s < raidDisks).count();
    return switch (level) {
      case MIRROR -> missing < raidDisks;
      case PARITY1 -> missing <= 1;
      case PARITY2 -> missing <= 2;
      case STRIPE -> missing == 0;
      case RAID10 -> raid10Survives(raidDisks, complete);
    };
  }

  /** Whether losing any one more complete slot still leaves the data whole. */
  static boolean redundant(Level level, int raidDisks, Set<Integer> complete) {
    for (int slot : complete) {
      Set<Integer> fewer = new HashSet<>(complete);
      fewer.remove(slot);
      if (!survives(level, raidDisks, fewer)) {
        return false;
      }
    }
    return survives(level, raidDisks, complete);
  }

  /**
   * The complete slots a rebuild onto {@code rebuilding} reads from: for raid10 the rebuilding
   * slots' mirror partners; for the other levels every complete slot (a mirror copies from its
   * in-sync members, parity is computed from all). Every complete slot when the rebuilding slots
   * are not known.
   */
  static Set<Integer> rebuildSources(Level level, int raidDisks, Set<Integer> complete,
      Set<Integer> rebuilding) {
    if (level != Level.RAID10 || rebuilding.isEmpty()) {
      return Set.copyOf(complete);
    }
    Set<Integer> sources = new HashSet<>();
    for (int slot : rebuilding) {
      for (int partner : raid10Partners(raidDisks, slot)) {
        if (complete.contains(partner)) {
          sources.add(partner);
        }
      }
    }
    return sources;
  }

  /** The slots holding the same chunks as {@code slot} in a near=2 raid10. */
  static Set<Integer> raid10Partners(int raidDisks, int slot) {
    if (raidDisks < 2) {
      return Set.of();
    }
    if (raidDisks % 2 == 0) {
      return Set.of(slot ^ 1);
    }
    return Set.of((slot + 1) % raidDisks, (slot + raidDisks - 1) % raidDisks);
  }

  private static boolean raid10Survives(int raidDisks, Set<Integer> complete) {
    if (raidDisks < 2) {
      return complete.contains(0);
    }
    int step = raidDisks % 2 == 0 ? 2 : 1;
    for (int slot = 0; slot < raidDisks; slot += step) {
      int next = raidDisks % 2 == 0 ? slot + 1 : (slot + 1) % raidDisks;
      if (!complete.contains(slot) && !complete.contains(next)) {
        return false;
      }
    }
    return true;
  }
}
