package io.tandem.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The newest journal entries, kept in memory as they are made durable, so that the replication
 * sender streams new entries the moment they exist instead of polling and re-reading segment
 * files. Older entries (a replica catching up) are read from the journal files. Thread-safe.
 */
public final class JournalFeed {
  private final JournalEntry[] ring;
  /** The last entry published (or the journal's last entry at open); 0 for none. */
  private long lastSeq;
  /** The oldest entry held; {@code lastSeq + 1} when none is. */
  private long firstHeld;

  /** A feed holding at most {@code capacity} entries, starting after {@code lastSeq}. */
  public JournalFeed(int capacity, long lastSeq) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity);
    }
    this.ring = new JournalEntry[capacity];
    this.lastSeq = lastSeq;
    this.firstHeld = lastSeq + 1;
  }

  /** Adds durable entries, which continue the sequence, and wakes the waiting readers. */
  synchronized void publish(List<JournalEntry> entries) {
    for (JournalEntry entry : entries) {
      if (entry.seq() != lastSeq + 1) {
        throw new IllegalArgumentException("feed entry " + entry.seq() + " does not follow "
            + lastSeq);
      }
      ring[slot(entry.seq())] = entry;
      lastSeq = entry.seq();
      firstHeld = Math.max(firstHeld, lastSeq - ring.length + 1);
    }
    notifyAll();
  }

  /** Forgets every entry: the journal now continues after {@code seq}. */
  synchronized void reset(long seq) {
    java.util.Arrays.fill(ring, null);
    lastSeq = seq;
    firstHeld = seq + 1;
    notifyAll();
  }

  /** The last durable entry's seq. */
  public synchronized long lastSeq() {
    return lastSeq;
  }

  /**
   * Up to {@code max} consecutive entries after {@code seq}, waiting up to {@code timeoutMillis}
   * for the first when there is none yet.
   *
   * @return the entries (empty when the wait ran out), or null when the entry after {@code seq}
   *     is older than what the feed holds: read it from the journal files
   */
  public synchronized List<JournalEntry> after(long seq, int max, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (seq >= lastSeq) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return List.of();
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    if (seq + 1 < firstHeld) {
      return null;
    }
    List<JournalEntry> out = new ArrayList<>((int) Math.min(max, lastSeq - seq));
    for (long s = seq + 1; s <= lastSeq && out.size() < max; s++) {
      out.add(ring[slot(s)]);
    }
    return out;
  }

  private int slot(long seq) {
    return (int) Math.floorMod(seq, (long) ring.length);
  }
}
