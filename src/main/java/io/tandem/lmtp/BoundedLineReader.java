package io.tandem.lmtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads LF-terminated lines as bytes (never chars, so 8-bit content passes unchanged), holding at
 * most {@code capacity} bytes of a line in memory. It buffers its input itself, like a {@link
 * java.io.BufferedInputStream}, and so knows exactly when a read would have to wait for the
 * client ({@link #hasBufferedInput()}).
 *
 * <p>Two views of the same stream: {@link #readLine()} for commands (over-long lines are skipped
 * and reported) and {@link #readSegment()} for message bodies (long lines arrive in pieces).
 * Not thread-safe: one connection thread owns it.
 */
public final class BoundedLineReader {
  private static final byte LF = '\n';
  private static final byte CR = '\r';

  /** A command line: its text (ISO-8859-1, so each byte is one char), or the over-long mark. */
  public record Line(String text, boolean tooLong) {}

  private final InputStream in;
  private final byte[] buffer = new byte[8192];
  private final byte[] segment;
  private final int maxLineLength;
  private int pos;
  private int limit;
  private int segmentLength;
  private boolean segmentEndsLine;

  /**
   * @param maxLineLength longest command line accepted, without its CRLF; also the largest piece
   *     of a body line returned at once
   */
  public BoundedLineReader(InputStream in, int maxLineLength) {
    this.in = in;
    this.maxLineLength = maxLineLength;
    // One extra byte for the CR of a CRLF, so that a line of exactly maxLineLength fits.
    this.segment = new byte[maxLineLength + 1];
  }

  /** Whether the next read can be served from the buffer without waiting for the client. */
  public boolean hasBufferedInput() {
    return pos < limit;
  }

  /**
   * Reads the next command line without its CRLF or LF. A line longer than the limit is read to
   * its end and dropped, and {@code tooLong} is set.
   *
   * @return the line, or null at end of stream (an unterminated last line is dropped)
   */
  public Line readLine() throws IOException {
    boolean tooLong = false;
    while (readSegment()) {
      if (!segmentEndsLine) {
        tooLong = true;
        continue;
      }
      int length = segmentLength > 0 && segment[segmentLength - 1] == CR
          ? segmentLength - 1 : segmentLength;
      if (tooLong || length > maxLineLength) {
        return new Line("", true);
      }
      return new Line(new String(segment, 0, length, StandardCharsets.ISO_8859_1), false);
    }
    return null;
  }

  /**
   * Reads the next piece of a line: up to and excluding the LF, or as many bytes as fit. A CR is
   * left in place. The piece is in {@link #segment()} until the next call.
   *
   * @return false at end of stream with nothing read
   */
  public boolean readSegment() throws IOException {
    segmentLength = 0;
    segmentEndsLine = false;
    while (true) {
      if (pos == limit && !fill()) {
        return segmentLength > 0;
      }
      int scanEnd = Math.min(limit, pos + segment.length - segmentLength);
      for (int i = pos; i < limit; i++) {
        if (buffer[i] == LF) {
          copy(i);
          pos = i + 1;
          segmentEndsLine = true;
          return true;
        }
        if (i == scanEnd) {
          copy(i);
          pos = i;
          return true;
        }
      }
      copy(limit);
      pos = limit;
    }
  }

  /** The bytes of the last segment; only the first {@link #segmentLength()} are valid. */
  public byte[] segment() {
    return segment;
  }

  /** Length of the last segment. */
  public int segmentLength() {
    return segmentLength;
  }

  /** Whether the last segment ended at an LF (as opposed to filling up or end of stream). */
  public boolean segmentEndsLine() {
    return segmentEndsLine;
  }

  private void copy(int end) {
    System.arraycopy(buffer, pos, segment, segmentLength, end - pos);
    segmentLength += end - pos;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }
}
