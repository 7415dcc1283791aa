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

  private TornTailProbe() {}

  /** Returns the offset of an intact record with seq greater than {@code minSeq - 1}, or -1. */
  static long findValidRecordAfter(FileChannel channel, long from, long minSeq) throws IOException {
    long size = channel.size();
    OperationCodec codec = new OperationCodec();
    for (long start = from; start < size; start += WINDOW) {
      int length = (int) Math.min(WINDOW + SegmentFormat.MAX_PAYLOAD / 64, size - start);
      ByteBuffer window = ByteBuffer.allocate(length);
      SegmentScan.readFully(channel, window, start);
      long found = probeWindow(window.array(), Math.min(WINDOW, length), codec, minSeq);
      if (found >= 0) {
        return start + found;
      }
    }
    return -1;
  }

  private static long probeWindow(byte[] bytes, int starts, OperationCodec codec, long minSeq) {
    ByteBuffer view = ByteBuffer.wrap(bytes);
    for (int at = 0; at < starts && at + SegmentFormat.RECORD_HEADER_SIZE < bytes.length; at++) {
      int length = view.getInt(at);
      int payloadAt = at + SegmentFormat.RECORD_HEADER_SIZE;
      if (length <= 24 || length > bytes.length - payloadAt) {
        continue;
      }
      if (SegmentFormat.crc(bytes, payloadAt, length) != view.getInt(at + 4)) {
        continue;
      }
      byte[] payload = java.util.Arrays.copyOfRange(bytes, payloadAt, payloadAt + length);
      try {
        if (codec.decode(payload).seq() >= minSeq) {
          return at;
        }
      } catch (CorruptRecordException e) {
        // Not a record after all; keep looking.
      }
    }
    return -1;
  }
}
