package io.tandem.imap.protocol;

import java.util.List;

/**
 * A sequence-set (RFC 3501 §9): message sequence numbers or UIDs as ranges, in the order the
 * client sent them, or {@code $}, the saved result of the last SEARCH (RFC 5182). {@code *} is
 * {@link #STAR}, larger than any number so that ranges compare naturally. Immutable.
 *
 * @param ranges the ranges; empty only when {@code savedResult}
 * @param savedResult whether the set is {@code $}
 */
public record SequenceSet(List<Range> ranges, boolean savedResult) {
  /** Stands for {@code *}: the last message in the mailbox. */
  public static final long STAR = Long.MAX_VALUE;

  /** Copies the ranges. */
  public SequenceSet {
    ranges = List.copyOf(ranges);
  }

  /**
   * One element: {@code first:last}, or a single number when both are equal. The two ends are
   * kept as sent; RFC 3501 §9 lets {@code 7:2} mean {@code 2:7}, see {@link #low()}.
   */
  public record Range(long first, long last) {
    /** The smaller end. */
    public long low() {
      return Math.min(first, last);
    }

    /** The larger end. */
    public long high() {
      return Math.max(first, last);
    }
  }

  /** A set of explicit ranges. */
  public static SequenceSet of(List<Range> ranges) {
    return new SequenceSet(ranges, false);
  }

  /**
   * Whether {@code value} is in one of the ranges, {@code *} standing for {@code star} (the
   * mailbox's last UID or sequence number). Not for {@code $}, which holds no ranges.
   */
  public boolean contains(long value, long star) {
    for (Range range : ranges) {
      long first = range.first() == STAR ? star : range.first();
      long last = range.last() == STAR ? star : range.last();
      if (value >= Math.min(first, last) && value <= Math.max(first, last)) {
        return true;
      }
    }
    return false;
  }

  /** {@code $}. */
  public static SequenceSet saved() {
    return new SequenceSet(List.of(), true);
  }
}
