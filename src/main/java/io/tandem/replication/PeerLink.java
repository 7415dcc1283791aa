package io.tandem.replication;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

/**
 * One open connection to the partner: frames out (from any thread, one at a time) and in (from
 * one reader thread). A read that sees no frame for the dead-link timeout fails, so a partner
 * that went silent (a cut cable, a stalled route) is noticed; each side sends at least a ping a
 * second, so a healthy link is never silent that long. Thread-safe for {@link #send}.
 */
public final class PeerLink implements AutoCloseable {
  private final Socket socket;
  private final String remote;
  private final PeerCodec codec = new PeerCodec();
  private final InputStream in;
  private final OutputStream out;
  private volatile long lastSentNanos = System.nanoTime();
  private volatile boolean closed;

  /**
   * Wraps a connected socket (its TLS handshake done or pending).
   *
   * @param deadLink how long a read waits for a frame before the link counts as dead
   */
  public PeerLink(Socket socket, Duration deadLink) throws IOException {
    this.socket = socket;
    this.remote = String.valueOf(socket.getRemoteSocketAddress()).replaceFirst("^/", "");
    socket.setSoTimeout(Math.toIntExact(deadLink.toMillis()));
    socket.setTcpNoDelay(true);
    socket.setKeepAlive(true);
    this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
  }

  /** The partner's address, for logs. */
  public String remote() {
    return remote;
  }

  /** Sends one message and flushes it. */
  public void send(PeerMessage message) throws IOException {
    sendAll(java.util.List.of(message));
  }

  /** Sends messages back to back with one flush (bodies and the entries that need them). */
  public void sendAll(java.util.List<? extends PeerMessage> messages) throws IOException {
    synchronized (out) {
      for (PeerMessage message : messages) {
        codec.write(out, message);
      }
      out.flush();
      lastSentNanos = System.nanoTime();
    }
  }

  /**
   * The next message.
   *
   * @throws EOFException when the partner closed the connection
   * @throws java.net.SocketTimeoutException when no frame came for the dead-link timeout
   * @throws PeerProtocolException when the bytes are not a valid frame
   */
  public PeerMessage receive() throws IOException, PeerProtocolException {
    Optional<PeerMessage> message = codec.read(in);
    if (message.isEmpty()) {
      throw new EOFException("the partner " + remote + " closed the connection");
    }
    return message.get();
  }

  /**
   * The opening of every session: sends our hello and returns the partner's.
   *
   * @throws PeerRefusedException when the partner answers with a refusal instead
   */
  public PeerMessage.Hello exchangeHellos(PeerMessage.Hello ours)
      throws IOException, PeerProtocolException {
    send(ours);
    PeerMessage first = receive();
    if (first instanceof PeerMessage.Refuse refuse) {
      throw new PeerRefusedException("the partner " + remote + " refused: " + refuse.reason());
    }
    if (!(first instanceof PeerMessage.Hello theirs)) {
      throw new PeerProtocolException(PeerProtocolException.Kind.MALFORMED,
          "expected the partner's hello, got " + first.getClass().getSimpleName());
    }
    return theirs;
  }

  /** Nanoseconds since something was last sent. */
  public long idleNanos() {
    return System.nanoTime() - lastSentNanos;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Closes the connection; a thread blocked in {@link #receive} or {@link #send} fails. */
  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing left to do with a connection that cannot even close.
    }
  }
}
