package io.tandem.hardware;

/** A power supply's state from the BMC's sensors. */
public enum PsuState {
  OK, FAILED, PREDICTIVE_FAILURE, AC_LOST, ABSENT, UNKNOWN;

  /** The word in the status: {@code ok}, {@code ac_lost}, ... */
  public String word() {
    return Words.of(this);
  }
}
