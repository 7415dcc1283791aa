package io.tandem.replication;

/**
 * Hard limits of the peer protocol. A decoder checks every length and count against these
 * before it allocates anything, so a corrupt or hostile length costs an exception, never memory;
 * an encoder refuses to produce a frame that the other side would refuse.
 */
public final class PeerLimits {
  /** Largest payload of one frame. */
  public static final int MAX_PAYLOAD = 64 * 1024 * 1024;
  /**
   * Largest piece of a message body in one frame. Bodies can reach {@code
   * lmtp.max_message_size} (up to 2 GiB), so big ones travel as several chunks.
   */
  public static final int MAX_BODY_CHUNK = 16 * 1024 * 1024;
  /** Most journal entries in one {@code Entries} batch. */
  public static final int MAX_ENTRIES = 65_536;
  /** Most elements of any other list (snapshot messages, tombstones, subscriptions). */
  public static final int MAX_LIST = 65_536;
  /** Most capabilities one {@code Hello} may announce. */
  public static final int MAX_CAPABILITIES = 64;
  /** Most flags of one message (the count is a u16 on the wire). */
  public static final int MAX_FLAGS = 0xFFFF;

  private PeerLimits() {}
}
