package io.tandem.backup;

import io.tandem.scrub.RateLimiter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Paces and counts what is read from a message file. */
final class PacedStream extends FilterInputStream {
  private final RateLimiter pace;
  private final RunCounters counters;

  PacedStream(InputStream in, RateLimiter pace, RunCounters counters) {
    super(in);
    this.pace = pace;
    this.counters = counters;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      counters.read(n);
      try {
        pace.acquire(n);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("the backup run was stopped");
      }
    }
    return n;
  }
}
