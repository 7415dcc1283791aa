package io.tandem.hardware;

/** A disk's health verdict from SMART: ok, warning (watch it), failing (replace it), unknown. */
public enum DiskHealth {
  OK, WARNING, FAILING, UNKNOWN;

  /** The word in the status. */
  public String word() {
    return Words.of(this);
  }
}
