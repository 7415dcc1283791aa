package io.tandem.reconcile;

import io.tandem.journal.EpochHistory.Start;
import java.util.List;
import java.util.TreeSet;

/**
 * Where two journals part: the last seq up to which both hold the same entries. Entries of the
 * same epoch at the same seq are the same entry (one primary wrote that epoch, and replicas
 * apply a prefix of it), so it is enough to compare which epoch wrote each seq. A history that
 * starts late (its journal was reset by a full resync, which made the store equal to the
 * primary's at that point) is taken to agree before its start, and an empty one (no entry
 * since such a reset) everywhere. Pure.
 */
public final class CommonHistory {
  private CommonHistory() {}

  /**
   * The last seq both journals hold with the same epoch, or 0 when they agree on nothing.
   *
   * @param ours our epoch history, oldest first
   * @param ourLast our last seq
   * @param theirs the partner's epoch history, oldest first
   * @param theirLast the partner's last seq
   */
  public static long lastCommonSeq(List<Start> ours, long ourLast, List<Start> theirs,
      long theirLast) {
    long limit = Math.max(Math.min(ourLast, theirLast), 0);
    if (ours.isEmpty() || theirs.isEmpty()) {
      return limit;
    }
    long from = Math.max(firstSeq(ours), firstSeq(theirs));
    // Both are step functions of the seq: they can only start to differ where one steps.
    TreeSet<Long> steps = new TreeSet<>();
    steps.add(from);
    for (List<Start> history : List.of(ours, theirs)) {
      for (Start start : history) {
        if (start.firstSeq() > from) {
          steps.add(start.firstSeq());
        }
      }
    }
    for (long seq : steps) {
      if (seq > limit) {
        break;
      }
      if (epochAt(ours, seq) != epochAt(theirs, seq)) {
        return seq - 1;
      }
    }
    return limit;
  }

  private static long firstSeq(List<Start> history) {
    return history.get(0).firstSeq();
  }

  /** The epoch that wrote {@code seq}, at or after the history's first seq. */
  private static long epochAt(List<Start> history, long seq) {
    long epoch = history.get(0).epoch();
    for (Start start : history) {
      if (start.firstSeq() <= seq) {
        epoch = start.epoch();
      }
    }
    return epoch;
  }
}
