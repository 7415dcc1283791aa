package io.tandem.lmtp;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Reads one DATA body up to the line holding a single ".", removing the dot that RFC 5321
 * §4.5.2 stuffs before lines starting with ".", and writing CRLF (or bare LF) line endings as LF.
 * Bytes are copied unchanged otherwise, 8-bit included.
 *
 * <p>Over the size limit, or after the spool fails, it stops writing but keeps reading to the end
 * marker, so the session stays in step with a pipelining client. Not thread-safe.
 */
final class DataReader {
  private static final byte DOT = '.';
  private static final byte CR = '\r';
  private static final byte LF = '\n';

  /**
   * What was read.
   *
   * @param size bytes of the body as stored (LF endings, unstuffed), counted past the limit too
   * @param tooBig whether {@code size} exceeded the limit (nothing past it was written)
   * @param spoolFailure the error that stopped writing to the spool, or null
   */
  record Result(long size, boolean tooBig, IOException spoolFailure) {}

  private final BoundedLineReader in;
  private final long maxSize;
  private OutputStream out;
  private long size;
  private IOException failure;

  DataReader(BoundedLineReader in, long maxSize) {
    this.in = in;
    this.maxSize = maxSize;
  }

  /**
   * Copies the body into {@code spool} and flushes it (the spool is not closed).
   *
   * @throws EOFException if the client goes away before the end marker
   */
  Result read(OutputStream spool) throws IOException {
    out = new BufferedOutputStream(spool, 16 * 1024);
    boolean lineStart = true;
    boolean pendingCr = false;
    while (in.readSegment()) {
      byte[] bytes = in.segment();
      int off = 0;
      int len = in.segmentLength();
      boolean endsLine = in.segmentEndsLine();
      if (lineStart && len > 0 && bytes[0] == DOT) {
        if (endsLine && (len == 1 || (len == 2 && bytes[1] == CR))) {
          return finish();
        }
        off = 1;
        len--;
      }
      if (pendingCr && !(endsLine && len == 0)) {
        emit(CR);
      }
      // A CR ending a piece of a long line may be half of the CRLF that starts the next piece.
      pendingCr = len > 0 && bytes[off + len - 1] == CR;
      if (pendingCr) {
        len--;
        pendingCr = !endsLine;
      }
      emit(bytes, off, len);
      if (endsLine) {
        emit(LF);
      }
      lineStart = endsLine;
    }
    throw new EOFException("connection closed inside DATA after " + size + " bytes");
  }

  private void emit(byte[] bytes, int off, int len) {
    size += len;
    if (failure != null || size > maxSize) {
      return;
    }
    try {
      out.write(bytes, off, len);
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  private void emit(byte b) {
    size++;
    if (failure != null || size > maxSize) {
      return;
    }
    try {
      out.write(b);
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  /** A store's stream failing in any way is a spool failure: the MTA is told to retry. */
  private void fail(Exception e) {
    failure = e instanceof IOException io ? io : new IOException(e);
  }

  private Result finish() {
    if (failure == null && size <= maxSize) {
      try {
        out.flush();
      } catch (IOException | RuntimeException e) {
        fail(e);
      }
    }
    return new Result(size, size > maxSize, failure);
  }
}
