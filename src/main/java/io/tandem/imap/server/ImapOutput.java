package io.tandem.imap.server;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The server's side of one connection. Writes are serialized by this object's lock because two
 * threads write: the session's own thread, and a notifier pushing changes to a session in IDLE
 * (or a BYE when the appliance stops being primary). Responses are buffered and sent by {@link
 * #flush}.
 */
final class ImapOutput {
  private OutputStream out;
  private boolean closed;

  ImapOutput(OutputStream out) {
    this.out = new BufferedOutputStream(out, 16 * 1024);
  }

  /** {@code * text}. */
  synchronized void untagged(String text) throws IOException {
    line("* " + text);
  }

  /** A complete response line or lines already encoded (FETCH with literals), with CRLF. */
  synchronized void raw(byte[] bytes) throws IOException {
    if (!closed) {
      out.write(bytes);
    }
  }

  /**
   * The lines encoded in {@code buffer} (many FETCH responses at once), which is then emptied
   * for reuse: written straight through, not copied into a byte array first.
   */
  synchronized void raw(ByteArrayOutputStream buffer) throws IOException {
    if (!closed) {
      buffer.writeTo(out);
    }
    buffer.reset();
  }

  /** {@code TAG OK|NO|BAD text}, then flushes. */
  synchronized void tagged(String tag, String status, String text) throws IOException {
    line(tag + " " + status + " " + text);
    flush();
  }

  /** {@code + text}, flushed: the client is waiting for it. */
  synchronized void continuation(String text) throws IOException {
    line("+ " + text);
    flush();
  }

  synchronized void flush() throws IOException {
    if (!closed) {
      out.flush();
    }
  }

  /** Switches to a new stream (after the TLS handshake of STARTTLS). */
  synchronized void replace(OutputStream next) {
    out = new BufferedOutputStream(next, 16 * 1024);
  }

  /**
   * Sends a last untagged BYE and refuses every later write: the connection is about to be
   * closed by whoever called this.
   */
  synchronized void bye(String text) {
    try {
      untagged("BYE " + text);
      flush();
    } catch (IOException e) {
      // The client is gone already; closing is all that is left.
    }
    closed = true;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  private void line(String text) throws IOException {
    if (closed) {
      return;
    }
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.write('\r');
    out.write('\n');
  }
}
