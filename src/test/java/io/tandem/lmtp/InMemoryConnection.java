package io.tandem.lmtp;

import io.tandem.net.Connection;
import io.tandem.net.ShutdownSignal;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** A {@link Connection} over two {@link BytePipe}s, for driving a session without sockets. */
final class InMemoryConnection implements Connection {
  final BytePipe toServer = new BytePipe();
  final BytePipe fromServer = new BytePipe();
  final ShutdownSignal shutdown = new ShutdownSignal();
  private volatile long readTimeoutMillis;

  @Override
  public InputStream input() {
    return toServer.input(() -> readTimeoutMillis);
  }

  @Override
  public OutputStream output() {
    return fromServer.output();
  }

  @Override
  public String remoteAddress() {
    return "192.0.2.1:4242";
  }

  @Override
  public void setReadTimeout(Duration timeout) {
    readTimeoutMillis = timeout.toMillis();
  }

  @Override
  public boolean shutdownRequested() {
    return shutdown.isRequested();
  }
}
