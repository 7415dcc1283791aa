package io.tandem.replication;

import io.tandem.replication.PeerMessage.MessageBody;
import io.tandem.replication.PeerProtocolException.Kind;
import java.io.IOException;

/** The encoding and decoding of {@link BodyRepairMessage}s for {@link PeerCodec}. */
final class BodyRepairPayloads {
  private BodyRepairPayloads() {}

  static void write(WireOutput out, BodyRepairMessage message) {
    if (message instanceof BodyRepairMessage.Request r) {
      out.u8(MessageTypes.BODY_REQUEST).str(r.user()).sha256(r.sha256());
    } else if (message instanceof BodyRepairMessage.Reply r) {
      MessageBody b = r.chunk();
      if (b.bytes().length > PeerLimits.MAX_BODY_CHUNK) {
        throw new IllegalArgumentException("a body chunk of " + b.bytes().length
            + " bytes is over the limit of " + PeerLimits.MAX_BODY_CHUNK);
      }
      out.u8(MessageTypes.BODY_REPLY).sha256(b.sha256()).u64(b.size()).u64(b.offset())
          .blob(b.bytes());
    } else if (message instanceof BodyRepairMessage.Missing m) {
      out.u8(MessageTypes.BODY_MISSING).sha256(m.sha256()).str(m.reason());
    } else {
      throw new IllegalArgumentException("no encoding for " + message.getClass());
    }
  }

  static BodyRepairMessage read(int type, WireInput in)
      throws IOException, PeerProtocolException {
    switch (type) {
      case MessageTypes.BODY_REQUEST:
        return new BodyRepairMessage.Request(in.str(), in.sha256());
      case MessageTypes.BODY_REPLY:
        return new BodyRepairMessage.Reply(new MessageBody(in.sha256(), in.u64(), in.u64(),
            in.blob(PeerLimits.MAX_BODY_CHUNK)));
      case MessageTypes.BODY_MISSING:
        return new BodyRepairMessage.Missing(in.sha256(), in.str());
      default:
        throw new PeerProtocolException(Kind.UNKNOWN_TYPE, "no message has type " + type);
    }
  }
}
