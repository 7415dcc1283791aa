package io.tandem.replication;

import io.tandem.alert.Alert.Severity;
import io.tandem.alert.Alerts;
import io.tandem.lifecycle.RoleState;
import io.tandem.net.tls.PeerTlsContext;
import io.tandem.replication.PeerMessage.Hello;
import io.tandem.store.write.MailStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on {@code replication.listen} for the partner and runs one {@link ReceiverSession} at
 * a time. A new connection replaces the old one (the primary only dials again when it believes
 * the old link dead). A connection whose certificate is not the pinned one fails its TLS
 * handshake here and raises an alert; it never reaches the session.
 */
public final class Receiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Receiver.class);
  static final String ALERT_REFUSED = "replication.refused-primary";
  static final String ALERT_APPLY = "replication.apply";
  static final String ALERT_STEPPED_DOWN = "replication.stepped-down";
  static final String ALERT_TLS = "replication.tls-incoming";
  private static final int MAX_HANDSHAKES = 4;

  /** Everything a session needs from the appliance. */
  record Context(String appliance, RoleState role, MailStore store, PeerState state,
      Alerts alerts, java.util.concurrent.ExecutorService forcing, PeerBodies bodyRepair,
      Rejoin rejoin, java.util.function.Supplier<io.tandem.hardware.HardwareHealth> hardware) {
    Hello hello() {
      long last = store.journal().lastSeq();
      return new Hello(PeerCodec.PROTOCOL_VERSION, appliance, role.role().configName(),
          role.epoch(), last, store.journal().lastEpoch(),
          Math.min(store.journal().firstSeq(), last + 1), last,
          Set.of(BodyRepairMessage.CAPABILITY));
    }
  }

  private final Context context;
  private final SSLServerSocket server;
  private final Duration deadLink;
  private final Thread acceptor;
  private final Object sessionLock = new Object();
  /** Handshakes in progress: a flood of connections cannot pile up threads. */
  private final java.util.concurrent.Semaphore handshakes =
      new java.util.concurrent.Semaphore(MAX_HANDSHAKES);
  private volatile boolean running = true;
  private PeerLink current;
  private Thread currentThread;

  Receiver(Context context, PeerTlsContext tls, InetSocketAddress listen, Duration deadLink)
      throws IOException {
    this.context = context;
    this.deadLink = deadLink;
    this.server = tls.listen(listen, 4);
    this.acceptor = new Thread(this::acceptLoop, "replication-listener");
    this.acceptor.setDaemon(true);
  }

  void start() {
    acceptor.start();
  }

  /** The port actually listened on (the configured one, or a free one for port 0). */
  public int port() {
    return server.getLocalPort();
  }

  /** Ends the current session (this appliance was just promoted: it takes no more entries). */
  void dropSession() {
    synchronized (sessionLock) {
      if (current != null) {
        current.close();
      }
    }
  }

  /** The link now open, if any (the heartbeat pings through it). */
  PeerLink link() {
    synchronized (sessionLock) {
      return current;
    }
  }

  private void acceptLoop() {
    while (running) {
      try {
        Socket socket = server.accept();
        if (!handshakes.tryAcquire()) {
          LOG.warn("Refusing a replication connection from {}: {} others are still in their"
              + " TLS handshake", socket.getRemoteSocketAddress(), MAX_HANDSHAKES);
          closeQuietly(socket);
          continue;
        }
        Thread handshake = new Thread(() -> handshakeAndRun((SSLSocket) socket),
            "replication-receiver");
        handshake.setDaemon(true);
        handshake.start();
      } catch (IOException e) {
        if (running) {
          LOG.warn("Accepting a replication connection failed: {}", e.toString());
        }
      }
    }
  }

  private void handshakeAndRun(SSLSocket socket) {
    String remote = String.valueOf(socket.getRemoteSocketAddress());
    try {
      socket.setSoTimeout(Math.toIntExact(deadLink.toMillis()));
      socket.startHandshake();
    } catch (IOException e) {
      handshakes.release();
      String problem = "A connection from " + remote + " to replication.listen failed TLS: "
          + e.getMessage() + ". Only the partner whose certificate is pinned in"
          + " replication.tls.peer_cert may connect; check the partner's configuration (or who"
          + " else is connecting)";
      context.alerts().raise(ALERT_TLS, Severity.CRITICAL, "replication", problem);
      closeQuietly(socket);
      return;
    }
    handshakes.release();
    context.alerts().clear(ALERT_TLS);
    PeerLink link;
    try {
      link = new PeerLink(socket, deadLink);
    } catch (IOException e) {
      closeQuietly(socket);
      return;
    }
    replaceCurrent(link);
    String problem;
    try {
      new ReceiverSession(link, context).run();
      problem = "the link from " + link.remote() + " closed";
    } catch (PeerRefusedException e) {
      problem = e.getMessage();
    } catch (SSLException e) {
      problem = "TLS with " + link.remote() + " failed: " + e.getMessage();
    } catch (IOException | PeerProtocolException | RuntimeException e) {
      problem = "replication from " + link.remote() + " stopped: " + Sender.describe(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "stopping";
    } finally {
      link.close();
    }
    synchronized (sessionLock) {
      if (current == link) {
        current = null;
        context.state().disconnected(problem);
        LOG.warn("{}; waiting for the primary to connect again", problem);
      }
    }
  }

  /** Closes the previous session's link and waits for its thread, so two never apply at once. */
  private void replaceCurrent(PeerLink link) {
    Thread previous;
    synchronized (sessionLock) {
      if (current != null) {
        LOG.info("A new replication connection from {} replaces the one from {}", link.remote(),
            current.remote());
        current.close();
      }
      previous = currentThread;
      current = link;
      currentThread = Thread.currentThread();
    }
    if (previous != null && previous != Thread.currentThread()) {
      try {
        previous.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    running = false;
    context.forcing().shutdownNow();
    closeQuietly(server);
    synchronized (sessionLock) {
      if (current != null) {
        current.close();
      }
    }
    try {
      acceptor.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException ignored) {
      // Already failing; nothing more to report.
    }
  }
}
