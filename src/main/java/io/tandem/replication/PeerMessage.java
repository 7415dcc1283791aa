package io.tandem.replication;

import io.tandem.util.Sha256;
import io.tandem.journal.JournalEntry;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One message of the peer protocol between a primary and its replica. Immutable; lists and sets
 * are copied. The session and its order of messages are described in {@code
 * docs/peer-protocol.md}; the bytes in {@link PeerCodec}.
 */
public sealed interface PeerMessage permits PeerMessage.Hello, PeerMessage.StreamFrom,
    PeerMessage.Entries, PeerMessage.MessageBody, PeerMessage.NeedBody, PeerMessage.Ack,
    PeerMessage.ResyncUser, PeerMessage.Digest, PeerMessage.Refuse, PeerMessage.Ping,
    PeerMessage.Pong, PeerMessage.DigestRequest, PeerMessage.Digests, PeerMessage.Handover,
    PeerMessage.HandoverDone, SnapshotMessage, BodyRepairMessage,
    ReconcileMessage, HardwareMessage {

  /**
   * The first message each side sends. {@code epoch} is the sender's current epoch and {@code
   * lastAppliedEpoch} the epoch of its entry {@code lastAppliedSeq} (0 when it has applied none):
   * together with the primary's epoch history they show whether the two journals diverged. The
   * journal range is what the sender still holds ({@code first = last + 1} when it holds none).
   */
  record Hello(int protocolVersion, String appliance, String role, long epoch,
      long lastAppliedSeq, long lastAppliedEpoch, long journalFirstSeq, long journalLastSeq,
      Set<String> capabilities) implements PeerMessage {
    public Hello {
      Objects.requireNonNull(appliance, "appliance");
      Objects.requireNonNull(role, "role");
      capabilities = Set.copyOf(capabilities);
    }
  }

  /** Replica to primary: send every entry after {@code seq} (also to rewind after a refusal). */
  record StreamFrom(long seq) implements PeerMessage {}

  /** Primary to replica: consecutive journal entries, oldest first. */
  record Entries(List<JournalEntry> entries) implements PeerMessage {
    public Entries {
      entries = List.copyOf(entries);
      for (int i = 1; i < entries.size(); i++) {
        if (entries.get(i).seq() != entries.get(i - 1).seq() + 1) {
          throw new IllegalArgumentException("entries are not consecutive: seq "
              + entries.get(i).seq() + " follows " + entries.get(i - 1).seq());
        }
      }
    }
  }

  /**
   * Primary to replica: the bytes {@code [offset, offset + bytes.length)} of the message body
   * whose SHA-256 is {@code sha256} and whose whole length is {@code size}. Sent before the entry
   * that refers to it; bodies over {@link PeerLimits#MAX_BODY_CHUNK} come as several chunks in
   * offset order. The receiver checks the hash of what it wrote once the last chunk is in.
   */
  record MessageBody(String sha256, long size, long offset, byte[] bytes) implements PeerMessage {
    public MessageBody {
      Sha256.require(sha256);
      if (offset < 0 || size < 0 || bytes.length > size - offset) {
        throw new IllegalArgumentException("chunk [" + offset + ", +" + bytes.length
            + ") does not fit a body of " + size + " bytes");
      }
    }

    /** A whole body in one chunk, with its hash computed here. */
    public static MessageBody whole(byte[] bytes) {
      return new MessageBody(Sha256.hexOf(bytes), bytes.length, 0, bytes);
    }

    /** True when this chunk ends the body. */
    public boolean isLast() {
      return offset + bytes.length == size;
    }

    /** For a body in one chunk: whether the bytes hash to {@code sha256}. */
    public boolean matchesHash() {
      return offset == 0 && isLast() && Sha256.hexOf(bytes).equals(sha256);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof MessageBody m && m.sha256.equals(sha256) && m.size == size
          && m.offset == offset && Arrays.equals(m.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return Objects.hash(sha256, size, offset, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
      return "MessageBody[sha256=" + sha256 + ", size=" + size + ", offset=" + offset
          + ", bytes=" + bytes.length + "]";
    }
  }

  /** Replica to primary: the body with this hash arrived damaged (or never); send it again. */
  record NeedBody(String sha256) implements PeerMessage {
    public NeedBody {
      Sha256.require(sha256);
    }
  }

  /** Replica to primary: every entry up to {@code appliedSeq} is applied and durable here. */
  record Ack(long appliedSeq) implements PeerMessage {}

  /** Either side: send (or, from the primary, here comes) a full snapshot of this user. */
  record ResyncUser(String user) implements PeerMessage {
    public ResyncUser {
      Objects.requireNonNull(user, "user");
    }
  }

  /**
   * A mailbox's state as the sender has it: its identity, counters and {@link MailboxDigest}.
   */
  record Digest(String user, String mailbox, long uidValidity, long highestModseq, long messages,
      String digestHex) implements PeerMessage {
    public Digest {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(mailbox, "mailbox");
      Sha256.require(digestHex);
    }
  }

  /** The sender will not go on, in plain words (fencing, divergence, version); it then closes. */
  record Refuse(String reason) implements PeerMessage {
    public Refuse {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** A heartbeat; {@code nanos} is the sender's {@link System#nanoTime()}, echoed in a Pong. */
  record Ping(long nanos) implements PeerMessage {}

  /** The answer to a {@link Ping}, carrying its {@code nanos} back for a round-trip time. */
  record Pong(long nanos) implements PeerMessage {}

  /**
   * Primary to replica, in a controlled failover: this primary takes no more writes and the
   * replica has every entry up to {@code lastSeq}; become the primary of {@code newEpoch}.
   */
  record Handover(long newEpoch, long lastSeq) implements PeerMessage {}

  /** Replica to primary: it is now the primary of {@code epoch} (recorded durably). */
  record HandoverDone(long epoch) implements PeerMessage {}

  /** Primary to replica: send the {@link Digests} of this user's mailboxes. */
  record DigestRequest(String user) implements PeerMessage {
    public DigestRequest {
      Objects.requireNonNull(user, "user");
    }
  }

  /**
   * Replica to primary, answering a {@link DigestRequest}: the user's index is at {@code
   * appliedSeq} (-1: the user does not exist here) and has {@code mailboxes} mailboxes, whose
   * {@link Digest}s follow, one frame each.
   */
  record Digests(String user, long appliedSeq, long mailboxes) implements PeerMessage {
    public Digests {
      Objects.requireNonNull(user, "user");
    }
  }
}
