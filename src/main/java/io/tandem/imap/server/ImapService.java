package io.tandem.imap.server;

import io.tandem.config.ApplianceConfig;
import io.tandem.lifecycle.RoleState;
import io.tandem.net.Connection;
import io.tandem.net.ConnectionHandler;
import io.tandem.net.ConnectionLimits;
import io.tandem.net.TcpServer;
import io.tandem.store.write.MailStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IMAP listeners: plain with STARTTLS, and optionally implicit TLS. Sessions act on the
 * store through its intents, hear of every applied change (IDLE sees an LMTP delivery at once),
 * and are ended with BYE when this appliance stops being the primary, so clients reconnect to
 * the new one and find the same UIDs.
 *
 * <p>Lifecycle: construct, {@link #start()}, {@link #stop(Duration)}. Thread-safe.
 */
public final class ImapService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ImapService.class);

  /**
   * How long changes pushed to a session in IDLE may take to be written before the session is
   * ended: long enough for a slow link to take a large push (every flag of a big mailbox
   * changed), short enough that a client that stopped reading does not keep a push thread.
   */
  static final Duration PUSH_DEADLINE = Duration.ofSeconds(60);

  private final TcpServer plain;
  private final TcpServer implicitTls;
  private final SessionRegistry sessions;
  private final MailAccess mail;

  /**
   * @param tls the clients' TLS context, or null when none is configured (no STARTTLS, no
   *     implicit-TLS listener)
   * @param tlsListen host and port of the implicit-TLS listener, or empty
   */
  public ImapService(String host, int port, Optional<java.net.InetSocketAddress> tlsListen,
      ImapSettings settings, MailStore store, RoleState role, SSLContext tls, Clock clock) {
    this(host, port, tlsListen, settings, store, role, tls, clock, PUSH_DEADLINE);
  }

  /** @param pushDeadline see {@link #PUSH_DEADLINE} (tests shorten it) */
  ImapService(String host, int port, Optional<java.net.InetSocketAddress> tlsListen,
      ImapSettings settings, MailStore store, RoleState role, SSLContext tls, Clock clock,
      Duration pushDeadline) {
    this.sessions = new SessionRegistry(pushDeadline);
    ApplianceConfig.Imap imap = settings.imap();
    this.mail = new MailAccess(store, role::isPrimary, imap.headerCache());
    ImapContext context = new ImapContext(settings, role, mail,
        new Authenticator(store.users(), imap.proxyUsers()),
        new LoginThrottle(imap.maxLoginFailures(), imap.loginFailureWindow(), clock),
        sessions, ZoneId.systemDefault());
    ConnectionLimits limits = new ConnectionLimits(imap.maxConnections(),
        imap.maxConnectionsPerIp(), imap.loginTimeout());
    this.plain = new TcpServer("imap", host, port, limits, new Handler(context, tls));
    if (tlsListen.isPresent() && tls != null) {
      this.implicitTls = new TcpServer("imaps", tlsListen.get().getHostString(),
          tlsListen.get().getPort(), limits, new Handler(context, tls));
      implicitTls.useTls(tls);
    } else {
      this.implicitTls = null;
    }
    store.onApplied(sessions::applied);
    role.onChange(() -> {
      if (!role.isPrimary()) {
        LOG.info("No longer the primary: ending {} IMAP session(s) so their clients reconnect"
            + " to the new primary", sessions.size());
        sessions.byeAllSoon("[UNAVAILABLE] This appliance is no longer the primary; reconnect");
      }
      // Either way: what was read as one primary (kept connections, shared UID arrays) is not
      // carried into the next term, in which a full resync may have rebuilt the indexes.
      mail.closeIdle();
    });
  }

  /**
   * Told by scrub when it replaced a message file that did not match its hash: a header read
   * from the bad file and cached under that hash is forgotten.
   */
  public void messageRepaired(String sha256) {
    mail.forgetHeader(sha256);
  }

  public void start() throws IOException {
    plain.start();
    if (implicitTls != null) {
      try {
        implicitTls.start();
      } catch (IOException e) {
        plain.close();
        throw e;
      }
    }
  }

  public int port() {
    return plain.port();
  }

  /** The implicit-TLS port, or -1 when there is no such listener. */
  public int tlsPort() {
    return implicitTls == null ? -1 : implicitTls.port();
  }

  public int activeConnections() {
    return sessions.size();
  }

  /** Tells every client BYE, then stops the listeners. */
  public boolean stop(Duration grace) {
    sessions.byeAll("[UNAVAILABLE] The server is shutting down; reconnect shortly");
    boolean clean = plain.stop(grace);
    if (implicitTls != null) {
      clean &= implicitTls.stop(grace);
    }
    sessions.close();
    mail.closeIdle();
    return clean;
  }

  @Override
  public void close() {
    stop(Duration.ZERO);
  }

  private static final class Handler implements ConnectionHandler {
    private final ImapContext context;
    private final SSLContext tls;

    Handler(ImapContext context, SSLContext tls) {
      this.context = context;
      this.tls = tls;
    }

    @Override
    public void serve(Connection connection) {
      new ImapConnection(connection, context, tls).run();
    }

    @Override
    public void refuse(Connection connection, Refusal reason) throws IOException {
      String text = reason == Refusal.PEER_FULL
          ? "* BYE [UNAVAILABLE] Too many connections from your address\r\n"
          : "* BYE [UNAVAILABLE] Too many connections; try again later\r\n";
      connection.output().write(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      connection.output().flush();
    }
  }
}
