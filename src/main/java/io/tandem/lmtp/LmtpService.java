package io.tandem.lmtp;

import io.tandem.net.Connection;
import io.tandem.net.ConnectionHandler;
import io.tandem.net.ConnectionLimits;
import io.tandem.net.TcpServer;
import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The LMTP listener: a {@link TcpServer} whose connections run {@link LmtpConnection}s against a
 * {@link MailDrop}. Clients over the connection limits get {@code 421 4.3.2}.
 *
 * <p>Lifecycle: construct, {@link #start()}, and {@link #stop(Duration)} on shutdown, which lets
 * deliveries in progress finish within the grace period. Thread-safe.
 */
public final class LmtpService implements AutoCloseable {
  private final TcpServer server;

  /**
   * @param host address to listen on, e.g. {@code 127.0.0.1}
   * @param port port to listen on; 0 picks a free one (see {@link #port()})
   */
  public LmtpService(String host, int port, LmtpSettings settings, MailDrop drop) {
    this(host, port, settings, drop, System::nanoTime);
  }

  LmtpService(String host, int port, LmtpSettings settings, MailDrop drop,
      LongSupplier nanoTime) {
    ConnectionLimits limits = new ConnectionLimits(settings.maxConnections(),
        settings.maxConnectionsPerIp(), settings.idleTimeout());
    this.server = new TcpServer("lmtp", host, port, limits, new Handler(settings, drop, nanoTime));
  }

  /** Binds the port and starts accepting; throws if the address cannot be bound. */
  public void start() throws IOException {
    server.start();
  }

  /** The bound port, after {@link #start()}. */
  public int port() {
    return server.port();
  }

  /** Sessions open now. */
  public int activeConnections() {
    return server.activeConnections();
  }

  /**
   * Stops accepting, lets each session finish the DATA it is in (idle ones get 421 4.3.2), and
   * closes what is left after {@code grace}.
   *
   * @return true if every session ended within the grace period
   */
  public boolean stop(Duration grace) {
    return server.stop(grace);
  }

  /** Stops without a grace period. */
  @Override
  public void close() {
    server.close();
  }

  private static final class Handler implements ConnectionHandler {
    private final LmtpSettings settings;
    private final MailDrop drop;
    private final LongSupplier nanoTime;

    Handler(LmtpSettings settings, MailDrop drop, LongSupplier nanoTime) {
      this.settings = settings;
      this.drop = drop;
      this.nanoTime = nanoTime;
    }

    @Override
    public void serve(Connection connection) {
      new LmtpConnection(connection, drop, settings, nanoTime).run();
    }

    @Override
    public void refuse(Connection connection, Refusal reason) throws IOException {
      LmtpReply reply = reason == Refusal.PEER_FULL
          ? LmtpReplies.TOO_MANY_FROM_PEER : LmtpReplies.TOO_MANY_CONNECTIONS;
      connection.output().write(reply.encode());
      connection.output().flush();
    }
  }
}
