package io.tandem.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Looks past a bad record for any later record that is intact. A crash during an append can only
 * damage the end of the file, so an intact record after a bad one means the damage is not a torn
 * write but corruption, and truncating there would throw away acknowledged operations.
 */
final class TornTailProbe {
  private static final int WINDOW = 1 << 20;
  /** The smallest payload an entry can have: seq, epoch, time and a type byte. */
  private static final int MIN_PAYLOAD = 25;
  /** More entries than one segment could ever hold after the damaged one. */
  private static final long PLAUSIBLE_SEQ_GAP = 100_000_000L;

  private TornTailProbe() {}

  /** Returns the offset of an intact record with seq at least {@code minSeq}, or -1. */
  static long findValidRecordAfter(FileChannel channel, long from, long minSeq) throws IOException {
    long size = channel.size();
    OperationCodec codec = new OperationCodec();
    for (long start = from; start < size; start += WINDOW) {
      int length = (int) Math.min(WINDOW + SegmentFormat.RECORD_HEADER_SIZE, size - start);
      ByteBuffer window = ByteBuffer.allocate(length);
      SegmentScan.readFully(channel, window, start);
      for (int at = 0; at < Math.min(WINDOW, length - SegmentFormat.RECORD_HEADER_SIZE); at++) {
        if (isRecord(channel, window, at, start + at, size, codec, minSeq)) {
          return start + at;
        }
      }
    }
    return -1;
  }

  private static boolean isRecord(FileChannel channel, ByteBuffer window, int at, long offset,
      long size, OperationCodec codec, long minSeq) throws IOException {
    int length = window.getInt(at);
    long payloadAt = offset + SegmentFormat.RECORD_HEADER_SIZE;
    if (length < MIN_PAYLOAD || length > SegmentFormat.MAX_PAYLOAD || length > size - payloadAt) {
      return false;
    }
    // A cheap filter before reading a possibly large payload: its seq must be plausible.
    ByteBuffer seqBytes = ByteBuffer.allocate(Long.BYTES);
    SegmentScan.readFully(channel, seqBytes, payloadAt);
    long seq = seqBytes.getLong(0);
    if (seq < minSeq || seq > minSeq + PLAUSIBLE_SEQ_GAP) {
      return false;
    }
    // Read the payload from the file: a record may be larger than the window.
    ByteBuffer payload = ByteBuffer.allocate(length);
    SegmentScan.readFully(channel, payload, payloadAt);
    byte[] bytes = payload.array();
    if (SegmentFormat.crc(bytes, 0, length) != window.getInt(at + 4)) {
      return false;
    }
    try {
      return codec.decode(bytes).seq() >= minSeq;
    } catch (CorruptRecordException e) {
      return false;
    }
  }
}
