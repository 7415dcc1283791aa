package io.tandem.hardware;

/** An array member's state in the status. */
public enum MemberState {
  IN_SYNC, SPARE, FAULTY, REBUILDING, REMOVED, UNKNOWN;

  /** The word in the status: {@code in_sync}, {@code spare}, ... */
  public String word() {
    return Words.of(this);
  }
}
