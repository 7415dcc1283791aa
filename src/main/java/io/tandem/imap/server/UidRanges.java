package io.tandem.imap.server;

import io.tandem.imap.protocol.SequenceSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The messages a command names, as ascending, disjoint UID ranges over a session's sorted UID
 * array: {@code FETCH 1:*} of 100,000 messages is one range, not 100,000 boxed UIDs. A range
 * {@code [low, high]} stands for the UIDs of the view between its ends when it was resolved;
 * a UID inside a range that the view does not hold (expunged since) is the caller's to skip,
 * as the index no longer has it either. Immutable.
 */
final class UidRanges {
  static final UidRanges EMPTY = new UidRanges(new long[0]);

  /** low0, high0, low1, high1, ... ascending; ranges neither overlap nor touch in the view. */
  private final long[] bounds;

  private UidRanges(long[] bounds) {
    this.bounds = bounds;
  }

  /**
   * The UIDs of {@code uids[0..count)} (ascending) that a set names: by sequence number, or by
   * UID when {@code byUid}; UIDs the mailbox does not hold are left out (RFC 3501 §6.4.8), and
   * {@code *} is the last message (RFC 3501 §9: {@code 7:2} is {@code 2:7}, and {@code 5:*}
   * names the last message even when it is below 5).
   *
   * @throws IllegalArgumentException for a sequence number beyond the mailbox
   */
  static UidRanges resolve(long[] uids, int count, SequenceSet set, boolean byUid) {
    Positions positions = new Positions();
    for (SequenceSet.Range range : set.ranges()) {
      if (byUid) {
        if (count == 0) {
          continue;
        }
        long last = uids[count - 1];
        long low = Math.min(star(range.first(), last), star(range.last(), last));
        long high = Math.max(star(range.first(), last), star(range.last(), last));
        positions.add(lowerBound(uids, count, low), lowerBound(uids, count, high + 1) - 1);
      } else {
        long low = Math.min(star(range.first(), count), star(range.last(), count));
        long high = Math.max(star(range.first(), count), star(range.last(), count));
        if (low < 1 || high > count) {
          throw new IllegalArgumentException("Invalid message sequence number (the mailbox has "
              + count + " messages)");
        }
        positions.add((int) low - 1, (int) high - 1);
      }
    }
    return positions.toRanges(uids);
  }

  /** The given UIDs that {@code uids[0..count)} holds (SEARCH's saved {@code $}, STORE's list). */
  static UidRanges held(long[] uids, int count, Collection<Long> wanted) {
    Positions positions = new Positions();
    for (long uid : wanted) {
      int at = Arrays.binarySearch(uids, 0, count, uid);
      if (at >= 0) {
        positions.add(at, at);
      }
    }
    return positions.toRanges(uids);
  }

  /** Every UID of {@code uids[0..count)}. */
  static UidRanges all(long[] uids, int count) {
    return count == 0 ? EMPTY : new UidRanges(new long[] {uids[0], uids[count - 1]});
  }

  boolean isEmpty() {
    return bounds.length == 0;
  }

  /** The lowest UID of the first range; only when not empty. */
  long lowest() {
    return bounds[0];
  }

  /** The highest UID of the last range; only when not empty. */
  long highest() {
    return bounds[bounds.length - 1];
  }

  boolean contains(long uid) {
    int range = rangeFrom(uid);
    return range < bounds.length / 2 && bounds[2 * range] <= uid;
  }

  /** The smallest UID at or above {@code uid} inside a range, or -1 when none is. */
  long nextFrom(long uid) {
    int range = rangeFrom(uid);
    if (range == bounds.length / 2) {
      return -1;
    }
    return Math.max(uid, bounds[2 * range]);
  }

  /** The UIDs of {@code uids[0..count)} inside the ranges, ascending. */
  List<Long> in(long[] uids, int count) {
    List<Long> list = new ArrayList<>();
    for (int i = 0; i < bounds.length; i += 2) {
      for (int at = lowerBound(uids, count, bounds[i]); at < count && uids[at] <= bounds[i + 1];
          at++) {
        list.add(uids[at]);
      }
    }
    return list;
  }

  /** The first range whose high end is at or above {@code uid} (the number of ranges if none). */
  private int rangeFrom(long uid) {
    int low = 0;
    int high = bounds.length / 2;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (bounds[2 * middle + 1] < uid) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** The first position whose UID is at or above {@code uid}. */
  private static int lowerBound(long[] uids, int count, long uid) {
    int at = Arrays.binarySearch(uids, 0, count, uid);
    return at < 0 ? -at - 1 : at;
  }

  private static long star(long value, long last) {
    return value == SequenceSet.STAR ? last : value;
  }

  /** Intervals of positions in the UID array, in any order, merged when turned into ranges. */
  private static final class Positions {
    private int[] from = new int[4];
    private int[] to = new int[4];
    private int size;

    void add(int first, int last) {
      if (first > last) {
        return;
      }
      if (size == from.length) {
        from = Arrays.copyOf(from, size * 2);
        to = Arrays.copyOf(to, size * 2);
      }
      from[size] = first;
      to[size++] = last;
    }

    UidRanges toRanges(long[] uids) {
      if (size == 0) {
        return EMPTY;
      }
      // Sort the intervals by start (as longs: start in the high half, index in the low one).
      long[] order = new long[size];
      for (int i = 0; i < size; i++) {
        order[i] = ((long) from[i] << 32) | i;
      }
      Arrays.sort(order);
      long[] bounds = new long[2 * size];
      int ranges = 0;
      int start = -1;
      int end = -2;
      for (long entry : order) {
        int i = (int) entry;
        if (from[i] > end + 1) {
          if (start >= 0) {
            bounds[2 * ranges] = uids[start];
            bounds[2 * ranges++ + 1] = uids[end];
          }
          start = from[i];
        }
        end = Math.max(end, to[i]);
      }
      bounds[2 * ranges] = uids[start];
      bounds[2 * ranges++ + 1] = uids[end];
      return new UidRanges(Arrays.copyOf(bounds, 2 * ranges));
    }
  }
}
