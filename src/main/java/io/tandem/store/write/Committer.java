package io.tandem.store.write;

import io.tandem.journal.EpochHistory;
import io.tandem.journal.Journal;
import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import io.tandem.lifecycle.ExitCode;
import io.tandem.lifecycle.FatalErrorHandler;
import io.tandem.store.StoreException;
import io.tandem.store.apply.ApplyException;
import io.tandem.store.index.UserIndex;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer. Requests queue here; one thread takes them in batches, resolves each intent
 * against the index, writes all resulting entries to the journal with ONE force (group commit:
 * concurrent deliveries share the fsync), then applies them and completes the callers' futures.
 *
 * <p>A future completes normally only after the entries are durable and applied; it completes
 * with a {@link StoreException} for a refused request. If the journal cannot be written the
 * process stops (fail-stop, {@link ExitCode#JOURNAL_WRITE_FAILED}): nothing after that point
 * could be acknowledged truthfully.
 */
public final class Committer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Committer.class);

  private final Journal journal;
  private final EntryApplier applier;
  private final ResolveContext context;
  private final Checkpointer checkpointer;
  private final Clock clock;
  private final LongSupplier epoch;
  private final int maxBatch;
  private final Duration checkpointInterval;
  private final FatalErrorHandler fatal;
  private final EpochHistory epochs;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;
  /** The highest epoch accepted so far, including entries of the batch being built. */
  private long acceptedEpoch;
  private long lastCheckpointNanos = System.nanoTime();
  /**
   * Replicated entries up to this seq for a user this store does not have are journaled but not
   * applied: a full resync found no such user at that seq (see {@link StoreResync}).
   */
  private volatile long resyncFloor;
  /** Every entry up to this seq is applied and its index changes committed. */
  private volatile long appliedThrough;
  /** Whether this appliance decides writes now (primary, not handing over). */
  private volatile java.util.function.BooleanSupplier writeGate = () -> true;
  /** Told of every batch once it is durable and applied (IMAP sessions refresh on it). */
  private final List<java.util.function.Consumer<List<JournalEntry>>> appliedListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * A request and the future its caller waits on: an intent to resolve (on the primary) or one
   * entry the primary already decided (on a replica).
   */
  private record Pending(Intent intent, JournalEntry replicated, StoreTask task,
      CompletableFuture<List<JournalEntry>> done) {
    String user() {
      return intent != null ? intent.user() : replicated.op().user();
    }
  }

  /** A request that came after the store began to close; nothing was written for it. */
  public static final class StoreClosingException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StoreClosingException() {
      super("the store is shutting down");
    }
  }

  /** Work that must run on the committer thread between batches (a resync's swaps). */
  @FunctionalInterface
  interface StoreTask {
    void run() throws Exception;
  }

  /** Wakes the thread for {@link #close}; carries no request. */
  private static final Pending STOP =
      new Pending(null, null, null, new CompletableFuture<>());

  Committer(StoreParts parts, int maxBatch, Duration checkpointInterval, LongSupplier epoch,
      EpochHistory epochs, long resyncFloor, FatalErrorHandler fatal) {
    this.resyncFloor = resyncFloor;
    this.epochs = epochs;
    this.journal = parts.journal();
    this.applier = parts.applier();
    this.context = parts.context();
    this.checkpointer = new Checkpointer(parts.checkpoint());
    this.clock = parts.clock();
    this.epoch = epoch;
    this.maxBatch = maxBatch;
    this.checkpointInterval = checkpointInterval;
    this.fatal = fatal;
    this.acceptedEpoch = journal.lastEpoch();
    this.appliedThrough = journal.lastSeq(); // recovery applied everything before we start
    this.thread = new Thread(this::run, "committer");
  }

  void start() {
    thread.start();
  }

  /** Queues an intent; the future completes when its operations are durable and applied. */
  public CompletableFuture<List<JournalEntry>> submit(Intent intent) {
    return enqueue(new Pending(intent, null, null, new CompletableFuture<>()));
  }

  /**
   * Queues one entry decided by the primary, to be journaled and applied exactly as it is (same
   * seq, epoch and time) through the same apply path. It must directly follow the journal's last
   * entry and not come from an older epoch than the last one (fencing); otherwise the future
   * fails with an {@link ApplyException} and nothing is written.
   */
  public CompletableFuture<List<JournalEntry>> submitReplicated(JournalEntry entry) {
    return enqueue(new Pending(null, entry, null, new CompletableFuture<>()));
  }

  /** Runs {@code task} on the committer thread after everything queued before it. */
  CompletableFuture<List<JournalEntry>> runTask(StoreTask task) {
    return enqueue(new Pending(null, null, task, new CompletableFuture<>()));
  }

  private CompletableFuture<List<JournalEntry>> enqueue(Pending pending) {
    if (!running) {
      pending.done().completeExceptionally(
          new StoreClosingException());
      return pending.done();
    }
    queue.add(pending);
    return pending.done();
  }

  /**
   * Finishes what is queued, makes it durable, and stops the thread. The thread is woken with a
   * marker, never interrupted: an interrupt closes a FileChannel in the middle of a write.
   */
  @Override
  public void close() throws InterruptedException {
    running = false;
    queue.add(STOP);
    thread.join();
    checkpointer.close();
  }

  private void run() {
    try {
      loop();
    } catch (RuntimeException | Error e) {
      // Without this thread nothing can be written: stop, so that systemd restarts the service.
      fatal.fatal(ExitCode.STORE_WRITE_FAILED, "the committer thread failed: " + e, e);
    }
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(checkpointInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, maxBatch - 1);
          batch.removeIf(pending -> pending == STOP);
          commitWithTasks(batch);
          batch.clear();
        }
        checkpointIfDue(false);
      } catch (InterruptedException e) {
        // Nobody interrupts this thread (see close); keep draining the queue.
        Thread.interrupted();
      }
    }
    checkpointIfDue(true);
  }

  /** Commits the requests in order; a task runs alone, after what was queued before it. */
  private void commitWithTasks(List<Pending> batch) {
    List<Pending> requests = new ArrayList<>(batch.size());
    for (Pending pending : batch) {
      if (pending.task() == null) {
        requests.add(pending);
        continue;
      }
      commit(requests);
      requests.clear();
      try {
        pending.task().run();
        pending.done().complete(List.of());
      } catch (Exception e) {
        LOG.error("A store task failed: {}", e.toString(), e);
        pending.done().completeExceptionally(e);
      }
    }
    commit(requests);
  }

  private void commit(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<EntryApplier.Applied> applied = new ArrayList<>();
    List<Pending> accepted = new ArrayList<>();
    List<List<JournalEntry>> results = new ArrayList<>();
    long seq = journal.lastSeq();
    for (Pending pending : batch) {
      List<JournalEntry> entries = resolveAndApply(pending, seq, applied);
      if (entries != null) {
        seq += entries.size();
        accepted.add(pending);
        results.add(entries);
      }
    }
    List<JournalEntry> all = new ArrayList<>();
    results.forEach(all::addAll);
    try {
      journal.append(all);
      epochs.appended(all);
    } catch (IOException | RuntimeException e) {
      applier.abort();
      failAll(accepted, e);
      fatal.fatal(ExitCode.JOURNAL_WRITE_FAILED, "cannot write the journal: " + e.getMessage(), e);
      return;
    }
    try {
      applier.finish(applied);
    } catch (IOException | SQLException | RuntimeException e) {
      failAll(accepted, e);
      fatal.fatal(ExitCode.STORE_WRITE_FAILED,
          "journaled operations could not be applied to the store: " + e.getMessage(), e);
      return;
    }
    appliedThrough = journal.lastSeq();
    // Listeners first: a caller that sees its future complete finds its change announced.
    tellApplied(all);
    for (int i = 0; i < accepted.size(); i++) {
      accepted.get(i).done().complete(results.get(i));
    }
  }

  /** Adds a listener for applied entries; it runs on the writer thread, so it must not block. */
  void onApplied(java.util.function.Consumer<List<JournalEntry>> listener) {
    appliedListeners.add(listener);
  }

  private void tellApplied(List<JournalEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    for (java.util.function.Consumer<List<JournalEntry>> listener : appliedListeners) {
      try {
        listener.accept(entries);
      } catch (RuntimeException e) {
        LOG.error("A listener of applied operations failed: {}", e.toString(), e);
      }
    }
  }

  /** Resolves one intent and applies its entries to the index; null (and the future failed) if
   *  it is refused. Its index changes are rolled back to a savepoint when refused. */
  private List<JournalEntry> resolveAndApply(Pending pending, long seq,
      List<EntryApplier.Applied> applied) {
    UserIndex index = null;
    int mark = applied.size();
    try {
      List<JournalEntry> entries = pending.replicated() != null
          ? List.of(checkReplicated(pending.replicated(), seq))
          : decide(pending.intent(), seq);
      if (entries.isEmpty()) {
        pending.done().complete(List.of());
        return null;
      }
      if (pending.replicated() != null && applier.alreadyHeld(entries.get(0), resyncFloor)) {
        // A resync's snapshot already holds it: journal it (the journal stays the primary's
        // unbroken sequence) but apply nothing; its body, if any, is not needed.
        applier.discardSpooled(entries.get(0));
        acceptedEpoch = Math.max(acceptedEpoch, entries.get(0).epoch());
        return entries;
      }
      index = applier.indexFor(entries.get(0).op());
      if (index != null) {
        index.savepoint();
      }
      for (JournalEntry entry : entries) {
        applied.add(applier.indexPhase(entry));
      }
      acceptedEpoch = Math.max(acceptedEpoch, entries.get(entries.size() - 1).epoch());
      if (index != null) {
        index.releaseSavepoint();
      }
      return entries;
    } catch (StoreException | SQLException | ApplyException | RuntimeException e) {
      undo(index, applied, mark);
      applier.forgetFailedNewUser(pending.user());
      if (!(e instanceof StoreException)) {
        LOG.error("Request for user {} failed before reaching the journal (nothing was"
            + " written): {}", pending.user(), e.toString(), e);
      }
      pending.done().completeExceptionally(e);
      return null;
    }
  }

  /**
   * From now on, intents are refused unless {@code gate} says writes are taken: checked here,
   * on the one thread that writes, so no write slips past a failover's hand-over.
   */
  void setWriteGate(java.util.function.BooleanSupplier gate) {
    this.writeGate = gate;
  }

  /** The primary's path: the intent decides its operations, numbered after {@code seq}. */
  private List<JournalEntry> decide(Intent intent, long seq) throws StoreException, SQLException {
    if (!writeGate.getAsBoolean()) {
      throw new StoreException(StoreException.Reason.NOT_PRIMARY, "this appliance is not the"
          + " primary (or is handing over); try the other one");
    }
    List<JournalEntry> entries = new ArrayList<>();
    long now = clock.millis();
    for (Operation op : intent.resolve(context)) {
      entries.add(new JournalEntry(seq + entries.size() + 1, epoch.getAsLong(), now, op));
    }
    return entries;
  }

  /** The replica's path: the entry must continue our journal and respect epoch fencing. */
  private JournalEntry checkReplicated(JournalEntry entry, long seq) throws ApplyException {
    if (entry.seq() != seq + 1) {
      throw new ApplyException("replicated entry " + entry.seq() + " does not follow this"
          + " appliance's last entry " + seq);
    }
    if (entry.epoch() < acceptedEpoch) {
      throw new ApplyException("replicated entry " + entry.seq() + " is from epoch "
          + entry.epoch() + ", older than this appliance's epoch " + acceptedEpoch
          + ": refused (fencing)");
    }
    return entry;
  }

  private static void undo(UserIndex index, List<EntryApplier.Applied> applied, int mark) {
    while (applied.size() > mark) {
      applied.remove(applied.size() - 1);
    }
    if (index != null) {
      try {
        index.rollbackToSavepoint();
      } catch (SQLException ignored) {
        // No savepoint was open yet: nothing was written.
      }
    }
  }

  /**
   * After the journal was reset (a full resync): the next replicated entry follows {@code
   * lastSeq}, and any epoch is accepted again. Committer thread only (from a task).
   */
  void journalReset(long lastSeq, long floor) {
    checkpointer.reset(lastSeq); // one still running would record a discarded position
    acceptedEpoch = 0;
    appliedThrough = lastSeq;
    resyncFloor = floor;
  }

  /** Every entry up to this seq is applied (index committed), though not necessarily forced. */
  long appliedThrough() {
    return appliedThrough;
  }

  /** Everything up to this seq is on disk in the indexes and maildirs. */
  long checkpointedSeq() {
    return checkpointer.checkpointedSeq();
  }

  /**
   * About once a second (and at stop, {@code force}), hands the {@link Checkpointer} what must
   * be forced before the journal position can be recorded; at stop it runs on this thread.
   */
  private void checkpointIfDue(boolean force) {
    if (force) {
      checkpointer.await(); // the last checkpoint is recorded before the store closes
    }
    boolean due = System.nanoTime() - lastCheckpointNanos >= checkpointInterval.toNanos();
    boolean pending = applier.hasUndurableChanges() || checkpointer.hasFailedWork();
    if (!pending || (!due && !force) || checkpointer.busy()) {
      return;
    }
    long seq = journal.lastSeq();
    DurabilityWork work = applier.takeDurabilityWork();
    lastCheckpointNanos = System.nanoTime();
    if (force) {
      checkpointer.runNow(seq, work);
    } else {
      checkpointer.start(seq, work);
    }
  }

  private static void failAll(List<Pending> pendings, Exception cause) {
    for (Pending pending : pendings) {
      pending.done().completeExceptionally(cause);
    }
  }
}
