package io.tandem.journal;

import java.util.List;

/**
 * One change to mail, fully resolved: every value an appliance needs to apply it (UIDs, MODSEQs,
 * UIDVALIDITY, file names, hashes) is decided by the primary and carried here, so that applying
 * the same operations in the same order gives identical maildirs and indexes on both appliances.
 *
 * <p>Operations are immutable. Flags are kept as a sorted list of IMAP flag names ({@code
 * \Seen}, {@code $Label1}) so that equal operations encode to equal bytes.
 */
public sealed interface Operation {

  /** The user whose store this operation changes; operations of one user apply in order. */
  String user();

  /** A short stable name for logs, dumps and metrics: {@code deliver}, {@code set-flags}, ... */
  String kind();

  /**
   * A message delivered into {@code mailbox} under {@code uid}. {@code size} is of the stored
   * bytes, {@code sha256} their hash in lower-case hex, {@code fileName} the maildir base name
   * (without the {@code :2,} flags suffix).
   */
  record Deliver(
      String user,
      String mailbox,
      long uid,
      long modseq,
      List<String> flags,
      long internalDateMillis,
      long size,
      String sha256,
      String fileName)
      implements Operation {
    @Override
    public String kind() {
      return "deliver";
    }
  }

  /** New complete flag lists for messages of one mailbox, all at one new MODSEQ. */
  record SetFlags(String user, String mailbox, long modseq, List<FlagChange> changes)
      implements Operation {
    @Override
    public String kind() {
      return "set-flags";
    }
  }

  /**
   * The complete flag list a message has after a {@link SetFlags}; {@code fileBase} is its
   * maildir base name, carried so that the file can be renamed without consulting the index.
   */
  record FlagChange(long uid, String fileBase, List<String> flags) {}

  /** A message of a mailbox, by UID and maildir base name. */
  record MessageRef(long uid, String fileBase) {}

  /** Messages removed from a mailbox; their UIDs are never used again. */
  record Expunge(String user, String mailbox, long modseq, List<MessageRef> messages)
      implements Operation {
    @Override
    public String kind() {
      return "expunge";
    }
  }

  /**
   * One message of a copy or move: where it comes from, the UID and base name it gets in the
   * target, and the flags it keeps.
   */
  record CopiedMessage(
      long sourceUid, String sourceBase, long targetUid, String targetBase, List<String> flags) {}

  /** Messages copied to another mailbox of the same user, all at {@code targetModseq}. */
  record Copy(
      String user,
      String sourceMailbox,
      String targetMailbox,
      long targetModseq,
      List<CopiedMessage> messages)
      implements Operation {
    @Override
    public String kind() {
      return "copy";
    }
  }

  /** Like {@link Copy}, with the sources expunged at {@code sourceModseq} (RFC 6851). */
  record Move(
      String user,
      String sourceMailbox,
      long sourceModseq,
      String targetMailbox,
      long targetModseq,
      List<CopiedMessage> messages)
      implements Operation {
    @Override
    public String kind() {
      return "move";
    }
  }

  /** A new mailbox with its UIDVALIDITY and, when it has one, its special use ({@code \Sent}). */
  record CreateMailbox(String user, String mailbox, long uidValidity, String specialUse)
      implements Operation {
    @Override
    public String kind() {
      return "create-mailbox";
    }
  }

  /** A rename; the mailbox (and its children) keep their UIDVALIDITY and UIDs. */
  record RenameMailbox(String user, String from, String to) implements Operation {
    @Override
    public String kind() {
      return "rename-mailbox";
    }
  }

  /** A mailbox and its messages removed (children, if any, stay). */
  record DeleteMailbox(String user, String mailbox) implements Operation {
    @Override
    public String kind() {
      return "delete-mailbox";
    }
  }

  /** A subscription added or removed; independent of whether the mailbox exists (RFC 3501). */
  record Subscribe(String user, String mailbox, boolean subscribed) implements Operation {
    @Override
    public String kind() {
      return "subscribe";
    }
  }

  /** A new user with its password hash (never a password) and its INBOX's UIDVALIDITY. */
  record AddUser(String user, String passwordHash, long inboxUidValidity) implements Operation {
    @Override
    public String kind() {
      return "add-user";
    }
  }

  /** A user and all of their mail removed. */
  record DeleteUser(String user) implements Operation {
    @Override
    public String kind() {
      return "delete-user";
    }
  }

  /** A new password hash for a user. */
  record ChangePassword(String user, String passwordHash) implements Operation {
    @Override
    public String kind() {
      return "change-password";
    }
  }
}
