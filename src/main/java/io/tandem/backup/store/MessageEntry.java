package io.tandem.backup.store;

import io.tandem.util.Sha256;
import java.util.List;

/**
 * One message as a manifest records it: enough to deliver it again as it was.
 *
 * @param user the user
 * @param mailbox the mailbox name as the index holds it ({@code INBOX}, {@code Archive.2024})
 * @param uid its UID in that mailbox
 * @param flags its IMAP flags, sorted
 * @param internalDateMs its internal date, ms since 1970
 * @param size its size in bytes
 * @param sha256 the SHA-256 of its bytes, lower-case hex: the object holding them
 */
public record MessageEntry(String user, String mailbox, long uid, List<String> flags,
    long internalDateMs, long size, String sha256) {

  /** Checks the fields and sorts the flags. */
  public MessageEntry {
    if (user.isEmpty() || mailbox.isEmpty()) {
      throw new IllegalArgumentException("a message needs a user and a mailbox");
    }
    if (uid <= 0 || size < 0) {
      throw new IllegalArgumentException("bad uid " + uid + " or size " + size);
    }
    Sha256.require(sha256);
    flags = flags.stream().sorted().distinct().toList();
    for (String flag : flags) {
      if (flag.isEmpty() || flag.chars().anyMatch(c -> c <= ' ')) {
        throw new IllegalArgumentException("bad flag: '" + flag + "'");
      }
    }
  }

  /** Where it sits: user, mailbox and UID. */
  public Key key() {
    return new Key(user, mailbox, uid);
  }

  /** A message's place in the store. */
  public record Key(String user, String mailbox, long uid) {}
}
