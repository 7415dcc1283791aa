package io.tandem.lmtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.function.LongSupplier;

/**
 * An in-memory one-way byte channel with socket-like reads: a read waits up to a timeout and then
 * throws {@link InterruptedIOException}, as a socket with {@code SO_TIMEOUT} does.
 */
final class BytePipe {
  private byte[] data = new byte[4096];
  private int start;
  private int end;
  private boolean closed;

  synchronized void write(byte[] bytes, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("pipe closed");
    }
    if (end + len > data.length) {
      int live = end - start;
      byte[] grown = new byte[Math.max(data.length, (live + len) * 2)];
      System.arraycopy(data, start, grown, 0, live);
      data = grown;
      start = 0;
      end = live;
    }
    System.arraycopy(bytes, off, data, end, len);
    end += len;
    notifyAll();
  }

  synchronized void close() {
    closed = true;
    notifyAll();
  }

  synchronized int available() {
    return end - start;
  }

  /** Reads like a socket; {@code timeoutMillis} 0 waits forever. */
  synchronized int read(byte[] bytes, int off, int len, long timeoutMillis) throws IOException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (start == end && !closed) {
      long waitMillis = timeoutMillis == 0 ? 0 : (deadline - System.nanoTime()) / 1_000_000;
      if (timeoutMillis != 0 && waitMillis <= 0) {
        throw new InterruptedIOException("Read timed out");
      }
      try {
        wait(waitMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
    }
    if (start == end) {
      return -1;
    }
    int n = Math.min(len, end - start);
    System.arraycopy(data, start, bytes, off, n);
    start += n;
    return n;
  }

  InputStream input(LongSupplier timeoutMillis) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return BytePipe.this.read(b, off, len, timeoutMillis.getAsLong());
      }

      @Override
      public int available() {
        return BytePipe.this.available();
      }
    };
  }

  OutputStream output() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        BytePipe.this.write(b, off, len);
      }
    };
  }
}
