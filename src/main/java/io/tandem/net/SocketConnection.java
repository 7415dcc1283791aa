package io.tandem.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A {@link Connection} over an accepted socket. */
final class SocketConnection implements Connection {
  private volatile Socket socket;
  /** The TCP socket under {@link #socket} (the same one until TLS is layered over it). */
  private final Socket tcp;
  private final ShutdownSignal shutdown;
  private volatile InputStream input;
  private volatile OutputStream output;

  SocketConnection(Socket socket, ShutdownSignal shutdown) throws IOException {
    this(socket, socket, shutdown);
  }

  /** A connection over {@code socket}, which may be TLS layered over {@code tcp}. */
  SocketConnection(Socket socket, Socket tcp, ShutdownSignal shutdown) throws IOException {
    this.socket = socket;
    this.tcp = tcp;
    this.shutdown = shutdown;
    this.input = socket.getInputStream();
    this.output = socket.getOutputStream();
  }

  @Override
  public boolean isTls() {
    return socket instanceof javax.net.ssl.SSLSocket;
  }

  @Override
  public boolean isLoopback() {
    return socket.getInetAddress() != null && socket.getInetAddress().isLoopbackAddress();
  }

  @Override
  public void startTls(javax.net.ssl.SSLContext context) throws IOException {
    javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) context.getSocketFactory()
        .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
    tls.setUseClientMode(false);
    tls.startHandshake();
    socket = tls;
    input = tls.getInputStream();
    output = tls.getOutputStream();
  }

  /**
   * Closes the TCP socket: a TLS socket's own close sends close_notify under the TLS layer's
   * write lock, which a write blocked on a client that reads nothing holds for ever, so it
   * would never return. Closing the socket under it ends such a write at once. (The end of a
   * session closes the TCP socket too, see TcpServer.)
   */
  @Override
  public void close() throws IOException {
    tcp.close();
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public String remoteAddress() {
    return describe(socket);
  }

  @Override
  public void setReadTimeout(Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
  }

  @Override
  public boolean shutdownRequested() {
    return shutdown.isRequested();
  }

  /** {@code ip:port} of the peer, without the host name lookup that toString() may show. */
  static String describe(Socket socket) {
    if (socket.getRemoteSocketAddress() instanceof InetSocketAddress peer) {
      return peer.getAddress().getHostAddress() + ":" + peer.getPort();
    }
    return String.valueOf(socket.getRemoteSocketAddress());
  }
}
