package io.tandem.replication;

import io.tandem.replication.PeerProtocolException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Encodes {@link PeerMessage}s to frames and back. Stateless and thread-safe.
 *
 * <p>Grammar (integers big-endian; {@code str} is a u16 length and that many bytes of Java's
 * modified UTF-8, as {@link java.io.DataOutput#writeUTF} writes it; {@code sha256} is 32 raw
 * bytes, lower-case hex in the records; {@code blob} is a u32 length and that many bytes):
 *
 * <pre>
 * frame    = magic:u16 (0x5450, "TP") type:u8 length:u32 payload crc:u32
 *            ; length &lt;= 64 MiB; crc = CRC-32C of every byte before it
 * payload by type:
 *  1 hello        version:u32 appliance:str role:str epoch:u64 last-applied-seq:u64
 *                 last-applied-epoch:u64 journal-first-seq:u64 journal-last-seq:u64
 *                 count:u32 (&lt;= 64) capability:str{count}     ; sorted, no repeats
 *  2 stream-from  seq:u64
 *  3 entries      count:u32 (&lt;= 65536) entry:blob{count}  ; OperationCodec; consecutive seqs
 *  4 message-body sha256 size:u64 offset:u64 bytes:blob (&lt;= 16 MiB, offset + length &lt;= size)
 *  5 need-body    sha256
 *  6 ack          applied-seq:u64
 *  7 resync-user  user:str
 *  8 digest       user:str mailbox:str uid-validity:u64 highest-modseq:u64 messages:u64 sha256
 *  9 refuse       reason:str
 * 10 ping         nanos:u64
 * 11 pong         nanos:u64
 * 12 digest-request user:str
 * 13 digests      user:str applied-seq:u64 mailboxes:u64   ; then that many digest frames
 * 14 handover     new-epoch:u64 last-seq:u64
 * 15 handover-done epoch:u64
 * 16..19            the rejoin after a forced failover: see {@link ReconcilePayloads}
 * 31, 32             the hardware health before a failover: see {@link HardwarePayloads}
 * 20 snap-begin   user:str consistent-seq:u64 password-hash:str last-uid-validity:u64
 * 21 snap-mailbox user:str mailbox:str uid-validity:u64 uid-next:u64 highest-modseq:u64
 *                 special-use:str ("" = none)
 * 22 snap-messages user:str mailbox:str count:u32 (&lt;= 65536) (uid:u64 modseq:u64 flags
 *                 internal-date:u64 size:u64 sha256 file:str){count}
 * 23 snap-expunged user:str mailbox:str count:u32 (&lt;= 65536)
 *                 (uid:u64 modseq:u64 file-base:str){count}
 * 24 snap-subscriptions user:str count:u32 (&lt;= 65536) mailbox:str{count}
 * 25 snap-end     user:str consistent-seq:u64 mailboxes:u64 messages:u64
 * 26 user-absent  user:str consistent-seq:u64
 * 27 resync-done  stream-from-seq:u64 users:u64 unnamed-through-seq:u64
 * 28 body-request user:str sha256                      ; capability "body-repair"
 * 29 body-reply   sha256 size:u64 offset:u64 bytes:blob (&lt;= 16 MiB, offset + length &lt;= size)
 * 30 body-missing sha256 reason:str
 * 31, 32            the hardware health before a failover: see {@link HardwarePayloads}
 * flags    = count:u16 str{count}
 * </pre>
 *
 * A payload must be consumed exactly. Type numbers are never reused. Decoding checks, in order:
 * magic, length against the limit (before allocating), completeness, CRC, type, payload; any
 * failure is a {@link PeerProtocolException} and nothing else.
 */
public final class PeerCodec {
  /** The protocol version this code speaks, announced in {@code Hello}. */
  public static final int PROTOCOL_VERSION = 1;

  static final int MAGIC = 0x5450;
  static final int HEADER_SIZE = 7;
  static final int TRAILER_SIZE = 4;

  /**
   * Encodes one message as a frame.
   *
   * @throws IllegalArgumentException if the message exceeds a limit of {@link PeerLimits}
   */
  public byte[] encode(PeerMessage message) {
    WireOutput out = new WireOutput();
    PayloadWriter.write(out, message);
    byte[] typed = out.toByteArray();
    return seal(typed[0] & 0xFF, Arrays.copyOfRange(typed, 1, typed.length));
  }

  /** Writes one message as a frame; the caller flushes. */
  public void write(OutputStream out, PeerMessage message) throws IOException {
    out.write(encode(message));
  }

  /**
   * Decodes a byte array that holds exactly one frame.
   *
   * @throws PeerProtocolException if it does not
   */
  public PeerMessage decode(byte[] frame) throws PeerProtocolException {
    ByteArrayInputStream in = new ByteArrayInputStream(frame);
    try {
      Optional<PeerMessage> message = read(in);
      if (message.isEmpty()) {
        throw new PeerProtocolException(Kind.TRUNCATED, "no bytes");
      }
      if (in.available() != 0) {
        throw new PeerProtocolException(Kind.MALFORMED, in.available() + " bytes after the frame");
      }
      return message.get();
    } catch (IOException e) {
      // A ByteArrayInputStream does not fail; this only keeps the one exception type promise.
      throw new PeerProtocolException(Kind.MALFORMED, "reading a byte array failed", e);
    }
  }

  /**
   * Reads the next frame from a stream.
   *
   * @return the message, or empty when the stream ended cleanly between frames
   * @throws PeerProtocolException when the bytes are not a valid frame (the stream is then out
   *     of step and must be closed)
   * @throws IOException when the stream itself fails
   */
  public Optional<PeerMessage> read(InputStream in) throws IOException, PeerProtocolException {
    int first = in.read();
    if (first < 0) {
      return Optional.empty();
    }
    byte[] header = new byte[HEADER_SIZE];
    header[0] = (byte) first;
    readFully(in, header, 1);
    ByteBuffer fields = ByteBuffer.wrap(header);
    int magic = fields.getShort() & 0xFFFF;
    if (magic != MAGIC) {
      throw new PeerProtocolException(Kind.BAD_MAGIC, String.format("magic 0x%04x", magic));
    }
    int type = fields.get() & 0xFF;
    int length = fields.getInt();
    if (length < 0 || length > PeerLimits.MAX_PAYLOAD) {
      throw new PeerProtocolException(Kind.TOO_LARGE, "a payload of "
          + Integer.toUnsignedString(length) + " bytes is over " + PeerLimits.MAX_PAYLOAD);
    }
    // readNBytes grows its buffer as bytes arrive, so a lying length costs only what was sent.
    byte[] rest = in.readNBytes(length + TRAILER_SIZE);
    if (rest.length < length + TRAILER_SIZE) {
      throw truncated(length + TRAILER_SIZE - rest.length);
    }
    int crc = ByteBuffer.wrap(rest, length, TRAILER_SIZE).getInt();
    if (crc != crc(header, rest, length)) {
      throw new PeerProtocolException(Kind.BAD_CHECKSUM, "type " + type + ", " + length
          + " bytes");
    }
    if (!MessageTypes.isKnown(type)) {
      throw new PeerProtocolException(Kind.UNKNOWN_TYPE, "no message has type " + type);
    }
    return Optional.of(PayloadReader.read(type, Arrays.copyOf(rest, length)));
  }

  /** A frame of any type byte around any payload, with a correct length and CRC. */
  static byte[] seal(int type, byte[] payload) {
    if (payload.length > PeerLimits.MAX_PAYLOAD) {
      throw new IllegalArgumentException("a payload of " + payload.length + " bytes is over "
          + PeerLimits.MAX_PAYLOAD);
    }
    ByteBuffer frame = ByteBuffer.allocate(HEADER_SIZE + payload.length + TRAILER_SIZE);
    frame.putShort((short) MAGIC).put((byte) type).putInt(payload.length).put(payload);
    byte[] bytes = frame.array();
    frame.putInt(crc(Arrays.copyOf(bytes, HEADER_SIZE), payload, payload.length));
    return bytes;
  }

  private static int crc(byte[] header, byte[] payload, int length) {
    CRC32C crc = new CRC32C();
    crc.update(header, 0, HEADER_SIZE);
    crc.update(payload, 0, length);
    return (int) crc.getValue();
  }

  private static void readFully(InputStream in, byte[] into, int from)
      throws IOException, PeerProtocolException {
    int read = in.readNBytes(into, from, into.length - from);
    if (read < into.length - from) {
      throw truncated(into.length - from - read);
    }
  }

  private static PeerProtocolException truncated(int missing) {
    return new PeerProtocolException(Kind.TRUNCATED,
        "the input ends " + missing + " bytes before the end of the frame");
  }
}
