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
  private final ShutdownSignal shutdown;
  private volatile InputStream input;
  private volatile OutputStream output;

  SocketConnection(Socket socket, ShutdownSignal shutdown) throws IOException {
    this.socket = socket;
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

  @Override
  public void close() throws IOException {
    socket.close();
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
