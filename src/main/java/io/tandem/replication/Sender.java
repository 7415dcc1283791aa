package io.tandem.replication;

import io.tandem.alert.Alert.Severity;
import io.tandem.alert.Alerts;
import io.tandem.journal.EpochHistory;
import io.tandem.journal.Journal;
import io.tandem.lifecycle.RoleState;
import io.tandem.net.tls.PeerTlsContext;
import io.tandem.store.write.MailStore;
import io.tandem.replication.PeerMessage.Hello;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary's side of the pair: dials the replica's {@code replication.listen}, runs a
 * {@link SenderSession} while the link holds, and dials again with backoff when it drops. The
 * primary dials (rather than the replica) so that an old primary coming back meets the new one
 * and learns of its higher epoch at once. Runs only while this appliance is the primary.
 */
public final class Sender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
  static final String ALERT_REFUSED = "replication.refused";
  static final String ALERT_TLS = "replication.tls";
  static final String ALERT_REGRESSED = "replication.replica-regressed";

  /** Everything a session needs from the appliance. */
  record Context(String appliance, RoleState role, MailStore store, Journal journal,
      EpochHistory epochs, BodyLocator bodies, PeerState state, Alerts alerts,
      DigestExchange digests, UserResyncs resyncs, Awaited<Long> handovers,
      PeerBodies bodyRepair, Rejoin rejoin,
      Awaited<io.tandem.hardware.HardwareHealth> hardwareReports) {
    Hello hello() {
      long last = journal.lastSeq();
      return new Hello(PeerCodec.PROTOCOL_VERSION, appliance, "primary", role.epoch(), last,
          journal.lastEpoch(), Math.min(journal.firstSeq(), last + 1), last,
          Set.of(BodyRepairMessage.CAPABILITY));
    }
  }

  private final Context context;
  private final PeerTlsContext tls;
  private final InetSocketAddress peer;
  private final Duration deadLink;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile PeerLink current;

  Sender(Context context, PeerTlsContext tls, InetSocketAddress peer, Duration deadLink) {
    this.context = context;
    this.tls = tls;
    this.peer = peer;
    this.deadLink = deadLink;
    this.thread = new Thread(this::dialLoop, "replication-sender");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** The link now open, if any (the heartbeat pings through it). */
  PeerLink link() {
    return current;
  }

  private void dialLoop() {
    // Up to 2 s: a replica that comes back is found quickly, and a dial a second is cheap.
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
    String lastProblem = "";
    while (running) {
      if (!context.role().isPrimary()) {
        sleep(1000);
        continue;
      }
      String problem;
      try (PeerLink link = new PeerLink(tls.connect(peer, deadLink), deadLink)) {
        current = link;
        context.alerts().clear(ALERT_TLS);
        lastProblem = "";
        new SenderSession(link, context).run();
        problem = "the link to " + peer + " closed";
      } catch (PeerRefusedException e) {
        problem = e.getMessage();
      } catch (SSLException e) {
        problem = "TLS with " + peer + " failed: " + e.getMessage();
        context.alerts().raise(ALERT_TLS, Severity.CRITICAL, "replication", problem
            + ". The partner must present the certificate pinned in replication.tls.peer_cert"
            + " and pin ours; compare the fingerprints of 'tandem tls show' on both");
      } catch (IOException | PeerProtocolException | RuntimeException e) {
        problem = "replication to " + peer + " stopped: " + describe(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        current = null;
      }
      context.digests().linkLost(problem);
      context.resyncs().linkLost(problem);
      context.handovers().linkLost(problem);
      context.hardwareReports().linkLost(problem);
      boolean wasUp = context.state().isConnected();
      context.state().disconnected(problem);
      if (!problem.equals(lastProblem)) {
        LOG.warn("{}; dialling again", problem);
        lastProblem = problem;
      }
      boolean refused = context.alerts().isOpen(ALERT_REFUSED);
      if (wasUp) {
        backoff.reset();
      }
      sleep(refused ? 5000 : backoff.nextDelayMillis());
    }
  }

  /**
   * An exception in words: our own exceptions carry a sentence; the JDK's file exceptions carry
   * only a path, so their kind is named too.
   */
  static String describe(Exception e) {
    if (e instanceof java.nio.file.FileSystemException fs) {
      return e.getClass().getSimpleName() + " on " + fs.getFile()
          + (fs.getReason() != null ? " (" + fs.getReason() + ")" : "");
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  private void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      running = false;
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    PeerLink link = current;
    if (link != null) {
      link.close();
    }
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
