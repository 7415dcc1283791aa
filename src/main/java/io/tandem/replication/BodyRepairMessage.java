package io.tandem.replication;

import io.tandem.replication.PeerMessage.MessageBody;
import io.tandem.util.Sha256;
import java.util.Objects;

/**
 * The messages of a body repair ({@code tandem scrub}): either appliance asks its partner for a
 * good copy of one body, by the user it belongs to and its SHA-256, and gets it back in chunks,
 * or hears that the partner has no copy whose bytes match. Separate from the streamed {@link
 * MessageBody} (which belongs to the entries after it), so an answer can never be taken for a
 * replicated body. Sent only to a partner whose hello announced {@link #CAPABILITY}.
 */
public sealed interface BodyRepairMessage extends PeerMessage {
  /** The capability both hellos announce; a partner without it is never asked. */
  String CAPABILITY = "body-repair";

  /** The body with this hash, of this user's mail, please (the user narrows the search). */
  record Request(String user, String sha256) implements BodyRepairMessage {
    public Request {
      Objects.requireNonNull(user, "user");
      Sha256.require(sha256);
    }
  }

  /**
   * One chunk of the answer, laid out as a {@link MessageBody}: chunks of one body come in offset
   * order, and the asker checks the hash of the whole once the last one is in.
   */
  record Reply(MessageBody chunk) implements BodyRepairMessage {
    public Reply {
      Objects.requireNonNull(chunk, "chunk");
    }

    public String sha256() {
      return chunk.sha256();
    }
  }

  /** The answerer has no copy of this body whose bytes match its hash; {@code reason} says why. */
  record Missing(String sha256, String reason) implements BodyRepairMessage {
    public Missing {
      Sha256.require(sha256);
      Objects.requireNonNull(reason, "reason");
    }
  }
}
