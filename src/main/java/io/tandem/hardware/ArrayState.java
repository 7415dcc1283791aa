package io.tandem.hardware;

/**
 * An md array's state in the status, the most pressing one when several hold (a recovering
 * array is {@code recovering}, not {@code degraded}).
 */
public enum ArrayState {
  CLEAN, DEGRADED, RESYNCING, RECOVERING, CHECKING, REPAIRING, RESHAPING, FAILED, INACTIVE,
  UNKNOWN;

  /** The word in the status: {@code clean}, {@code degraded}, ... */
  public String word() {
    return Words.of(this);
  }
}
