package io.tandem.backup;

import io.tandem.backup.store.CorruptSourceException;
import io.tandem.backup.store.Manifest;
import io.tandem.backup.store.Manifests;
import io.tandem.backup.store.MessageEntry;
import io.tandem.backup.store.ObjectStore;
import io.tandem.backup.store.ObjectWriter;
import io.tandem.backup.store.Retention;
import io.tandem.backup.store.RunInfo;
import io.tandem.config.ApplianceConfig;
import io.tandem.journal.Journal;
import io.tandem.scrub.MessageFiles;
import io.tandem.scrub.RateLimiter;
import io.tandem.store.write.MailStore;
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
import java.util.function.IntConsumer;
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
 * target, and when the chain's full base is older than the retention period; it goes user by
 * user, streaming each user's lines into the manifest, so that its memory is one user's, not the
 * store's (ADR 0021). Used by the one backup thread.
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
  private final RateLimiter pace;
  /** Told how many changes each part of the run planned (tests: a full run goes user by user). */
  private IntConsumer planned = n -> { };

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
    this.pace = RateLimiter.of(settings.rate());
  }

  /** Tells {@code hook} the size of each part planned (ADR 0021's bound, for tests). */
  BackupRun onPlanned(IntConsumer hook) {
    this.planned = hook;
    return this;
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
      Retention.cleanScratch(storeState.resolve("backup"));
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
      String accounts = touched.accountsChanged() || from.isEmpty()
          || from.get().accounts() == null
          ? objects.put(AccountsReader.read(store.users(), store.indexPool()).encode())
          : from.get().accounts();
      Manifest head = new Manifest(runId(time), time,
          full ? Optional.empty() : Optional.of(from.get().runId()),
          full ? 0 : from.get().uptoSeq(), upto, List.of(), Optional.of(accounts));
      StateView before = full && from.isEmpty() ? EMPTY : catalog;
      List<String> notBackedUp = new ArrayList<>();
      Set<MessageEntry.Key> pending = new HashSet<>();
      long[] counts = new long[2];
      try (Manifests.Writing out = manifests.begin(head);
          ObjectWriter writer = new ObjectWriter(objects, counters::wrote)) {
        // A full run goes user by user: one user's entries are in the heap at a time, never the
        // store's (ADR 0021). An incremental run is one part: what the journal touched.
        for (Touched part : full ? touched.perUser() : List.of(touched)) {
          backUp(part, before, full, writer, out, pending, notBackedUp, counts);
        }
        // Every object the manifest names is durable before the manifest is (the commit point).
        writer.flush();
        counters.phase("writing the manifest");
        out.commit();
      }
      RunInfo run = new RunInfo(head.runId(), time, head.parent(), head.afterSeq(), upto,
          head.accounts(), counts[0], counts[1]);
      catalog.commit(manifests, run, pending);
      counters.phase("applying retention");
      int[] purged = applyRetention(time, storeState.resolve("backup"));
      return new RunResult(run.runId(), time, full, run.afterSeq(), upto, touched.entries(),
          run.puts(), run.deletions(), counters.objectsWritten(), counters.bytesWritten(),
          counters.bytesRead(), purged[0], purged[1], notBackedUp,
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * Backs up one part of the run: compares its places with {@code before} and the index, copies
   * the new bodies, and adds its changes to the manifest, leaving out the puts whose body could
   * not be copied (they go to {@code pending}, tried again next run). {@code counts} gets the
   * puts and deletions written.
   */
  private void backUp(Touched part, StateView before, boolean full, ObjectWriter writer,
      Manifests.Writing out, Set<MessageEntry.Key> pending, List<String> notBackedUp,
      long[] counts) throws IOException, InterruptedException {
    counters.phase("reading the index");
    List<Manifest.Change> changes;
    List<Copy> copies = new ArrayList<>();
    try (IndexView now = new IndexView(store.indexPool(), store.users()::contains)) {
      changes = ChangePlanner.plan(part, before, now, full);
      for (Manifest.Change change : changes) {
        if (change instanceof Manifest.Change.Put put) {
          copies.add(new Copy(put.entry(), now.fileOf(put.entry().key())));
        }
      }
    }
    planned.accept(changes.size());
    TargetCheck.requireSpace(target, newBytes(copies));
    counters.phase("copying message bodies");
    Set<MessageEntry.Key> failed = copyBodies(copies, notBackedUp, writer);
    pending.addAll(failed);
    for (Manifest.Change change : changes) {
      if (change instanceof Manifest.Change.Put p) {
        if (failed.contains(p.entry().key())) {
          continue;
        }
        counts[0]++;
      } else {
        counts[1]++;
      }
      out.add(change);
    }
  }

  /**
   * The run the next one continues from: the catalog's, when it is the target's newest complete
   * run. A catalog one run behind (the process died after writing the manifest) takes that run
   * in; any other mismatch (another appliance wrote the target, the target was replaced) empties
   * the catalog, and the run is a full one.
   */
  private Optional<Catalog.Position> startingPoint() throws IOException {
    Optional<RunInfo> latest = manifests.latestComplete();
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
      catalog.commit(manifests, latest.get(), catalog.pending());
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
   * Copies what the target lacks through {@code writer}; returns the places left out, to try
   * again next run. The objects are durable once the writer is flushed.
   */
  private Set<MessageEntry.Key> copyBodies(List<Copy> copies, List<String> notBackedUp,
      ObjectWriter writer) throws IOException, InterruptedException {
    Set<MessageEntry.Key> pending = new HashSet<>();
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
  private int[] applyRetention(Instant now, Path scratch) throws IOException {
    // Objects before manifests: killed in between, the dropped runs are still listed and name
    // the objects left, so the next run finds them again (verify asks nothing of a run past
    // retention). The other order could leave objects no run names, never deleted.
    int[] objectsRemoved = new int[1];
    Retention.Runs plan = Retention.decide(manifests, now, settings.retentionDeleted(), scratch,
        (sha, runId, place) -> { }, sha -> {
          if (objects.delete(sha)) {
            objectsRemoved[0]++;
          }
        });
    int runsRemoved = 0;
    for (String id : plan.droppable()) {
      if (manifests.delete(id)) {
        runsRemoved++;
      }
    }
    if (runsRemoved + objectsRemoved[0] > 0) {
      LOG.info("Backup retention: removed {} run(s) and {} object(s) no restore within"
          + " backup.retention.deleted = {} needs", runsRemoved, objectsRemoved[0],
          io.tandem.config.Durations.format(settings.retentionDeleted()));
    }
    return new int[] {runsRemoved, objectsRemoved[0]};
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
}
