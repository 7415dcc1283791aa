package io.tandem.replication;

import io.tandem.replication.PeerProtocolException.Kind;
import io.tandem.replication.SnapshotMessage.Begin;
import io.tandem.replication.SnapshotMessage.End;
import io.tandem.replication.SnapshotMessage.Expunged;
import io.tandem.replication.SnapshotMessage.Mailbox;
import io.tandem.replication.SnapshotMessage.Message;
import io.tandem.replication.SnapshotMessage.Messages;
import io.tandem.replication.SnapshotMessage.ResyncDone;
import io.tandem.replication.SnapshotMessage.Subscriptions;
import io.tandem.replication.SnapshotMessage.Tombstone;
import io.tandem.replication.SnapshotMessage.UserAbsent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The decoding half of {@link PeerCodec} for resync snapshots. */
final class SnapshotPayloadReader {
  /** uid, modseq, flag count, internal date, size, hash and an empty base name. */
  private static final int MIN_MESSAGE_BYTES = 8 + 8 + 2 + 8 + 8 + 32 + 2;
  private static final int MIN_TOMBSTONE_BYTES = 8 + 8 + 2;

  private SnapshotPayloadReader() {}

  static SnapshotMessage read(int type, WireInput in) throws IOException, PeerProtocolException {
    switch (type) {
      case MessageTypes.SNAPSHOT_BEGIN:
        return new Begin(in.str(), in.u64(), in.str(), in.u64());
      case MessageTypes.SNAPSHOT_MAILBOX:
        return mailbox(in);
      case MessageTypes.SNAPSHOT_MESSAGES:
        return messages(in);
      case MessageTypes.SNAPSHOT_EXPUNGED:
        return expunged(in);
      case MessageTypes.SNAPSHOT_SUBSCRIPTIONS:
        return subscriptions(in);
      case MessageTypes.SNAPSHOT_END:
        return new End(in.str(), in.u64(), in.u64(), in.u64());
      case MessageTypes.USER_ABSENT:
        return new UserAbsent(in.str(), in.u64());
      case MessageTypes.RESYNC_DONE:
        return new ResyncDone(in.u64(), in.u64(), in.u64());
      default:
        throw new PeerProtocolException(Kind.UNKNOWN_TYPE, "no message has type " + type);
    }
  }

  private static Mailbox mailbox(WireInput in) throws IOException {
    String user = in.str();
    String mailbox = in.str();
    long uidValidity = in.u64();
    long uidNext = in.u64();
    long highestModseq = in.u64();
    String specialUse = in.str();
    return new Mailbox(user, mailbox, uidValidity, uidNext, highestModseq,
        specialUse.isEmpty() ? null : specialUse);
  }

  private static Subscriptions subscriptions(WireInput in)
      throws IOException, PeerProtocolException {
    String user = in.str();
    return new Subscriptions(user, in.strings(in.count(PeerLimits.MAX_LIST, 2)));
  }

  private static Messages messages(WireInput in) throws IOException, PeerProtocolException {
    String user = in.str();
    String mailbox = in.str();
    int count = in.count(PeerLimits.MAX_LIST, MIN_MESSAGE_BYTES);
    List<Message> messages = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      messages.add(new Message(in.u64(), in.u64(), in.flags(), in.u64(), in.u64(), in.sha256(),
          in.str()));
    }
    return new Messages(user, mailbox, messages);
  }

  private static Expunged expunged(WireInput in) throws IOException, PeerProtocolException {
    String user = in.str();
    String mailbox = in.str();
    int count = in.count(PeerLimits.MAX_LIST, MIN_TOMBSTONE_BYTES);
    List<Tombstone> tombstones = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      tombstones.add(new Tombstone(in.u64(), in.u64(), in.str()));
    }
    return new Expunged(user, mailbox, tombstones);
  }
}
