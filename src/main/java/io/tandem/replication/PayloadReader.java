package io.tandem.replication;

import io.tandem.journal.CorruptRecordException;
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
import io.tandem.replication.PeerProtocolException.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** The decoding half of {@link PeerCodec}: one checked payload to a message. */
final class PayloadReader {
  private static final OperationCodec ENTRY_CODEC = new OperationCodec();
  /** The smallest encoded journal entry: three u64s and a type byte, plus its u32 length. */
  private static final int MIN_ENTRY_BYTES = 4 + 25;

  private PayloadReader() {}

  /**
   * Decodes the payload of a frame of {@code type}.
   *
   * @throws PeerProtocolException for anything that is not exactly one valid message
   */
  static PeerMessage read(int type, byte[] payload) throws PeerProtocolException {
    WireInput in = new WireInput(payload);
    try {
      PeerMessage message = type >= MessageTypes.HARDWARE_REQUEST
          ? HardwarePayloads.read(type, in)
          : type >= MessageTypes.BODY_REQUEST
          ? BodyRepairPayloads.read(type, in)
          : type >= MessageTypes.SNAPSHOT_BEGIN ? SnapshotPayloadReader.read(type, in)
          : type >= MessageTypes.DIVERGED ? ReconcilePayloads.read(type, in)
          : readSession(type, in);
      in.end();
      return message;
    } catch (EOFException e) {
      throw new PeerProtocolException(Kind.MALFORMED, "type " + type + " payload ends early", e);
    } catch (IOException e) {
      throw new PeerProtocolException(Kind.MALFORMED, "type " + type + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      // A record refused its values (a bad hash, entries out of order): a malformed message.
      throw new PeerProtocolException(Kind.MALFORMED, "type " + type + ": " + e.getMessage(), e);
    }
  }

  private static PeerMessage readSession(int type, WireInput in)
      throws IOException, PeerProtocolException {
    switch (type) {
      case MessageTypes.HELLO:
        return hello(in);
      case MessageTypes.STREAM_FROM:
        return new StreamFrom(in.u64());
      case MessageTypes.ENTRIES:
        return entries(in);
      case MessageTypes.MESSAGE_BODY:
        return new MessageBody(in.sha256(), in.u64(), in.u64(),
            in.blob(PeerLimits.MAX_BODY_CHUNK));
      case MessageTypes.NEED_BODY:
        return new NeedBody(in.sha256());
      case MessageTypes.ACK:
        return new Ack(in.u64());
      case MessageTypes.RESYNC_USER:
        return new ResyncUser(in.str());
      case MessageTypes.DIGEST:
        return new Digest(in.str(), in.str(), in.u64(), in.u64(), in.u64(), in.sha256());
      case MessageTypes.HANDOVER:
        return new PeerMessage.Handover(in.u64(), in.u64());
      case MessageTypes.HANDOVER_DONE:
        return new PeerMessage.HandoverDone(in.u64());
      case MessageTypes.DIGEST_REQUEST:
        return new PeerMessage.DigestRequest(in.str());
      case MessageTypes.DIGESTS:
        return new PeerMessage.Digests(in.str(), in.u64(), in.u64());
      case MessageTypes.REFUSE:
        return new Refuse(in.str());
      case MessageTypes.PING:
        return new Ping(in.u64());
      case MessageTypes.PONG:
        return new Pong(in.u64());
      default:
        throw new PeerProtocolException(Kind.UNKNOWN_TYPE, "no message has type " + type);
    }
  }

  private static Hello hello(WireInput in) throws IOException, PeerProtocolException {
    int version = in.u32();
    String appliance = in.str();
    String role = in.str();
    long epoch = in.u64();
    long lastAppliedSeq = in.u64();
    long lastAppliedEpoch = in.u64();
    long journalFirstSeq = in.u64();
    long journalLastSeq = in.u64();
    int count = in.count(PeerLimits.MAX_CAPABILITIES, 2);
    List<String> capabilities = in.strings(count);
    if (new HashSet<>(capabilities).size() != count) {
      throw new PeerProtocolException(Kind.MALFORMED, "a capability is announced twice");
    }
    return new Hello(version, appliance, role, epoch, lastAppliedSeq, lastAppliedEpoch,
        journalFirstSeq, journalLastSeq, java.util.Set.copyOf(capabilities));
  }

  private static Entries entries(WireInput in) throws IOException, PeerProtocolException {
    int count = in.count(PeerLimits.MAX_ENTRIES, MIN_ENTRY_BYTES);
    List<JournalEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] encoded = in.blob(PeerLimits.MAX_PAYLOAD);
      try {
        entries.add(ENTRY_CODEC.decode(encoded));
      } catch (CorruptRecordException e) {
        throw new PeerProtocolException(Kind.MALFORMED,
            "entry " + (i + 1) + " of " + count + ": " + e.getMessage(), e);
      }
    }
    return new Entries(entries);
  }
}
