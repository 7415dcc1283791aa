package io.tandem.backup;

import io.tandem.alert.Alerts;
import io.tandem.config.ApplianceConfig;
import io.tandem.hardware.ArrayState;
import io.tandem.hardware.HardwareSnapshot;
import io.tandem.hardware.MdArray;
import io.tandem.store.write.MailStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import io.tandem.util.BackgroundThreads;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup in the running service (issue 8, ADR 0014): one job at a time on the {@code backup}
 * thread, a run ({@code POST /api/backup/run}, from {@code tandem backup run}, which the nightly
 * {@code tandem-backup.timer} calls) or a restore ({@code POST /api/backup/restore}); the job in
 * progress or the last one in {@link #report}. Runs inside the service so the store lock is
 * respected and the journal is at hand. The primary takes the backups; on a replica a run is
 * skipped. Every minute the age of the last good backup is checked against {@code
 * backup.max_age}. Holds back journal pruning at the last good run's position
 * ({@link #journalFloor}) for at most {@code journal.keep}. Thread-safe.
 */
public final class BackupService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);

  private final ApplianceConfig config;
  private final ApplianceConfig.Backup settings;
  private final MailStore store;
  private final BooleanSupplier primary;
  private final Supplier<HardwareSnapshot> hardware;
  private final BackupAlerts alerts;
  private final Clock clock;
  private final LastRuns last;
  private final Path stateDir;
  private final ScheduledExecutorService thread = BackgroundThreads.single("backup");
  private final Object lock = new Object();
  private Map<String, Object> job = Map.of("state", "idle", "job", 0L);
  private RunCounters counters = new RunCounters();
  private long jobs;
  private boolean busy;

  private BackupService(ApplianceConfig config, MailStore store, BooleanSupplier primary,
      Supplier<HardwareSnapshot> hardware, Alerts alerts, Clock clock) {
    this.config = config;
    this.settings = config.backup();
    this.store = store;
    this.primary = primary;
    this.hardware = hardware;
    this.alerts = new BackupAlerts(alerts);
    this.clock = clock;
    this.stateDir = config.store().state().resolve("backup");
    this.last = new LastRuns(stateDir);
  }

  /**
   * Makes the service; with a target configured, the age of the last good backup is checked
   * every minute (on a primary).
   */
  public static BackupService start(ApplianceConfig config, MailStore store,
      BooleanSupplier primary, Supplier<HardwareSnapshot> hardware, Alerts alerts, Clock clock) {
    BackupService service = new BackupService(config, store, primary, hardware, alerts, clock);
    if (config.backup().target().isPresent()) {
      service.thread.scheduleWithFixedDelay(service::checkAge, 0, 60, TimeUnit.SECONDS);
    }
    return service;
  }

  /** Starts a run unless a job is going; answers the report with {@code started}. */
  public Map<String, Object> requestRun(boolean full) throws IOException {
    requireTarget();
    return submit("backup", () -> runNow(full));
  }

  /** Starts a restore unless a job is going; answers the report with {@code started}. */
  public Map<String, Object> requestRestore(RestoreRequest request) throws IOException {
    requireTarget();
    if (!primary.getAsBoolean()) {
      throw new IOException("this appliance is not the primary: restore on the primary, it"
          + " replicates what it restores");
    }
    return submit("restore",
        () -> new Restorer(settings.target().get(), settings.retentionDeleted(), clock, store,
            counters, stateDir).restore(request));
  }

  /** The job in progress or the last one: {@code job}, {@code kind}, {@code state}, ... */
  public Map<String, Object> report() {
    synchronized (lock) {
      Map<String, Object> out = new LinkedHashMap<>(job);
      if ("running".equals(out.get("state"))) {
        out.putAll(counters.toMap());
      }
      return out;
    }
  }

  /** The runs on the target, oldest first, with what each holds and whether it is restorable. */
  public List<Map<String, Object>> list() throws IOException {
    requireTarget();
    return RunListing.of(settings.target().get(), settings.retentionDeleted(), clock.instant());
  }

  /** The {@code backup} object of the status (and so of the metrics). */
  public Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("target", settings.target().map(Path::toString).orElse(null));
    Optional<Instant> good = last.lastSuccessTime();
    out.put("last_success", good.map(Instant::toString).orElse(null));
    out.put("age_s", good.map(t -> Duration.between(t, clock.instant()).toSeconds()).orElse(-1L));
    out.put("max_age_s", settings.maxAge().toSeconds());
    Map<String, Object> success = last.lastSuccess();
    if (success != null) {
      out.put("last_run", success.get("run"));
      out.put("last_bytes_written", success.get("bytes_written"));
      out.put("last_objects_written", success.get("objects_written"));
      out.put("last_puts", success.get("puts"));
      out.put("last_deletions", success.get("deletions"));
      out.put("last_duration_ms", success.get("duration_ms"));
    }
    Map<String, Object> failure = last.lastFailure();
    out.put("last_failure", failure == null ? null : failure.get("time"));
    out.put("last_error", failure == null ? null : failure.get("error"));
    synchronized (lock) {
      out.put("state", job.get("state"));
      out.put("job", job.get("kind"));
    }
    return out;
  }

  /**
   * The journal position pruning must keep (the last good run's), or {@link Long#MAX_VALUE} when
   * the backup holds nothing: no target, no good run yet, or the last good run older than {@code
   * journal.keep} (a target gone that long must not fill the store's disk with journal; the next
   * run is then a full one, from the index).
   */
  public long journalFloor() {
    Optional<Instant> good = last.lastSuccessTime();
    boolean holds = settings.target().isPresent() && good.isPresent()
        && good.get().isAfter(clock.instant().minus(config.journal().keep()));
    return holds ? last.lastSuccessSeq() : Long.MAX_VALUE;
  }

  private Map<String, Object> submit(String kind, Callable<Map<String, Object>> work) {
    boolean started;
    synchronized (lock) {
      started = !busy;
      if (started) {
        busy = true;
        jobs++;
        counters = new RunCounters();
        Map<String, Object> now = new LinkedHashMap<>();
        now.put("job", jobs);
        now.put("kind", kind);
        now.put("state", "running");
        now.put("started", clock.instant().toString());
        job = now;
        thread.execute(() -> runJob(kind, work));
      }
    }
    Map<String, Object> out = report();
    out.put("started_now", started);
    return out;
  }

  private void runJob(String kind, Callable<Map<String, Object>> work) {
    Map<String, Object> outcome = new LinkedHashMap<>();
    String state;
    try {
      Map<String, Object> result = work.call();
      state = String.valueOf(result.getOrDefault("state", "finished"));
      outcome.put("result", result);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      state = "failed";
      outcome.put("error", "stopped (the service is stopping)");
    } catch (Exception e) {
      LOG.error("The {} failed: {}", kind, e.getMessage(), e);
      state = "failed";
      outcome.put("error", e.getMessage() != null ? e.getMessage() : e.toString());
      if (kind.equals("backup")) {
        last.failed(clock.instant(), String.valueOf(outcome.get("error")));
        alerts.runFailed(String.valueOf(outcome.get("error")));
      }
    }
    synchronized (lock) {
      Map<String, Object> done = new LinkedHashMap<>(job);
      done.put("state", state);
      done.put("finished", clock.instant().toString());
      done.putAll(counters.toMap());
      done.putAll(outcome);
      job = done;
      busy = false;
    }
  }

  private Map<String, Object> runNow(boolean full) throws IOException, InterruptedException {
    Optional<String> skip = skipReason();
    if (skip.isPresent()) {
      LOG.warn("Backup run skipped: {}", skip.get());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("state", "skipped");
      out.put("reason", skip.get());
      return out;
    }
    alerts.runStarted();
    RunResult result;
    try (Catalog catalog = Catalog.open(stateDir.resolve("catalog.db"))) {
      result = new BackupRun(settings, store, catalog, clock, alerts::corrupt, counters)
          .run(full, config.store().root(), config.store().state());
    }
    last.succeeded(result);
    alerts.runSucceeded();
    alerts.checkAge(last.lastSuccessTime(), clock.instant(), settings.maxAge());
    LOG.info("Backup run {} ({}): {} journal entries, {} puts, {} deletions, {} objects"
        + " ({} bytes) written, {} bytes read, {} not backed up, {} ms", result.runId(),
        result.full() ? "full" : "incremental", result.journalEntries(), result.puts(),
        result.deletions(), result.objectsWritten(), result.bytesWritten(), result.bytesRead(),
        result.notBackedUp().size(), result.millis());
    Map<String, Object> out = result.toMap();
    out.put("state", "finished");
    return out;
  }

  /** Why a run does not happen now, if it does not: a replica, or an array rebuilding. */
  private Optional<String> skipReason() {
    if (!primary.getAsBoolean()) {
      return Optional.of("this appliance is not the primary; the primary takes the backups");
    }
    if (settings.skipWhileRebuilding()) {
      List<String> rebuilding = new ArrayList<>();
      List<MdArray> arrays = hardware.get().arrays().value();
      for (MdArray array : arrays == null ? List.<MdArray>of() : arrays) {
        if (array.state() == ArrayState.RECOVERING || array.state() == ArrayState.RESYNCING) {
          rebuilding.add(array.name() + " (" + array.state().word() + ")");
        }
      }
      if (!rebuilding.isEmpty()) {
        return Optional.of("md array " + String.join(", ", rebuilding) + " is rebuilding and"
            + " backup.skip_while_rebuilding = true; the next run after the rebuild takes the"
            + " backup");
      }
    }
    return Optional.empty();
  }

  private void checkAge() {
    try {
      if (primary.getAsBoolean()) {
        alerts.checkAge(last.lastSuccessTime(), clock.instant(), settings.maxAge());
      }
    } catch (RuntimeException e) {
      LOG.warn("Checking the backup's age failed: {}", e.toString());
    }
  }

  private void requireTarget() throws IOException {
    if (settings.target().isEmpty()) {
      throw new IOException("no backup.target is configured on this appliance (see"
          + " appliance-config/full-example.conf)");
    }
  }

  @Override
  public void close() {
    BackgroundThreads.stop(thread, java.time.Duration.ofSeconds(10));
  }
}
