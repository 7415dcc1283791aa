package io.tandem.replication;

import io.tandem.replication.PeerMessage.Hello;
import java.util.List;
import java.util.Objects;

/**
 * What the primary knows when a replica connects: the replica's {@link Hello} and the primary's
 * own journal and epoch history. The history is kept for the life of the store (it is tiny), so
 * the epoch of any seq can be told even after the journal was pruned.
 *
 * @param replica the replica's hello, as received (not yet validated)
 * @param epoch the primary's current epoch
 * @param journalFirstSeq the oldest entry the primary still holds ({@code last + 1} if none)
 * @param journalLastSeq the newest entry the primary has made durable (0 before the first)
 * @param epochHistory each epoch that wrote entries and the seq of its first entry, oldest
 *     first, starting at seq 1
 */
public record CatchUpInput(Hello replica, long epoch, long journalFirstSeq, long journalLastSeq,
    List<EpochStart> epochHistory) {

  /** From {@code firstSeq} on, entries were written in {@code epoch}. */
  public record EpochStart(long epoch, long firstSeq) {}

  /** Checks the primary's own facts; a bad one is a bug here, not the peer's fault. */
  public CatchUpInput {
    Objects.requireNonNull(replica, "replica");
    epochHistory = List.copyOf(epochHistory);
    if (journalLastSeq < 0 || journalFirstSeq < 1 || journalFirstSeq > journalLastSeq + 1) {
      throw new IllegalArgumentException("journal range " + journalFirstSeq + ".."
          + journalLastSeq + " is impossible");
    }
    if (epochHistory.isEmpty() || epochHistory.get(0).firstSeq() != 1) {
      throw new IllegalArgumentException("the epoch history must start at seq 1");
    }
    for (int i = 1; i < epochHistory.size(); i++) {
      EpochStart before = epochHistory.get(i - 1);
      EpochStart after = epochHistory.get(i);
      if (after.epoch() <= before.epoch() || after.firstSeq() < before.firstSeq()) {
        throw new IllegalArgumentException("epoch history out of order: " + before + ", "
            + after);
      }
    }
    if (epochHistory.get(epochHistory.size() - 1).epoch() > epoch) {
      throw new IllegalArgumentException("the epoch history goes past the current epoch "
          + epoch);
    }
  }

  /** The epoch in which the primary wrote entry {@code seq} (seq &gt;= 1). */
  public long epochAt(long seq) {
    long found = epochHistory.get(0).epoch();
    for (EpochStart start : epochHistory) {
      if (start.firstSeq() <= seq) {
        found = start.epoch();
      }
    }
    return found;
  }

  /** The seq of the primary's last entry written before epoch {@code epoch} began. */
  long lastSeqBefore(long epoch) {
    for (EpochStart start : epochHistory) {
      if (start.epoch() > epoch) {
        return start.firstSeq() - 1;
      }
    }
    return journalLastSeq;
  }
}
