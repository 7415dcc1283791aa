package io.tandem.replication;

import io.tandem.util.Sha256;
import io.tandem.replication.PeerProtocolException.Kind;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the primitives of the {@link PeerCodec} grammar from one payload, which the frame
 * layer has already bounded and checksummed. Every length and count is checked against the
 * bytes that remain before anything is allocated for it.
 */
final class WireInput {
  private final DataInputStream in;

  WireInput(byte[] payload) {
    this.in = new DataInputStream(new ByteArrayInputStream(payload));
  }

  int u32() throws IOException {
    return in.readInt();
  }

  long u64() throws IOException {
    return in.readLong();
  }

  String str() throws IOException {
    return in.readUTF();
  }

  String sha256() throws IOException {
    byte[] hash = new byte[32];
    in.readFully(hash);
    return Sha256.hex(hash);
  }

  /** A u32 length, at most {@code max}, and that many bytes. */
  byte[] blob(int max) throws IOException, PeerProtocolException {
    int length = in.readInt();
    checkCount(length, max, 1);
    return in.readNBytes(length);
  }

  /**
   * A u32 count, at most {@code max}; each element takes at least {@code minBytes}, so a count
   * the remaining bytes cannot hold is refused before a list is sized for it.
   */
  int count(int max, int minBytes) throws IOException, PeerProtocolException {
    int count = in.readInt();
    checkCount(count, max, minBytes);
    return count;
  }

  List<String> flags() throws IOException, PeerProtocolException {
    int count = in.readUnsignedShort();
    checkCount(count, PeerLimits.MAX_FLAGS, 2);
    return strings(count);
  }

  List<String> strings(int count) throws IOException {
    List<String> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(in.readUTF());
    }
    return values;
  }

  /** Fails unless the whole payload was read: trailing bytes mean a different grammar. */
  void end() throws IOException, PeerProtocolException {
    if (in.available() != 0) {
      throw new PeerProtocolException(Kind.MALFORMED, in.available() + " bytes after the message");
    }
  }

  private void checkCount(int count, int max, int minBytes)
      throws IOException, PeerProtocolException {
    if (count < 0 || count > max) {
      throw new PeerProtocolException(Kind.TOO_LARGE,
          "a length of " + Integer.toUnsignedString(count) + " is over the limit of " + max);
    }
    if ((long) count * minBytes > in.available()) {
      throw new EOFException("a list of " + count + " cannot fit in " + in.available() + " bytes");
    }
  }
}
