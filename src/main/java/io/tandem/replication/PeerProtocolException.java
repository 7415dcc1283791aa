package io.tandem.replication;

/**
 * Bytes from the peer that are not a well-formed frame of the peer protocol. The session that
 * gets one drops the connection (the peer reconnects and the catch-up planner decides again), so
 * the {@link Kind} is for logs, metrics and tests rather than for recovery.
 */
public final class PeerProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the frame. */
  public enum Kind {
    /** The input ended inside a frame. */
    TRUNCATED,
    /** The frame does not start with the protocol's magic number: not our protocol. */
    BAD_MAGIC,
    /** A length or count is above the protocol's limits ({@link PeerLimits}). */
    TOO_LARGE,
    /** The CRC-32C at the end of the frame does not match its bytes. */
    BAD_CHECKSUM,
    /** The type byte names no message of this protocol version. */
    UNKNOWN_TYPE,
    /** The frame is intact but its payload does not decode to a valid message. */
    MALFORMED
  }

  private final Kind kind;

  public PeerProtocolException(Kind kind, String message) {
    super(kind + ": " + message);
    this.kind = kind;
  }

  public PeerProtocolException(Kind kind, String message, Throwable cause) {
    super(kind + ": " + message, cause);
    this.kind = kind;
  }

  /** What was wrong with the frame. */
  public Kind kind() {
    return kind;
  }
}
