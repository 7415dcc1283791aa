package io.tandem.replication;

import io.tandem.util.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Builds one payload in memory with the primitives of the {@link PeerCodec} grammar. Values the
 * other side would refuse (a list over its limit, a string over 65535 bytes) are refused here
 * with {@link IllegalArgumentException}, so a bad frame is never sent.
 */
final class WireOutput {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
  private final DataOutputStream out = new DataOutputStream(bytes);

  WireOutput u8(int value) {
    return run(() -> out.writeByte(value));
  }

  WireOutput u32(int value) {
    return run(() -> out.writeInt(value));
  }

  WireOutput u64(long value) {
    return run(() -> out.writeLong(value));
  }

  WireOutput str(String value) {
    return run(() -> out.writeUTF(value));
  }

  WireOutput sha256(String hex) {
    return run(() -> out.write(Sha256.parse(hex)));
  }

  /** A u32 length and the bytes. */
  WireOutput blob(byte[] value) {
    return u32(value.length).run(() -> out.write(value));
  }

  /** A u32 count, after checking it against {@code max}. */
  WireOutput count(int size, int max) {
    if (size > max) {
      throw new IllegalArgumentException("a list of " + size + " is over the limit of " + max);
    }
    return u32(size);
  }

  /** Flags as the journal writes them: a u16 count, then each name. */
  WireOutput flags(List<String> flags) {
    if (flags.size() > PeerLimits.MAX_FLAGS) {
      throw new IllegalArgumentException("a message cannot have " + flags.size() + " flags");
    }
    run(() -> out.writeShort(flags.size()));
    flags.forEach(this::str);
    return this;
  }

  byte[] toByteArray() {
    return bytes.toByteArray();
  }

  private WireOutput run(Write write) {
    try {
      write.run();
    } catch (UTFDataFormatException e) {
      throw new IllegalArgumentException("a string is longer than 65535 bytes", e);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory encoding cannot fail", e);
    }
    return this;
  }

  private interface Write {
    void run() throws IOException;
  }
}
