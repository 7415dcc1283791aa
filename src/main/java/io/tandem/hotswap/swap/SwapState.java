package io.tandem.hotswap.swap;

import java.util.Locale;

/** Where a hot-swap stands. */
public enum SwapState {
  /** Prepared: the part may be pulled now (its LED blinks, the panel says which). */
  PREPARED,
  /** The part is out; waiting for the new one. */
  PULLED,
  /** A new part is in; being checked (a disk: partitioned and added to its arrays). */
  REPLACED,
  /** The new disk is in its arrays, which rebuild onto it. */
  REBUILDING,
  /** Over: redundancy is back. */
  DONE;

  /** The word in the status: {@code prepared}, ... */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
