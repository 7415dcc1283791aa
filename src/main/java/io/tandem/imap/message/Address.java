package io.tandem.imap.message;

/**
 * An address of ENVELOPE (RFC 3501 §7.4.2) without its source route, which is always NIL here:
 * raw bytes in Latin-1 strings, null for NIL. A group start has only the group name in
 * {@code mailbox}; a group end has nothing.
 */
record Address(String name, String mailbox, String host) {
  /** RFC 3501 §7.4.2: "NIL NIL mailbox-name NIL" starts a group. */
  static Address groupStart(String name) {
    return new Address(null, name, null);
  }

  /** RFC 3501 §7.4.2: "NIL NIL NIL NIL" ends a group. */
  static final Address GROUP_END = new Address(null, null, null);
}
