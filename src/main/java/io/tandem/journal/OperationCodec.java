package io.tandem.journal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes a {@link JournalEntry} to bytes and back. Stateless and thread-safe.
 *
 * <p>Grammar (all integers big-endian; {@code str} is a u16 length and that many bytes of Java's
 * modified UTF-8, as {@link java.io.DataOutput#writeUTF} writes it):
 *
 * <pre>
 * entry    = seq:u64 epoch:u64 time:u64 type:u8 body
 * body     = deliver | set-flags | expunge | copy | move | create | rename | delete
 *          | subscribe | add-user | delete-user | change-password
 * deliver  (1)  = user:str mailbox:str uid:u64 modseq:u64 flags internal-date:u64 size:u64
 *                 sha256:32 bytes file-name:str
 * set-flags(2)  = user:str mailbox:str modseq:u64 count:u32 (uid:u64 file-base:str flags){count}
 * expunge  (3)  = user:str mailbox:str modseq:u64 count:u32 (uid:u64 file-base:str){count}
 * copy     (4)  = user:str source:str target:str target-modseq:u64 copied
 * move     (5)  = user:str source:str source-modseq:u64 target:str target-modseq:u64 copied
 * create   (6)  = user:str mailbox:str uid-validity:u64 special-use:str ("" for none)
 * rename   (7)  = user:str from:str to:str
 * delete   (8)  = user:str mailbox:str
 * subscribe(9)  = user:str mailbox:str subscribed:u8
 * add-user (10) = user:str password-hash:str inbox-uid-validity:u64
 * delete-user(11) = user:str
 * change-password(12) = user:str password-hash:str
 * flags    = count:u16 str{count}
 * copied   = count:u32 (source-uid:u64 source-base:str target-uid:u64 target-base:str flags){count}
 * </pre>
 *
 * Type numbers are part of the on-disk and on-wire format: never reuse or renumber one.
 */
public final class OperationCodec {

  /** Encodes an entry; the result is the payload of one journal record. */
  public byte[] encode(JournalEntry entry) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(entry.seq());
      out.writeLong(entry.epoch());
      out.writeLong(entry.timeMillis());
      OperationWriter.write(out, entry.op());
    } catch (java.io.UTFDataFormatException e) {
      throw new IllegalArgumentException("a name or flag in the operation is longer than 65535"
          + " bytes", e);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory encoding cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes one payload.
   *
   * @throws CorruptRecordException when the bytes are not a well-formed entry
   */
  public JournalEntry decode(byte[] payload) throws CorruptRecordException {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
      long seq = in.readLong();
      long epoch = in.readLong();
      long time = in.readLong();
      Operation op = OperationReader.read(in);
      if (in.available() != 0) {
        throw new CorruptRecordException("record has " + in.available() + " trailing bytes");
      }
      return new JournalEntry(seq, epoch, time, op);
    } catch (EOFException e) {
      throw new CorruptRecordException("record ends early");
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptRecordException("record is malformed: " + e.getMessage());
    }
  }

  static int boundedCount(int count) throws IOException {
    // A record is at most a few MB; a huge count means a corrupt length, not a real list.
    if (count < 0 || count > 10_000_000) {
      throw new IOException("implausible list length " + count);
    }
    return count;
  }
}
