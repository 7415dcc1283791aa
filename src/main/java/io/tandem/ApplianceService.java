package io.tandem;

import io.tandem.admin.AdminAddressFile;
import io.tandem.admin.AdminServer;
import io.tandem.admin.StatusReport;
import io.tandem.admin.UserAdmin;
import io.tandem.config.ApplianceConfig;
import io.tandem.delivery.FreeSpace;
import io.tandem.delivery.StoreMailDrop;
import io.tandem.fence.FencedPromotion;
import io.tandem.fence.PeerFence;
import io.tandem.hotswap.HotswapPlan;
import io.tandem.hotswap.HotswapPlanner;
import io.tandem.hotswap.HotswapTarget;
import io.tandem.hotswap.PairState;
import io.tandem.imap.server.ImapService;
import io.tandem.imap.server.ImapSettings;
import io.tandem.journal.JournalPruner;
import io.tandem.lifecycle.FatalErrorHandler;
import io.tandem.lifecycle.RoleState;
import io.tandem.lmtp.LmtpService;
import io.tandem.lmtp.LmtpSettings;
import io.tandem.alert.Alerts;
import io.tandem.replication.AtticPolicy;
import io.tandem.replication.ReplicationService;
import io.tandem.scrub.BodySource;
import io.tandem.scrub.ScrubService;
import io.tandem.scrub.ScrubSettings;
import io.tandem.store.index.MessageCounter;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.StoreSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running appliance, built by hand from its configuration: store (with recovery), LMTP and
 * the admin API. Start order is store, then listeners; stop order is the reverse, so in-flight
 * deliveries finish (or get a 4xx) before the store is closed and nothing is left half-written.
 */
public final class ApplianceService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApplianceService.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final ApplianceConfig config;
  private final RoleState role;
  private final MailStore store;
  private final LmtpService lmtp;
  private final AdminServer admin;
  private final ReplicationService replication;
  private final Alerts alerts;
  private final JournalPruner pruner;
  private final ScheduledExecutorService housekeeping;
  /** Set once, right after construction. */
  private ScrubService scrub;
  private HardwareWiring hardware;
  private ImapService imap;
  private io.tandem.backup.BackupService backup;

  private ApplianceService(ApplianceConfig config, RoleState role, MailStore store,
      LmtpService lmtp, AdminServer admin, ReplicationService replication, Alerts alerts,
      JournalPruner pruner) {
    this.pruner = pruner;
    this.housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "housekeeping");
      thread.setDaemon(true);
      return thread;
    });
    housekeeping.scheduleWithFixedDelay(pruner, 1, 1, TimeUnit.MINUTES);
    this.replication = replication;
    this.alerts = alerts;
    this.config = config;
    this.role = role;
    this.store = store;
    this.lmtp = lmtp;
    this.admin = admin;
  }

  /** Opens the store (replaying the journal) and starts the listeners. */
  public static ApplianceService start(ApplianceConfig config, FatalErrorHandler fatal)
      throws Exception {
    RoleState role = RoleState.load(config.store().state(), config.role().initial(),
        io.tandem.lifecycle.EpochParity.forPinned(config.appliance().name(),
            config.replication().tls().peerCert()));
    MailStore store = MailStore.open(StoreSettings.of(config), Clock.systemUTC(),
        ProcessHandle.current().pid(), role::epoch, AtticPolicy.of(config, role), fatal);
    store.setWriteGate(role::acceptsWrites);
    LmtpService lmtp = null;
    ScrubService scrub = null;
    ReplicationService replication = null;
    HardwareWiring hardware = null;
    ImapService imap = null;
    io.tandem.backup.BackupService backup = null;
    try {
      Alerts alerts = new Alerts(Clock.systemUTC());
      hardware = HardwareWiring.start(config, role, alerts, Clock.systemUTC());
      replication = ReplicationService.start(config, role, store, alerts, Clock.systemUTC(),
          hardware::health);
      FreeSpace freeSpace = new FreeSpace(config.store().root(), config.store().minFree());
      lmtp = new LmtpService(config.lmtp().listen().host(), config.lmtp().listen().port(),
          lmtpSettings(config), new StoreMailDrop(store, role::acceptsWrites, freeSpace,
              Clock.systemUTC(), replication.ackGate()));
      lmtp.start();
      imap = startImap(config, store, role);
      ReplicationService linked = replication;
      backup = io.tandem.backup.BackupService.start(config, store, role::isPrimary,
          hardware::snapshot, alerts, Clock.systemUTC());
      io.tandem.backup.BackupService backups = backup;
      JournalPruner pruner = new JournalPruner(store.journal(), () -> Math.min(Math.min(
          store.checkpointedSeq(), linked.consumedThrough()), backups.journalFloor()),
          config.journal().keep(), Clock.systemUTC());
      FencedPromotion promotion = new FencedPromotion(role,
          () -> linked.state().isConnected(), linked::promote,
          config.peer().ipmiCommand().map(PeerFence::of), alerts, Clock.systemUTC());
      scrub = ScrubService.start(ScrubSettings.of(config), store, config.store().state(),
          partnerBodies(replication), alerts, Clock.systemUTC());
      ScrubService scrubbing = scrub;
      scrubbing.onRepaired(imap::messageRepaired);
      ServiceStatus status = new ServiceStatus(config, role, store, lmtp, freeSpace,
          new MessageCounter(store.indexPool()), replication, alerts, promotion)
          .withScrub(scrubbing::status).withHardware(hardware::status)
          .withBackup(backups::status).withImap(imapStatus(config, imap));
      AdminServer admin = new AdminServer(config.admin().listen().host(),
          config.admin().listen().port(), new UserAdmin(store), status,
          verification(replication), () -> {
            int pruned = pruner.pruneNow().size();
            return java.util.Map.of("pruned_segments", pruned,
                "first_seq", store.journal().firstSeq());
          }, promotion::promote, force -> {
            io.tandem.replication.Failover.Result result = linked.failover(force);
            return java.util.Map.of("epoch", result.epoch(), "last_seq", result.lastSeq(),
                "writes_paused_ms", result.writesPausedMillis());
          });
      admin.enableScrub(scrubbing::requestNow, scrubbing::report);
      admin.enableBackup(backups);
      admin.enableHardwareEvents(hardware.events());
      Function<HotswapTarget, HotswapPlan> guard =
          hotswapGuard(config, role, hardware, replication);
      io.tandem.hotswap.swap.HotswapService swaps = new io.tandem.hotswap.swap.HotswapService(
          new io.tandem.hotswap.swap.SwapStore(config.store().state()), hardware::snapshot,
          guard, hardware.diskKit(), alerts, Clock.systemUTC());
      hardware.onSnapshot(swaps::onSnapshot);
      hardware.promptFrom(swaps::prompt);
      status.withHotswap(swaps::status);
      admin.enableHotswap(guard, swaps);
      admin.start();
      AdminAddressFile.write(config.store().state(), config.admin().listen().host(), admin.port());
      ApplianceService service = new ApplianceService(config, role, store, lmtp, admin,
          replication, alerts,
          pruner);
      service.scrub = scrub;
      service.hardware = hardware;
      service.imap = imap;
      service.backup = backup;
      return service;
    } catch (Exception e) {
      if (backup != null) {
        backup.close();
      }
      if (scrub != null) {
        scrub.close();
      }
      if (hardware != null) {
        hardware.close();
      }
      if (imap != null) {
        imap.close();
      }
      if (lmtp != null) {
        lmtp.close();
      }
      if (replication != null) {
        replication.close();
      }
      store.close();
      throw e;
    }
  }

  private static java.util.function.Supplier<java.util.Map<String, Object>> imapStatus(
      ApplianceConfig config, ImapService imap) {
    return () -> {
      java.util.Map<String, Object> status = new java.util.LinkedHashMap<>();
      status.put("listen", config.imap().listen().host() + ":" + imap.port());
      if (imap.tlsPort() >= 0) {
        status.put("tls_listen", config.imap().tlsListen().orElseThrow().host() + ":"
            + imap.tlsPort());
      }
      status.put("sessions", imap.activeConnections());
      return status;
    };
  }

  /**
   * The IMAP listeners. TLS (STARTTLS, the implicit-TLS port) uses imap.tls.keystore, else the
   * appliance identity; without either, IMAP runs without TLS and says so.
   */
  private static ImapService startImap(ApplianceConfig config, MailStore store, RoleState role)
      throws java.io.IOException {
    ApplianceConfig.Imap settings = config.imap();
    javax.net.ssl.SSLContext tls = null;
    if (settings.tlsKeystore().isPresent() || io.tandem.net.tls.ApplianceIdentity.exists(
        io.tandem.net.tls.ApplianceIdentity.directory(config.store().state()))) {
      tls = io.tandem.net.tls.ClientTlsContext.create(settings.tlsKeystore(),
          settings.tlsPasswordFile(), config.store().state());
    } else {
      LOG.warn("IMAP has no TLS: no imap.tls.keystore and no appliance identity ('tandem tls"
          + " init' makes one); STARTTLS is not offered");
    }
    ImapService imap = new ImapService(settings.listen().host(), settings.listen().port(),
        settings.tlsListen().map(a -> new java.net.InetSocketAddress(a.host(), a.port())),
        ImapSettings.of(config), store, role, tls, Clock.systemUTC());
    imap.start();
    return imap;
  }

  /**
   * The hot-swap guard on the live snapshot and the pair's state; a reading older than three
   * hardware polls counts as stale.
   */
  private static Function<HotswapTarget, HotswapPlan> hotswapGuard(ApplianceConfig config,
      RoleState role, HardwareWiring hardware, ReplicationService replication) {
    Duration maxAge = config.hardware().poll().multipliedBy(3);
    return target -> HotswapPlanner.plan(hardware.snapshot(),
        pairState(config, role, replication), target, Clock.systemUTC().instant(), maxAge);
  }

  private static PairState pairState(ApplianceConfig config, RoleState role,
      ReplicationService replication) {
    if (!config.replication().enabled()) {
      return PairState.none();
    }
    io.tandem.replication.PeerState peer = replication.state();
    boolean primary = role.isPrimary();
    return primary
        ? PairState.primary(peer.isConnected(), peer.lagOps(true), peer.lagMillis(true))
        : PairState.replica(peer.isConnected(), peer.lagOps(false), peer.lagMillis(false));
  }

  public int lmtpPort() {
    return lmtp.port();
  }

  public int imapPort() {
    return imap.port();
  }

  /** The implicit-TLS IMAP port, or -1 when there is none. */
  public int imapTlsPort() {
    return imap.tlsPort();
  }

  public int adminPort() {
    return admin.port();
  }

  /**
   * The udev disk events the service took ({@code POST /api/hardware/event}): subscribe to hear
   * of each new one (the hot-swap workflow waits for a disk this way).
   */
  public io.tandem.hardware.HardwareEvents hardwareEvents() {
    return hardware.events();
  }

  public RoleState role() {
    return role;
  }

  /** The replication link of this appliance. */
  public ReplicationService replication() {
    return replication;
  }

  /** The open alerts of this appliance. */
  public java.util.List<io.tandem.alert.Alert> alerts() {
    return alerts.open();
  }

  /** The open store, for in-process tests that drive it directly. */
  MailStore store() {
    return store;
  }

  /** User management on this running service (the demo uses it to create its users). */
  public UserAdmin users() {
    return new UserAdmin(store);
  }

  /** The line the launcher, the demo and the tests wait for. */
  public String readyLine() {
    String host = config.lmtp().listen().host();
    String line = "tandem: ready appliance=" + config.appliance().name() + " role="
        + role.role().configName() + " lmtp=" + host + ":" + lmtpPort() + " admin="
        + config.admin().listen().host() + ":" + adminPort();
    if (replication.listenPort() >= 0) {
      line += " replication=" + config.replication().listen().orElseThrow().host() + ":"
          + replication.listenPort();
    }
    line += " imap=" + config.imap().listen().host() + ":" + imapPort();
    return line;
  }

  @Override
  public void close() {
    LOG.info("Stopping: no new connections; in-flight deliveries get up to {} s",
        STOP_GRACE.toSeconds());
    imap.stop(Duration.ofSeconds(2));
    boolean clean = lmtp.stop(STOP_GRACE);
    if (!clean) {
      LOG.warn("Some LMTP sessions did not finish within {} s and were cut; their MTAs retry",
          STOP_GRACE.toSeconds());
    }
    scrub.close();
    backup.close();
    replication.close();
    hardware.close();
    housekeeping.shutdownNow();
    admin.close();
    AdminAddressFile.remove(config.store().state());
    try {
      store.close();
    } catch (java.io.IOException e) {
      LOG.error("Closing the store failed: {}; the journal replay at next start covers it",
          e.toString());
    }
    LOG.info("Stopped");
  }

  private static AdminServer.PeerVerification verification(ReplicationService replication) {
    return (user, repair) -> {
      io.tandem.replication.PeerVerifier.Report report = replication.verifyPeer(user, repair);
      java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
      out.put("users", report.users());
      out.put("identical", report.differences().isEmpty() && report.unsettled().isEmpty());
      out.put("differences", report.differences());
      out.put("unsettled", report.unsettled());
      out.put("repaired", report.repaired());
      return out;
    };
  }

  /** Good copies from the partner, over the peer link, for the scrub's repairs. */
  private static BodySource partnerBodies(ReplicationService replication) {
    return (user, sha256, into) -> {
      io.tandem.replication.PeerBodies.Result result = replication.fetchBody(user, sha256, into);
      return new BodySource.Result(switch (result.status()) {
        case FETCHED -> BodySource.Answer.FETCHED;
        case MISSING -> BodySource.Answer.NONE_GOOD;
        case UNREACHABLE -> BodySource.Answer.UNREACHABLE;
      }, result.detail());
    };
  }

  private static LmtpSettings lmtpSettings(ApplianceConfig config) {
    ApplianceConfig.Lmtp lmtp = config.lmtp();
    return new LmtpSettings(config.appliance().name(), lmtp.maxMessageSize(),
        lmtp.maxRecipients(), (int) lmtp.maxLineLength(), lmtp.maxInvalidCommands(),
        lmtp.idleTimeout(), lmtp.maxConnections(), lmtp.maxConnectionsPerIp());
  }
}
