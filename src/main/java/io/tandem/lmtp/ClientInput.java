package io.tandem.lmtp;

import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The client's byte stream as the LMTP connection reads it. The underlying stream has a short
 * read timeout (a poll tick); this class turns the ticks into the session's two reasons to stop
 * waiting: the client was idle too long, or the server is shutting down while the session waits
 * for a command. Before each read it flushes pending replies when no input is waiting, which is
 * when RFC 2920 §3.2 wants pipelined replies sent. Not thread-safe.
 */
final class ClientInput extends InputStream {

  /** Why a read was abandoned; the connection answers with the matching 421. */
  static final class Interrupted extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient LmtpReply reply;

    Interrupted(LmtpReply reply) {
      super(reply.text());
      this.reply = reply;
    }

    LmtpReply reply() {
      return reply;
    }
  }

  private final InputStream in;
  private final Flushable replies;
  private final BooleanSupplier shutdownRequested;
  private final long idleNanos;
  private final LongSupplier nanoTime;
  private long lastRead;
  private boolean awaitingCommand;

  ClientInput(InputStream in, Flushable replies, BooleanSupplier shutdownRequested,
      Duration idleTimeout, LongSupplier nanoTime) {
    this.in = in;
    this.replies = replies;
    this.shutdownRequested = shutdownRequested;
    this.idleNanos = idleTimeout.toNanos();
    this.nanoTime = nanoTime;
    this.lastRead = nanoTime.getAsLong();
  }

  /** Set while waiting for a command line: only then does a shutdown interrupt the read. */
  void awaitingCommand(boolean awaiting) {
    this.awaitingCommand = awaiting;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (in.available() == 0) {
      replies.flush();
    }
    while (true) {
      try {
        int n = in.read(b, off, len);
        lastRead = nanoTime.getAsLong();
        return n;
      } catch (InterruptedIOException tick) {
        checkWaiting();
      }
    }
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  private void checkWaiting() throws Interrupted {
    if (awaitingCommand && shutdownRequested.getAsBoolean()) {
      throw new Interrupted(LmtpReplies.SHUTTING_DOWN);
    }
    if (nanoTime.getAsLong() - lastRead >= idleNanos) {
      throw new Interrupted(LmtpReplies.IDLE_TIMEOUT);
    }
  }
}
