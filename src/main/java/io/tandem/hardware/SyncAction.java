package io.tandem.hardware;

/** What an md array is doing to its members (sysfs {@code sync_action}, mdstat progress). */
public enum SyncAction {
  NONE, RESYNC, RECOVERY, CHECK, REPAIR, RESHAPE;

  /** The word in the status: {@code none}, {@code resync}, ... */
  public String word() {
    return Words.of(this);
  }
}
