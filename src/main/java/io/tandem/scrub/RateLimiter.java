package io.tandem.scrub;

import java.util.function.LongSupplier;

/**
 * Paces reading to at most {@code bytesPerSecond} on average (a token bucket holding one
 * second's worth), so that a scrub never takes the disks from mail: after each piece read, it
 * sleeps as long as the rate asks. Time that passed without reading earns at most one second of
 * credit. A rate of 0 or less means no limit. Not thread-safe: one scrub reads at a time.
 */
public final class RateLimiter {
  /** Sleeps, for real or (in tests) on a fake clock. */
  @FunctionalInterface
  interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private static final double NANOS_PER_SECOND = 1e9;

  private final long bytesPerSecond;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private double tokens;
  private long last;
  private boolean started;

  RateLimiter(long bytesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
    this.bytesPerSecond = bytesPerSecond;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** A limiter on the real clock. */
  public static RateLimiter of(long bytesPerSecond) {
    return new RateLimiter(bytesPerSecond, System::nanoTime,
        nanos -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos));
  }

  /** Accounts for {@code bytes} just read, sleeping if they came faster than the rate. */
  public void acquire(long bytes) throws InterruptedException {
    if (bytesPerSecond <= 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (!started) {
      started = true;
      tokens = bytesPerSecond;
    } else {
      tokens = Math.min(bytesPerSecond, tokens + (now - last) * bytesPerSecond / NANOS_PER_SECOND);
    }
    last = now;
    tokens -= bytes;
    if (tokens < 0) {
      long wait = (long) Math.ceil(-tokens * NANOS_PER_SECOND / bytesPerSecond);
      sleeper.sleepNanos(wait);
      last = now + wait;
      tokens = 0;
    }
  }
}
