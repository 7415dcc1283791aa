package io.tandem.replication;

import io.tandem.alert.Alerts;
import io.tandem.config.AckMode;
import io.tandem.config.ApplianceConfig;
import io.tandem.config.ListenAddress;
import io.tandem.delivery.AckGate;
import io.tandem.lifecycle.RoleState;
import io.tandem.net.tls.ApplianceIdentity;
import io.tandem.net.tls.PeerTlsContext;
import io.tandem.net.tls.PinnedPeerTrust;
import io.tandem.replication.PeerMessage.Ping;
import io.tandem.store.write.MailStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Replication on this appliance, built from {@code replication.*}: the {@link Sender} (dials
 * the partner while this appliance is primary), the {@link Receiver} (takes the primary's
 * entries while it is replica), the heartbeat, the monitor, and the ack gate that {@code
 * replication.ack = peer} deliveries wait on. Without a partner configured it does nothing and
 * says so in the status.
 */
public final class ReplicationService implements AutoCloseable {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ReplicationService.class);
  private static final long PING_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final RoleState role;
  private final PeerState state;
  private final AckGate ackGate;
  private final Sender sender;
  private final Receiver receiver;
  private final ScheduledExecutorService timers;

  private final PeerVerifier verifier;
  private ScheduledExecutorService verifications;
  private Failover failover;
  /** Body repair over the link (scrub); null without replication. */
  private PeerBodies bodyRepair;

  private ReplicationService(RoleState role, PeerState state, AckGate ackGate, Sender sender,
      Receiver receiver, ScheduledExecutorService timers, PeerVerifier verifier) {
    this.verifier = verifier;
    this.role = role;
    this.state = state;
    this.ackGate = ackGate;
    this.sender = sender;
    this.receiver = receiver;
    this.timers = timers;
  }

  /**
   * Starts replication as configured.
   *
   * @throws IOException when the TLS identity or the pinned certificate cannot be read, or the
   *     listen address cannot be bound; the message says what to do
   */
  public static ReplicationService start(ApplianceConfig config, RoleState role, MailStore store,
      Alerts alerts, Clock clock) throws IOException {
    return start(config, role, store, alerts, clock,
        () -> io.tandem.hardware.HardwareHealth.UNWATCHED);
  }

  /**
   * Starts replication as configured; {@code hardware} is this appliance's hardware health,
   * told to a primary that prepares a failover and compared with the partner's by one.
   */
  public static ReplicationService start(ApplianceConfig config, RoleState role, MailStore store,
      Alerts alerts, Clock clock,
      java.util.function.Supplier<io.tandem.hardware.HardwareHealth> hardware)
      throws IOException {
    ApplianceConfig.Replication settings = config.replication();
    String name = config.appliance().name();
    if (!settings.enabled()) {
      PeerState idle = new PeerState("", clock, store.journal()::lastSeq, -1);
      idle.disconnected("replication is not configured (no replication.peer or"
          + " replication.listen)");
      return new ReplicationService(role, idle, AckGate.LOCAL, null, null, null, null);
    }
    PeerTlsContext tls = tls(config, clock);
    AckedSeqFile ackedFile = new AckedSeqFile(config.store().state().resolve("peer-acked"));
    String peerText = settings.peer().map(ListenAddress::toString)
        .orElseGet(() -> "(the primary connects to " + settings.listen().orElseThrow() + ")");
    PeerState state = new PeerState(peerText, clock, store.journal()::lastSeq,
        ackedFile.read());
    Duration deadLink = settings.timeout();
    Sender sender = null;
    Receiver receiver = null;
    DigestExchange digests = new DigestExchange();
    UserResyncs resyncs = new UserResyncs();
    Awaited<Long> handovers = new Awaited<>();
    Awaited<io.tandem.hardware.HardwareHealth> hardwareReports = new Awaited<>();
    // Stateless: one for the sender, the body repairs and the rejoin.
    BodyLocator bodies = new BodyLocator(store.layout(), store.indexPool(), store.attic());
    PeerBodies bodyRepair = new PeerBodies(bodies);
    // Without a partner's acknowledgement no delivery was accepted: its sender retried it.
    boolean ackedAlone = !(settings.ack() == AckMode.PEER
        && settings.unreachable() == io.tandem.config.UnreachablePolicy.TEMPFAIL);
    Rejoin rejoin = new Rejoin(
        io.tandem.reconcile.DivergenceRecords.in(config.store().state()), bodies, ackedAlone);
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, runnable -> {
      Thread thread = new Thread(runnable, "replication-timers");
      thread.setDaemon(true);
      return thread;
    });
    try {
      if (settings.peer().isPresent()) {
        sender = new Sender(new Sender.Context(name, role, store, store.journal(), store.epochs(),
            bodies, state, alerts,
            digests, resyncs, handovers, bodyRepair, rejoin, hardwareReports),
            tls, settings.peer().get().toSocketAddress(), deadLink);
      }
      if (settings.listen().isPresent()) {
        // Bodies of one frame are forced at once, as the primary's LMTP threads forced them.
        java.util.concurrent.ExecutorService forcing = Executors.newFixedThreadPool(8,
            runnable -> {
              Thread thread = new Thread(runnable, "replication-fsync");
              thread.setDaemon(true);
              return thread;
            });
        receiver = new Receiver(new Receiver.Context(name, role, store, state, alerts, forcing,
            bodyRepair, rejoin, hardware),
            tls,
            settings.listen().get().toSocketAddress(), deadLink);
      }
      AckGate gate = settings.ack() == AckMode.PEER
          ? new PeerAckGate(state, settings.ackTimeout(), settings.unreachable(), alerts)
          : AckGate.LOCAL;
      ReplicationService service = new ReplicationService(role, state, gate, sender, receiver,
          timers, sender == null ? null : new PeerVerifier(sender::link, digests, resyncs, store));
      if (sender != null) {
        service.failover = new Failover(role, store.journal(), state, service.verifier,
            sender::link, handovers, alerts, new Failover.HardwareCheck(hardware,
                hardwareReports));
      }
      service.bodyRepair = bodyRepair;
      timers.scheduleWithFixedDelay(service::heartbeat, 250, 250, TimeUnit.MILLISECONDS);
      timers.scheduleWithFixedDelay(new ReplicationMonitor(state, role, alerts, store.attic(),
          ackedFile, deadLink, settings.lagAlert(), peerText), 1, 1, TimeUnit.SECONDS);
      if (sender != null) {
        // A thread of its own: a comparison may take minutes and must not hold up pings.
        ScheduledExecutorService verifications = Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "replication-verify");
              thread.setDaemon(true);
              return thread;
            });
        service.verifications = verifications;
        verifications.scheduleWithFixedDelay(new ScheduledVerification(service.verifier, state,
            role, alerts, settings.verifyInterval()), 1, 1, TimeUnit.SECONDS);
        sender.start();
      }
      if (receiver != null) {
        receiver.start();
      }
      return service;
    } catch (IOException | RuntimeException e) {
      timers.shutdownNow();
      bodyRepair.close();
      if (receiver != null) {
        receiver.close();
      }
      throw e;
    }
  }

  private static PeerTlsContext tls(ApplianceConfig config, Clock clock) throws IOException {
    Path dir = ApplianceIdentity.directory(config.store().state());
    if (!ApplianceIdentity.exists(dir)) {
      throw new IOException("replication is configured but this appliance has no TLS identity"
          + " in " + dir + ": run 'tandem tls init --config FILE', then pin its certificate on"
          + " the partner");
    }
    Path pinned = config.replication().tls().peerCert().orElseThrow();
    return PeerTlsContext.create(ApplianceIdentity.load(dir),
        PinnedPeerTrust.fromFile(pinned, clock));
  }

  /** Pings the partner on a link that has carried nothing for a second. */
  private void heartbeat() {
    PeerLink link = currentLink();
    if (link != null && link.idleNanos() >= PING_AFTER_NANOS) {
      try {
        link.send(new Ping(System.nanoTime()));
      } catch (IOException e) {
        link.close();
      }
    }
  }

  private PeerLink currentLink() {
    PeerLink link = sender != null ? sender.link() : null;
    if (link == null && receiver != null) {
      link = receiver.link();
    }
    return link;
  }

  /**
   * Compares this primary's users with the replica's ({@code tandem verify-peer}).
   *
   * @param user one user, or null for all
   * @param repair replace the replica's copy of each user that differs, then compare again
   * @throws IOException when this appliance is not a primary with a connected replica
   */
  public PeerVerifier.Report verifyPeer(String user, boolean repair)
      throws IOException, InterruptedException {
    if (verifier == null || !role.isPrimary()) {
      throw new IOException("verify-peer runs on the primary, which has replication.peer set");
    }
    if (!state.isConnected()) {
      throw new IOException("the replica is not connected (" + state.problem() + ")");
    }
    return verifier.verify(user, repair);
  }

  /**
   * {@code tandem failover [--force]}: hands the primary role to the replica without losing
   * mail; {@code force} skips the hardware comparison.
   *
   * @throws IOException with the reason when it is refused or fails
   */
  public Failover.Result failover(boolean force) throws IOException, InterruptedException {
    if (failover == null) {
      throw new IOException("failover needs replication.peer: this appliance has no partner to"
          + " hand over to");
    }
    return failover.run(force);
  }

  /**
   * {@code tandem promote}: makes this replica the primary of a new epoch. Without {@code force}
   * it refuses while a primary is connected (that one would keep writing: two primaries).
   *
   * @return the new epoch
   * @throws IOException when this appliance is already primary, or a primary is connected and
   *     {@code force} is not given
   */
  public long promote(boolean force) throws IOException {
    synchronized (role) {
      if (role.isPrimary()) {
        throw new IOException("this appliance is already the primary (epoch " + role.epoch()
            + ")");
      }
      if (!force && state.isConnected()) {
        throw new IOException("the primary " + state.status(false).get("partner") + " is"
            + " connected and would go on writing; stop it first, or use --force if it is"
            + " gone for good (it steps down when it comes back)");
      }
      long epoch = role.promote();
      if (receiver != null) {
        receiver.dropSession();
      }
      LOG.warn("Promoted to primary in epoch {}: taking writes; a returning old primary steps"
          + " down when it meets this epoch", epoch);
      return epoch;
    }
  }

  /**
   * Fetches a good copy of a body from the partner for a repair ({@code tandem scrub}), on
   * either role: see {@link PeerBodies#fetch}.
   */
  public PeerBodies.Result fetchBody(String user, String sha256, Path into)
      throws InterruptedException {
    if (bodyRepair == null) {
      return new PeerBodies.Result(PeerBodies.Status.UNREACHABLE, "replication is not"
          + " configured: there is no partner to ask");
    }
    return bodyRepair.fetch(user, sha256, into);
  }

  /** What {@code replication.ack} needs from deliveries. */
  public AckGate ackGate() {
    return ackGate;
  }

  /**
   * The highest seq replication no longer needs from the journal: on a primary with a partner,
   * the replica's acknowledgement (-1 while unknown); otherwise everything.
   */
  public long consumedThrough() {
    if (sender != null && role.isPrimary()) {
      return state.acked();
    }
    return Long.MAX_VALUE;
  }

  /** The live link state. */
  public PeerState state() {
    return state;
  }

  /** The port {@code replication.listen} is bound to, or -1 when it is not configured. */
  public int listenPort() {
    return receiver != null ? receiver.port() : -1;
  }

  /** The {@code replication} object of the status. */
  public Map<String, Object> status() {
    return new LinkedHashMap<>(state.status(role.isPrimary()));
  }

  @Override
  public void close() {
    if (timers != null) {
      timers.shutdownNow();
    }
    if (verifications != null) {
      verifications.shutdownNow();
    }
    if (bodyRepair != null) {
      bodyRepair.close();
    }
    if (sender != null) {
      sender.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }
}
