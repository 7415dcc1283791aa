package io.tandem.net;

/**
 * A one-way flag raised when a server stops, read by connection handlers between units of work.
 * Thread-safe.
 */
public final class ShutdownSignal {
  private volatile boolean requested;

  /** Raises the flag; it never goes down again. */
  public void request() {
    requested = true;
  }

  /** Whether {@link #request()} has been called. */
  public boolean isRequested() {
    return requested;
  }
}
