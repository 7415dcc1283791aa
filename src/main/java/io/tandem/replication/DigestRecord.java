package io.tandem.replication;

import io.tandem.util.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What a {@link MailboxDigest} covers of one message: everything an IMAP client can observe
 * about it after a failover. Flags are kept sorted and without repeats, as the index stores them,
 * so that equal states give equal records.
 *
 * @param uid the message's UID
 * @param modseq the MODSEQ of its last change
 * @param flags its IMAP flags ({@code \Seen}, {@code $Label1}), in the index's spelling
 * @param sha256 the hash of its stored bytes, lower-case hex
 */
public record DigestRecord(long uid, long modseq, List<String> flags, String sha256) {

  public DigestRecord {
    flags = flags.stream().distinct().sorted().toList();
    Sha256.require(sha256);
  }

  /**
   * The canonical encoding that is hashed: {@code uid:u64 modseq:u64 count:u16 flag:str{count}
   * sha256:32}, with {@code str} as {@link java.io.DataOutput#writeUTF} writes it. A change of
   * any field changes these bytes, and no two records share them (every field has a fixed size
   * or a length prefix).
   */
  byte[] canonicalBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(uid);
      out.writeLong(modseq);
      out.writeShort(flags.size());
      for (String flag : flags) {
        out.writeUTF(flag);
      }
      out.write(Sha256.parse(sha256));
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory encoding cannot fail", e);
    }
    return bytes.toByteArray();
  }
}
