package io.tandem.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * One accepted client connection as a protocol handler sees it: two byte streams, the peer's
 * address and a read timeout, but no socket. Protocol code depends on this interface so that it
 * can be driven by in-memory streams in tests.
 *
 * <p>Not thread-safe: it belongs to the thread that serves the connection.
 */
public interface Connection {

  /** The bytes the client sends; unbuffered, so callers buffer as they see fit. */
  InputStream input();

  /** The bytes sent to the client; unbuffered. */
  OutputStream output();

  /** The peer as {@code ip:port}, for logs and thread names. */
  String remoteAddress();

  /**
   * Makes a blocked read give up after {@code timeout} with an {@link
   * java.io.InterruptedIOException}; the connection stays usable and the read may be retried.
   */
  void setReadTimeout(Duration timeout) throws IOException;

  /** Whether the server is stopping: handlers finish the current unit of work and say goodbye. */
  boolean shutdownRequested();

  /** Whether the connection is encrypted (a TLS listener, or after {@link #startTls}). */
  default boolean isTls() {
    return false;
  }

  /** Whether the peer is on this machine (a loopback address). */
  default boolean isLoopback() {
    return false;
  }

  /**
   * Runs a server-side TLS handshake over the connection (STARTTLS); afterwards {@link #input}
   * and {@link #output} are the encrypted streams.
   */
  default void startTls(javax.net.ssl.SSLContext context) throws IOException {
    throw new IOException("this connection cannot start TLS");
  }

  /** Closes the connection from any thread; a read blocked on it ends with an exception. */
  default void close() throws IOException {
    input().close();
  }
}
