package io.tandem.scrub;

import io.tandem.alert.Alerts;
import io.tandem.replication.BodyLocator;
import io.tandem.store.write.MailStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import io.tandem.util.BackgroundThreads;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tandem scrub} in the running service: one scrub at a time on the {@code scrub} thread,
 * started on demand ({@link #requestNow}) or every {@code scrub.interval} after the last whole
 * one finished (recorded in {@code <store.state>/scrub-last}, so restarts do not reset it; the
 * first is due one interval after the service first started). Progress and the last result are
 * in {@link #status} and {@link #report}. Thread-safe.
 */
public final class ScrubService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScrubService.class);

  private final Scrubber scrubber;
  private final ScrubProgress progress;
  private final ScrubAlerts alerts;
  private final MailStore store;
  private final LastScrubFile last;
  private final Duration interval;
  private final Clock clock;
  private final Instant startedAt;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final List<java.util.function.Consumer<String>> repairListeners =
      new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService thread = BackgroundThreads.single("scrub");
  private volatile Instant lastAttempt;

  private ScrubService(ScrubSettings settings, MailStore store, Path stateDir,
      BodySource partner, Alerts alerts, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.interval = settings.interval();
    this.last = new LastScrubFile(stateDir);
    this.progress = new ScrubProgress(clock);
    this.alerts = new ScrubAlerts(alerts);
    BodyLocator locator = new BodyLocator(store.layout(), store.indexPool(), store.attic());
    MessageRepair repair = new MessageRepair(new LocalCopies(locator), partner,
        new MessagePlacement(store), store.layout()::mailbox);
    this.scrubber = new Scrubber(store, new FileHasher(RateLimiter.of(settings.bytesPerSecond())),
        repair, progress, this::found);
  }

  /**
   * Tells {@code listener} the SHA-256 of each message whose bad file scrub replaced with a
   * good copy (IMAP forgets the header it may have cached from the bad file). Called on the
   * scrub thread.
   */
  public void onRepaired(java.util.function.Consumer<String> listener) {
    repairListeners.add(listener);
  }

  private void found(Finding finding) {
    alerts.found(finding);
    if (finding.outcome() == Finding.Outcome.REPAIRED) {
      repairListeners.forEach(listener -> listener.accept(finding.sha256()));
    }
  }

  /**
   * Makes the service; with a non-zero interval it looks once a minute whether a scrub is due.
   *
   * @param partner where good copies come from when this appliance has none
   */
  public static ScrubService start(ScrubSettings settings, MailStore store, Path stateDir,
      BodySource partner, Alerts alerts, Clock clock) {
    ScrubService service = new ScrubService(settings, store, stateDir, partner, alerts, clock);
    if (!settings.interval().isZero()) {
      service.thread.scheduleWithFixedDelay(service::runIfDue, 1, 60, TimeUnit.SECONDS);
    }
    return service;
  }

  /**
   * Starts a scrub of every user, or of {@code user}, unless one is running already.
   *
   * @return the report as {@link #report}, with {@code started}: whether this call started it
   *     (false: the one in progress is reported)
   * @throws IOException when {@code user} does not exist
   */
  public Map<String, Object> requestNow(String user) throws IOException {
    if (user != null && !store.users().contains(user)) {
      throw new IOException("there is no user '" + user + "' on this appliance");
    }
    boolean started = busy.compareAndSet(false, true);
    if (started) {
      progress.start(user == null ? "all users" : "user " + user);
      thread.execute(() -> runStarted(user));
    }
    Map<String, Object> report = progress.report();
    report.put("started", started);
    return report;
  }

  /** The {@code scrub} object of the status. */
  public Map<String, Object> status() {
    Map<String, Object> status = progress.status();
    status.put("interval_s", interval.toSeconds());
    return status;
  }

  /** The status with every finding, and the number of the run ({@code run}). */
  public Map<String, Object> report() {
    return progress.report();
  }

  private void runIfDue() {
    Instant reference = last.read().orElse(startedAt);
    Instant attempted = lastAttempt;
    if (attempted != null && attempted.isAfter(reference)) {
      reference = attempted;
    }
    if (clock.instant().isBefore(reference.plus(interval)) || !busy.compareAndSet(false, true)) {
      return;
    }
    LOG.info("Scrub: the scheduled scrub of every message file starts (scrub.interval = {})",
        interval);
    progress.start("all users");
    runStarted(null);
  }

  /** Runs the scrub {@link ScrubProgress#start} announced; {@code busy} is held. */
  private void runStarted(String user) {
    lastAttempt = clock.instant();
    try {
      alerts.runStarted();
      scrubber.run(user);
      progress.finish();
      alerts.runFinished(user);
      if (user == null) {
        last.write(clock.instant());
      }
      LOG.info("Scrub finished: {}", progress.status());
    } catch (InterruptedException e) {
      progress.fail("stopped (the service is stopping)");
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      LOG.error("Scrub failed: {}", e.toString(), e);
      progress.fail(e.getMessage() != null ? e.getMessage() : e.toString());
    } finally {
      busy.set(false);
    }
  }

  @Override
  public void close() {
    BackgroundThreads.stop(thread, java.time.Duration.ofSeconds(10));
  }
}
