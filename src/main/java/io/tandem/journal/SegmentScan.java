package io.tandem.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Reads the records of one segment in order and tells where the valid part ends and why. It
 * never changes the file.
 */
final class SegmentScan {

  /** How the scan ended. */
  enum End {
    /** The file ends exactly after the last valid record. */
    CLEAN,
    /** The file ends inside a record, or with a record whose checksum is wrong and nothing valid
     *  follows: what a crash during an append leaves. */
    TORN,
    /** A bad record is followed by valid data, or the header is not a journal header. */
    CORRUPT
  }

  /** The result: the end offset of the last valid record, the last seq, and the kind of end. */
  record Result(long validEnd, long lastSeq, long entries, End end, String problem) {}

  private final OperationCodec codec = new OperationCodec();

  Result scan(Path file, Consumer<JournalEntry> sink) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(SegmentFormat.HEADER_SIZE);
      readFully(channel, header, 0);
      header.flip();
      long firstSeq = SegmentFormat.firstSeq(header);
      if (firstSeq < 1) {
        return new Result(0, 0, 0, End.CORRUPT, "not a journal segment (bad header)");
      }
      return scanRecords(channel, firstSeq, sink);
    }
  }

  private Result scanRecords(FileChannel channel, long firstSeq, Consumer<JournalEntry> sink)
      throws IOException {
    long size = channel.size();
    long position = SegmentFormat.HEADER_SIZE;
    long expected = firstSeq;
    long count = 0;
    ByteBuffer recordHeader = ByteBuffer.allocate(SegmentFormat.RECORD_HEADER_SIZE);
    while (position < size) {
      String problem = null;
      JournalEntry entry = null;
      recordHeader.clear();
      if (size - position < SegmentFormat.RECORD_HEADER_SIZE) {
        problem = "record header cut off";
      } else {
        readFully(channel, recordHeader, position);
        recordHeader.flip();
        int length = recordHeader.getInt();
        int crc = recordHeader.getInt();
        if (length <= 0 || length > SegmentFormat.MAX_PAYLOAD) {
          problem = "implausible record length " + length;
        } else if (size - position - SegmentFormat.RECORD_HEADER_SIZE < length) {
          problem = "record cut off";
        } else {
          ByteBuffer payload = ByteBuffer.allocate(length);
          readFully(channel, payload, position + SegmentFormat.RECORD_HEADER_SIZE);
          byte[] bytes = payload.array();
          if (SegmentFormat.crc(bytes, 0, length) != crc) {
            problem = "bad checksum";
          } else {
            try {
              entry = codec.decode(bytes);
            } catch (CorruptRecordException e) {
              problem = e.getMessage();
            }
            if (entry != null && entry.seq() != expected) {
              problem = "sequence " + entry.seq() + " where " + expected + " was expected";
              entry = null;
            }
          }
          if (entry != null) {
            position += SegmentFormat.RECORD_HEADER_SIZE + length;
          }
        }
      }
      if (entry == null) {
        return badRecord(channel, position, expected, count, problem);
      }
      sink.accept(entry);
      expected++;
      count++;
    }
    return new Result(position, expected - 1, count, End.CLEAN, null);
  }

  /** Decides torn tail against corruption: anything that still decodes later means corruption. */
  private Result badRecord(
      FileChannel channel, long position, long expected, long count, String problem)
      throws IOException {
    String where = "at offset " + position + " (after seq " + (expected - 1) + "): " + problem;
    long later = TornTailProbe.findValidRecordAfter(channel, position + 1, expected);
    End end = later < 0 ? End.TORN : End.CORRUPT;
    String detail = later < 0 ? where : where + "; a valid record follows at offset " + later;
    return new Result(position, expected - 1, count, end, detail);
  }

  static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new IOException("unexpected end of file at " + at);
      }
      at += read;
    }
  }
}
