package io.tandem.replication;

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

/** The encoding half of {@link PeerCodec} for resync snapshots; the grammar is there. */
final class SnapshotPayloadWriter {

  private SnapshotPayloadWriter() {}

  static void write(WireOutput out, SnapshotMessage message) {
    if (message instanceof Begin b) {
      out.u8(MessageTypes.SNAPSHOT_BEGIN).str(b.user()).u64(b.consistentSeq())
          .str(b.passwordHash()).u64(b.lastUidValidity());
    } else if (message instanceof Mailbox m) {
      out.u8(MessageTypes.SNAPSHOT_MAILBOX).str(m.user()).str(m.mailbox()).u64(m.uidValidity())
          .u64(m.uidNext()).u64(m.highestModseq())
          .str(m.specialUse() == null ? "" : m.specialUse());
    } else if (message instanceof Messages m) {
      out.u8(MessageTypes.SNAPSHOT_MESSAGES).str(m.user()).str(m.mailbox())
          .count(m.messages().size(), PeerLimits.MAX_LIST);
      for (Message msg : m.messages()) {
        out.u64(msg.uid()).u64(msg.modseq()).flags(msg.flags()).u64(msg.internalDateMillis())
            .u64(msg.size()).sha256(msg.sha256()).str(msg.file());
      }
    } else if (message instanceof Expunged e) {
      out.u8(MessageTypes.SNAPSHOT_EXPUNGED).str(e.user()).str(e.mailbox())
          .count(e.tombstones().size(), PeerLimits.MAX_LIST);
      for (Tombstone t : e.tombstones()) {
        out.u64(t.uid()).u64(t.modseq()).str(t.fileBase());
      }
    } else if (message instanceof Subscriptions s) {
      out.u8(MessageTypes.SNAPSHOT_SUBSCRIPTIONS).str(s.user())
          .count(s.mailboxes().size(), PeerLimits.MAX_LIST);
      s.mailboxes().forEach(out::str);
    } else if (message instanceof End e) {
      out.u8(MessageTypes.SNAPSHOT_END).str(e.user()).u64(e.consistentSeq())
          .u64(e.mailboxes()).u64(e.messages());
    } else if (message instanceof UserAbsent a) {
      out.u8(MessageTypes.USER_ABSENT).str(a.user()).u64(a.consistentSeq());
    } else if (message instanceof ResyncDone d) {
      out.u8(MessageTypes.RESYNC_DONE).u64(d.streamFromSeq()).u64(d.users())
          .u64(d.unnamedThroughSeq());
    } else {
      throw new IllegalArgumentException("no encoding for " + message.getClass());
    }
  }
}
