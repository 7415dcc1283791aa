package io.tandem.backup;

import io.tandem.backup.store.CorruptSourceException;
import io.tandem.backup.store.Manifest;
import io.tandem.backup.store.Manifests;
import io.tandem.backup.store.MessageEntry;
import io.tandem.backup.store.ObjectStore;
import io.tandem.backup.store.ObjectWriter;
import io.tandem.backup.store.Retention;
import io.tandem.config.ApplianceConfig;
import io.tandem.journal.Journal;
import io.tandem.scrub.MessageFiles;
import io.tandem.scrub.RateLimiter;
import io.tandem.store.write.MailStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backup run (ADR 0014): checks the target, takes its lock, finds where the last run stopped
 * (the catalog, checked against the target's newest complete run), reads the journal from there
 * ({@link Touched}), compares each touched place with the catalog and the index
 * ({@link ChangePlanner}), copies the new bodies (hashed while read: a file that does not match
 * its index's SHA-256 is left out and reported), writes the manifest (the commit point), updates
 * the catalog, and applies retention. A full run instead reads every user's index: the first
 * run, after the journal was pruned past the last run, when the catalog does not match the
 * target, and when the chain's full base is older than the retention period. Used by the one
 * backup thread.
 */
final class BackupRun {
  private static final Logger LOG = LoggerFactory.getLogger(BackupRun.class);
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Told of each message file that does not match its hash. */
  @FunctionalInterface
  interface CorruptionSink {
    void corrupt(MessageEntry entry, Path file, String actualSha256);
  }

  private final ApplianceConfig.Backup settings;
  private final Path target;
  private final MailStore store;
  private final Catalog catalog;
  private final Clock clock;
  private final CorruptionSink corruption;
  private final RunCounters counters;
  private final ObjectStore objects;
  private final Manifests manifests;

  BackupRun(ApplianceConfig.Backup settings, MailStore store, Catalog catalog, Clock clock,
      CorruptionSink corruption, RunCounters counters) {
    this.settings = settings;
    this.target = settings.target().orElseThrow();
    this.store = store;
    this.catalog = catalog;
    this.clock = clock;
    this.corruption = corruption;
    this.counters = counters;
    this.objects = new ObjectStore(target);
    this.manifests = new Manifests(target);
  }

  /** Runs; {@code forceFull} writes a full manifest whatever the state. */
  RunResult run(boolean forceFull, Path storeRoot, Path storeState)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    List<String> problems = TargetCheck.problems(target,
        TargetCheck.read(target, storeRoot, storeState), settings.allowSameDevice());
    if (!problems.isEmpty()) {
      throw new IOException(String.join("; ", problems));
    }
    TargetCheck.probeWritable(target);
    try (TargetLock lock = TargetLock.acquire(target)) {
      objects.cleanTemporaries();
      manifests.cleanTemporaries();
      Optional<Catalog.Position> from = startingPoint();
      Journal journal = store.journal();
      String why = fullReason(forceFull, from, journal);
      boolean full = why != null;
      if (full) {
        LOG.info("Backup: a full run ({})", why);
      }
      long upto = store.appliedThrough();
      Instant time = clock.instant();
      Touched touched = touched(full, from, journal, upto, time);
      counters.phase("reading the index");
      List<Manifest.Change> changes;
      List<Copy> copies = new ArrayList<>();
      try (IndexView now = new IndexView(store.indexPool(), store.users()::contains)) {
        StateView before = full && from.isEmpty() ? EMPTY : catalog;
        changes = ChangePlanner.plan(touched, before, now, full);
        for (Manifest.Change change : changes) {
          if (change instanceof Manifest.Change.Put put) {
            copies.add(new Copy(put.entry(), now.fileOf(put.entry().key())));
          }
        }
      }
      String accounts = touched.accountsChanged() || from.isEmpty()
          || from.get().accounts() == null
          ? objects.put(AccountsReader.read(store.users(), store.indexPool()).encode())
          : from.get().accounts();
      TargetCheck.requireSpace(target, newBytes(copies));
      counters.phase("copying message bodies");
      List<String> notBackedUp = new ArrayList<>();
      Set<MessageEntry.Key> pending = copyBodies(copies, notBackedUp);
      List<Manifest.Change> kept = changes.stream().filter(c -> !(c instanceof Manifest.Change.Put p
          && pending.contains(p.entry().key()))).toList();
      Manifest run = new Manifest(runId(time), time,
          full ? Optional.empty() : Optional.of(from.get().runId()),
          full ? 0 : from.get().uptoSeq(), upto, kept, Optional.of(accounts));
      counters.phase("writing the manifest");
      manifests.write(run);
      catalog.commit(run, pending);
      counters.phase("applying retention");
      int[] purged = applyRetention(time);
      long puts = run.added().size();
      return new RunResult(run.runId(), time, full, run.afterSeq(), upto, touched.entries(), puts,
          run.deletions().size(), counters.objectsWritten(), counters.bytesWritten(),
          counters.bytesRead(), purged[0], purged[1], notBackedUp,
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * The run the next one continues from: the catalog's, when it is the target's newest complete
   * run. A catalog one run behind (the process died after writing the manifest) takes that run
   * in; any other mismatch (another appliance wrote the target, the target was replaced) empties
   * the catalog, and the run is a full one.
   */
  private Optional<Catalog.Position> startingPoint() throws IOException {
    Optional<Manifest> latest = manifests.latestComplete();
    Optional<Catalog.Position> position = catalog.position();
    if (latest.isEmpty()) {
      if (position.isPresent()) {
        catalog.reset();
      }
      return Optional.empty();
    }
    if (position.isPresent() && position.get().runId().equals(latest.get().runId())) {
      return position;
    }
    boolean oneBehind = position.isPresent()
        && latest.get().parent().filter(position.get().runId()::equals).isPresent();
    if (oneBehind) {
      catalog.commit(latest.get(), catalog.pending());
      return catalog.position();
    }
    catalog.reset();
    return Optional.empty();
  }

  /** Why this run must be full, or null for an incremental one. */
  private String fullReason(boolean forced, Optional<Catalog.Position> from, Journal journal)
      throws IOException {
    if (forced) {
      return "asked for";
    }
    if (from.isEmpty()) {
      return "no earlier run on this target that this appliance took";
    }
    if (journal.firstSeq() > from.get().uptoSeq() + 1) {
      return "the journal was pruned past the last run's seq " + from.get().uptoSeq();
    }
    Instant base = from.get().baseTime();
    if (base.isBefore(clock.instant().minus(settings.retentionDeleted()))) {
      return "the chain's full run " + base + " is older than backup.retention.deleted";
    }
    return null;
  }

  private Touched touched(boolean full, Optional<Catalog.Position> from, Journal journal,
      long upto, Instant time) throws IOException {
    Touched touched = new Touched();
    if (full) {
      Set<String> users = new HashSet<>(store.users().names());
      if (from.isPresent()) {
        users.addAll(catalog.users());
      }
      users.stream().sorted().forEach(u -> touched.addUser(u, time.toEpochMilli()));
      touched.accountsAll();
      return touched;
    }
    counters.phase("reading the journal");
    journal.read(from.get().uptoSeq(), entry -> {
      if (entry.seq() <= upto) {
        touched.add(entry);
      }
    });
    for (MessageEntry.Key key : catalog.pending()) {
      touched.addMessage(key, time.toEpochMilli());
    }
    return touched;
  }

  private long newBytes(List<Copy> copies) {
    Set<String> seen = new HashSet<>();
    long bytes = 0;
    for (Copy copy : copies) {
      if (seen.add(copy.entry().sha256()) && !objects.has(copy.entry().sha256())) {
        bytes += copy.entry().size();
      }
    }
    return bytes;
  }

  /**
   * Copies what the target lacks; returns the places left out, to try again next run. Returns
   * once every object copied is durable (the manifest may then name them).
   */
  private Set<MessageEntry.Key> copyBodies(List<Copy> copies, List<String> notBackedUp)
      throws IOException, InterruptedException {
    RateLimiter pace = RateLimiter.of(settings.rate());
    Set<MessageEntry.Key> pending = new HashSet<>();
    try (ObjectWriter writer = new ObjectWriter(objects, counters::wrote)) {
      for (Copy copy : copies) {
        if (Thread.interrupted()) {
          throw new InterruptedException("the backup run was stopped");
        }
        MessageEntry entry = copy.entry();
        if (objects.has(entry.sha256())) {
          continue;
        }
        Optional<Path> file = copy.file() == null ? Optional.empty()
            : MessageFiles.locate(store.layout().mailbox(entry.user(), entry.mailbox()),
                copy.file());
        if (file.isEmpty()) {
          // Removed since the index was read: the journal has the removal for the next run.
          pending.add(entry.key());
          notBackedUp.add(where(entry) + ": its file is gone (removed since); the next run"
              + " records it");
          continue;
        }
        try (InputStream in = new PacedStream(Files.newInputStream(file.get()), pace, counters)) {
          writer.put(in, file.get(), entry.sha256(), entry.size());
        } catch (CorruptSourceException e) {
          pending.add(entry.key());
          notBackedUp.add(where(entry) + ": file " + file.get() + " is CORRUPT (SHA-256 "
              + e.actual() + ", the index says " + entry.sha256() + "); not backed up");
          corruption.corrupt(entry, file.get(), e.actual());
        }
      }
      writer.flush();
    }
    return pending;
  }

  private static String where(MessageEntry entry) {
    return entry.user() + "/" + entry.mailbox() + " uid " + entry.uid();
  }

  /**
   * Drops what retention lets go (ADR 0019): the objects no restorable state and no deletion
   * within the period needs, and the runs no restorable run needs; returns {runs, objects}
   * removed.
   */
  private int[] applyRetention(Instant now) throws IOException {
    Retention.Plan plan = Retention.plan(manifests.readable(), now, settings.retentionDeleted());
    // Objects before manifests: killed in between, the dropped runs are still listed and name
    // the objects left, so the next run finds them again (verify asks nothing of a run past
    // retention). The other order could leave objects no run names, never deleted.
    int objectsRemoved = 0;
    for (String sha : plan.purgeable()) {
      if (objects.delete(sha)) {
        objectsRemoved++;
      }
    }
    int runsRemoved = 0;
    for (String id : plan.droppable()) {
      if (manifests.delete(id)) {
        runsRemoved++;
      }
    }
    if (runsRemoved + objectsRemoved > 0) {
      LOG.info("Backup retention: removed {} run(s) and {} object(s) no restore within"
          + " backup.retention.deleted = {} needs", runsRemoved, objectsRemoved,
          io.tandem.config.Durations.format(settings.retentionDeleted()));
    }
    return new int[] {runsRemoved, objectsRemoved};
  }

  /** A run id from its time; a second run in the same second gets a suffix. */
  private String runId(Instant time) {
    String base = RUN_ID.format(time);
    String id = base;
    for (int n = 2; Files.exists(manifests.pathOf(id)); n++) {
      id = base + "-" + n;
    }
    return id;
  }

  /** A body to copy and the index's name for its file. */
  private record Copy(MessageEntry entry, String file) {}

  private static final StateView EMPTY = new StateView() {
    @Override
    public Optional<MessageEntry> get(MessageEntry.Key key) {
      return Optional.empty();
    }

    @Override
    public List<MessageEntry> inMailbox(String user, String mailbox, boolean children) {
      return List.of();
    }

    @Override
    public List<MessageEntry> ofUser(String user) {
      return List.of();
    }
  };

  /** Paces and counts what is read from a message file. */
  private static final class PacedStream extends FilterInputStream {
    private final RateLimiter pace;
    private final RunCounters counters;

    PacedStream(InputStream in, RateLimiter pace, RunCounters counters) {
      super(in);
      this.pace = pace;
      this.counters = counters;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        counters.read(n);
        try {
          pace.acquire(n);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("the backup run was stopped");
        }
      }
      return n;
    }
  }
}
