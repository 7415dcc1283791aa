package io.tandem.replication;

/**
 * The type byte of each frame. Part of the wire format: never reuse or renumber one; a new
 * message gets a new number and a capability that announces it.
 */
final class MessageTypes {
  static final int HELLO = 1;
  static final int STREAM_FROM = 2;
  static final int ENTRIES = 3;
  static final int MESSAGE_BODY = 4;
  static final int NEED_BODY = 5;
  static final int ACK = 6;
  static final int RESYNC_USER = 7;
  static final int DIGEST = 8;
  static final int REFUSE = 9;
  static final int PING = 10;
  static final int PONG = 11;
  static final int DIGEST_REQUEST = 12;
  static final int DIGESTS = 13;
  static final int HANDOVER = 14;
  static final int HANDOVER_DONE = 15;
  static final int DIVERGED = 16;
  static final int RECONCILE_BEGIN = 17;
  static final int RECONCILE_ACTION = 18;
  static final int RECONCILED = 19;
  static final int SNAPSHOT_BEGIN = 20;
  static final int SNAPSHOT_MAILBOX = 21;
  static final int SNAPSHOT_MESSAGES = 22;
  static final int SNAPSHOT_EXPUNGED = 23;
  static final int SNAPSHOT_SUBSCRIPTIONS = 24;
  static final int SNAPSHOT_END = 25;
  static final int USER_ABSENT = 26;
  static final int RESYNC_DONE = 27;
  static final int BODY_REQUEST = 28;
  static final int BODY_REPLY = 29;
  static final int BODY_MISSING = 30;
  static final int HARDWARE_REQUEST = 31;
  static final int HARDWARE_REPORT = 32;

  private MessageTypes() {}

  static boolean isKnown(int type) {
    return (type >= HELLO && type <= RECONCILED) || (type >= SNAPSHOT_BEGIN && type <= RESYNC_DONE)
        || (type >= BODY_REQUEST && type <= HARDWARE_REPORT);
  }
}
