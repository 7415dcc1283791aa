package io.tandem.replication;

import io.tandem.util.Sha256;
import java.util.List;
import java.util.Objects;

/**
 * The messages of a per-user full resync, sent by the primary when the journal the replica needs
 * was pruned, or when a digest differs. One user's snapshot is {@link Begin}, then for each
 * mailbox a {@link Mailbox} followed by its {@link Messages} and {@link Expunged} batches (the
 * bodies the messages need come before them as {@link PeerMessage.MessageBody}), then one
 * {@link Subscriptions}, then {@link End}. A user that does not exist is one {@link UserAbsent}.
 * A resync of every user ends with {@link ResyncDone}.
 *
 * <p>A snapshot is read from one index transaction, so it is the user's state exactly after
 * journal entry {@code consistentSeq}; the replica then skips that user's streamed entries up to
 * that seq, as recovery skips entries an index already holds.
 */
public sealed interface SnapshotMessage extends PeerMessage {

  /** Start of a user's snapshot: the replica stages a fresh copy of the user. */
  record Begin(String user, long consistentSeq, String passwordHash, long lastUidValidity)
      implements SnapshotMessage {
    public Begin {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(passwordHash, "passwordHash");
    }
  }

  /** A mailbox with its counters; {@code specialUse} is null when it has none. */
  record Mailbox(String user, String mailbox, long uidValidity, long uidNext, long highestModseq,
      String specialUse) implements SnapshotMessage {
    public Mailbox {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(mailbox, "mailbox");
      if (specialUse != null && specialUse.isEmpty()) {
        // The wire writes "none" as an empty name, so an empty name would not survive the trip.
        throw new IllegalArgumentException("a special use is null or a name such as \\Sent");
      }
    }
  }

  /**
   * One message of a mailbox, as in the index; {@code file} is its path relative to the mailbox
   * folder ({@code new/BASE} or {@code cur/BASE:2,LETTERS}), so the replica puts it exactly
   * where the primary has it.
   */
  record Message(long uid, long modseq, List<String> flags, long internalDateMillis, long size,
      String sha256, String file) {
    public Message {
      flags = List.copyOf(flags);
      Sha256.require(sha256);
      Objects.requireNonNull(file, "file");
    }
  }

  /** A batch of messages of the mailbox named last by a {@link Mailbox}, in UID order. */
  record Messages(String user, String mailbox, List<Message> messages) implements SnapshotMessage {
    public Messages {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(mailbox, "mailbox");
      messages = List.copyOf(messages);
    }
  }

  /** An expunged UID kept as a tombstone (for QRESYNC), with the MODSEQ of its expunge. */
  record Tombstone(long uid, long modseq, String fileBase) {
    public Tombstone {
      Objects.requireNonNull(fileBase, "fileBase");
    }
  }

  /** A batch of tombstones of a mailbox. */
  record Expunged(String user, String mailbox, List<Tombstone> tombstones)
      implements SnapshotMessage {
    public Expunged {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(mailbox, "mailbox");
      tombstones = List.copyOf(tombstones);
    }
  }

  /** Every subscribed name of the user (subscriptions need not name existing mailboxes). */
  record Subscriptions(String user, List<String> mailboxes) implements SnapshotMessage {
    public Subscriptions {
      Objects.requireNonNull(user, "user");
      mailboxes = List.copyOf(mailboxes);
    }
  }

  /**
   * End of a user's snapshot, with counts the replica checks against what it staged before it
   * swaps the staged copy in and records {@code consistentSeq} as the user's applied seq.
   */
  record End(String user, long consistentSeq, long mailboxes, long messages)
      implements SnapshotMessage {
    public End {
      Objects.requireNonNull(user, "user");
    }
  }

  /** The user does not exist on the primary at {@code consistentSeq}: remove it here. */
  record UserAbsent(String user, long consistentSeq) implements SnapshotMessage {
    public UserAbsent {
      Objects.requireNonNull(user, "user");
    }
  }

  /**
   * End of a resync of every user: {@code users} snapshots were sent, and streaming continues
   * after {@code streamFromSeq}. A user no snapshot named did not exist at {@code
   * unnamedThroughSeq}, so its streamed entries up to that seq are journaled but not applied.
   */
  record ResyncDone(long streamFromSeq, long users, long unnamedThroughSeq)
      implements SnapshotMessage {}
}
