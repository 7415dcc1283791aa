package io.tandem.replication;

import java.time.Duration;

/**
 * Delays between attempts to reach the partner: doubling from {@code first} to {@code max}, so a
 * partner that is down for maintenance is not hammered and one that is back is found quickly.
 * Not thread-safe.
 */
final class Backoff {
  private final long firstMillis;
  private final long maxMillis;
  private long nextMillis;

  Backoff(Duration first, Duration max) {
    this.firstMillis = first.toMillis();
    this.maxMillis = max.toMillis();
    this.nextMillis = firstMillis;
  }

  /** The delay before the next attempt; each call doubles the one after, up to the maximum. */
  long nextDelayMillis() {
    long delay = nextMillis;
    nextMillis = Math.min(maxMillis, nextMillis * 2);
    return delay;
  }

  /** After a connection that worked: start again from the first delay. */
  void reset() {
    nextMillis = firstMillis;
  }
}
