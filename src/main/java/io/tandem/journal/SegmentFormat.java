package io.tandem.journal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of one journal segment file. Stateless.
 *
 * <pre>
 * segment  = header record*
 * header   = magic:"TNDJ" version:u16 reserved:u16 first-seq:u64        (16 bytes)
 * record   = length:u32 crc:u32 payload                                  (big-endian)
 * payload  = an entry as encoded by {@link OperationCodec}; crc is CRC-32C of payload
 * </pre>
 *
 * A segment is named {@code <first-seq, 20 digits>.journal}. Records are only ever appended;
 * a crash can leave a torn last record, which recovery truncates away.
 */
final class SegmentFormat {
  static final int HEADER_SIZE = 16;
  static final int RECORD_HEADER_SIZE = 8;
  static final int VERSION = 1;
  /** No single operation comes near this; a larger length is corruption. */
  static final int MAX_PAYLOAD = 64 * 1024 * 1024;

  private static final int MAGIC = 0x544E444A; // "TNDJ"
  private static final String SUFFIX = ".journal";

  private SegmentFormat() {}

  static ByteBuffer header(long firstSeq) {
    ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
    header.putInt(MAGIC).putShort((short) VERSION).putShort((short) 0).putLong(firstSeq).flip();
    return header;
  }

  /** Returns the first sequence number in a header, or -1 if the header is not ours. */
  static long firstSeq(ByteBuffer header) {
    if (header.remaining() < HEADER_SIZE || header.getInt() != MAGIC) {
      return -1;
    }
    int version = header.getShort();
    header.getShort();
    return version == VERSION ? header.getLong() : -1;
  }

  static ByteBuffer record(byte[] payload) {
    ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER_SIZE + payload.length);
    record.putInt(payload.length).putInt(crc(payload, 0, payload.length)).put(payload).flip();
    return record;
  }

  static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  static String fileName(long firstSeq) {
    return String.format("%020d%s", firstSeq, SUFFIX);
  }

  /** The first sequence number a segment file name stands for, or -1 for other files. */
  static long seqOfName(Path file) {
    String name = file.getFileName().toString();
    if (!name.endsWith(SUFFIX) || name.length() != 20 + SUFFIX.length()) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(0, 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
