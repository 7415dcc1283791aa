package io.tandem.replication;

import io.tandem.journal.JournalEntry;
import io.tandem.journal.OperationCodec;
import io.tandem.replication.PeerMessage.Ack;
import io.tandem.replication.PeerMessage.Digest;
import io.tandem.replication.PeerMessage.Entries;
import io.tandem.replication.PeerMessage.Hello;
import io.tandem.replication.PeerMessage.MessageBody;
import io.tandem.replication.PeerMessage.NeedBody;
import io.tandem.replication.PeerMessage.Ping;
import io.tandem.replication.PeerMessage.Pong;
import io.tandem.replication.PeerMessage.Refuse;
import io.tandem.replication.PeerMessage.ResyncUser;
import io.tandem.replication.PeerMessage.StreamFrom;
import java.util.List;

/** The encoding half of {@link PeerCodec} for session messages; the grammar is there. */
final class PayloadWriter {
  private static final OperationCodec ENTRY_CODEC = new OperationCodec();

  private PayloadWriter() {}

  /** Writes the message's type byte and payload. */
  static void write(WireOutput out, PeerMessage message) {
    if (message instanceof Hello h) {
      out.u8(MessageTypes.HELLO).u32(h.protocolVersion()).str(h.appliance()).str(h.role())
          .u64(h.epoch()).u64(h.lastAppliedSeq()).u64(h.lastAppliedEpoch()).u64(h.journalFirstSeq())
          .u64(h.journalLastSeq());
      // Sorted, so that equal hellos are equal bytes (and seeds stay stable).
      List<String> capabilities = h.capabilities().stream().sorted().toList();
      out.count(capabilities.size(), PeerLimits.MAX_CAPABILITIES);
      capabilities.forEach(out::str);
    } else if (message instanceof StreamFrom s) {
      out.u8(MessageTypes.STREAM_FROM).u64(s.seq());
    } else if (message instanceof Entries e) {
      out.u8(MessageTypes.ENTRIES).count(e.entries().size(), PeerLimits.MAX_ENTRIES);
      for (JournalEntry entry : e.entries()) {
        out.blob(ENTRY_CODEC.encode(entry));
      }
    } else if (message instanceof MessageBody b) {
      if (b.bytes().length > PeerLimits.MAX_BODY_CHUNK) {
        throw new IllegalArgumentException("a body chunk of " + b.bytes().length
            + " bytes is over the limit of " + PeerLimits.MAX_BODY_CHUNK);
      }
      out.u8(MessageTypes.MESSAGE_BODY).sha256(b.sha256()).u64(b.size()).u64(b.offset())
          .blob(b.bytes());
    } else if (message instanceof NeedBody n) {
      out.u8(MessageTypes.NEED_BODY).sha256(n.sha256());
    } else if (message instanceof SnapshotMessage s) {
      SnapshotPayloadWriter.write(out, s);
    } else if (message instanceof ReconcileMessage r) {
      ReconcilePayloads.write(out, r);
    } else if (message instanceof HardwareMessage h) {
      HardwarePayloads.write(out, h);
    } else if (message instanceof BodyRepairMessage r) {
      BodyRepairPayloads.write(out, r);
    } else {
      writeSmall(out, message);
    }
  }

  private static void writeSmall(WireOutput out, PeerMessage message) {
    if (message instanceof Ack a) {
      out.u8(MessageTypes.ACK).u64(a.appliedSeq());
    } else if (message instanceof ResyncUser r) {
      out.u8(MessageTypes.RESYNC_USER).str(r.user());
    } else if (message instanceof Digest d) {
      out.u8(MessageTypes.DIGEST).str(d.user()).str(d.mailbox()).u64(d.uidValidity())
          .u64(d.highestModseq()).u64(d.messages()).sha256(d.digestHex());
    } else if (message instanceof PeerMessage.Handover h) {
      out.u8(MessageTypes.HANDOVER).u64(h.newEpoch()).u64(h.lastSeq());
    } else if (message instanceof PeerMessage.HandoverDone d) {
      out.u8(MessageTypes.HANDOVER_DONE).u64(d.epoch());
    } else if (message instanceof PeerMessage.DigestRequest r) {
      out.u8(MessageTypes.DIGEST_REQUEST).str(r.user());
    } else if (message instanceof PeerMessage.Digests d) {
      out.u8(MessageTypes.DIGESTS).str(d.user()).u64(d.appliedSeq()).u64(d.mailboxes());
    } else if (message instanceof Refuse r) {
      out.u8(MessageTypes.REFUSE).str(r.reason());
    } else if (message instanceof Ping p) {
      out.u8(MessageTypes.PING).u64(p.nanos());
    } else if (message instanceof Pong p) {
      out.u8(MessageTypes.PONG).u64(p.nanos());
    } else {
      throw new IllegalArgumentException("no encoding for " + message.getClass());
    }
  }
}
