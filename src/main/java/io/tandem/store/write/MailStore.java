package io.tandem.store.write;

import io.tandem.journal.EpochHistory;
import io.tandem.journal.Journal;
import io.tandem.journal.JournalCorruptException;
import io.tandem.journal.JournalEntry;
import io.tandem.lifecycle.FatalErrorHandler;
import io.tandem.store.StoreException;
import io.tandem.store.UsersFile;
import io.tandem.store.apply.ApplyException;
import io.tandem.store.attic.Attic;
import io.tandem.store.apply.FileActionRunner;
import io.tandem.store.index.IndexPool;
import io.tandem.store.maildir.MaildirLayout;
import io.tandem.store.maildir.MaildirName;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The mail store of one appliance, open for writing: it holds the store lock, has replayed the
 * journal, and runs the committer. Everything that changes mail goes through {@link #submit}.
 * Thread-safe.
 */
public final class MailStore implements AutoCloseable {
  private final StoreLock lock;
  private final Journal journal;
  private final IndexPool pool;
  private final UsersFile users;
  private final MaildirLayout layout;
  private final MessageSpool spool;
  private final Committer committer;
  private final Recovery.Report recovery;
  private final Attic attic;
  private final EpochHistory epochs;
  private final StoreResync resync;

  private MailStore(StoreLock lock, Journal journal, IndexPool pool, UsersFile users,
      MaildirLayout layout, MessageSpool spool, Committer committer, Recovery.Report recovery,
      Attic attic, EpochHistory epochs, StoreResync resync) {
    this.resync = resync;
    this.attic = attic;
    this.epochs = epochs;
    this.lock = lock;
    this.journal = journal;
    this.pool = pool;
    this.users = users;
    this.layout = layout;
    this.spool = spool;
    this.committer = committer;
    this.recovery = recovery;
  }

  /**
   * Locks the store, opens the journal, replays its tail into the indexes and maildirs, and
   * starts the committer.
   *
   * @param keepRemovedBodies whether bodies of removed messages go to the {@link Attic} (this
   *     appliance is a primary whose replica may still need them) rather than being deleted
   * @throws StoreLock.StoreLockedException when another process has the store open
   * @throws JournalCorruptException when the journal is damaged beyond a torn tail
   */
  public static MailStore open(StoreSettings settings, Clock clock, long pid,
      java.util.function.LongSupplier epoch, BooleanSupplier keepRemovedBodies,
      FatalErrorHandler fatal)
      throws IOException, SQLException, JournalCorruptException, ApplyException {
    StoreLock lock = StoreLock.acquire(settings.state());
    try {
      StoreResync.cleanUpAtStart(settings);
      MaildirLayout layout = new MaildirLayout(settings.root());
      Files.createDirectories(layout.spool());
      Journal journal = Journal.open(settings.journalDir(), settings.segmentSize(),
          settings.fsyncWarn());
      UsersFile users = UsersFile.load(settings.usersFile());
      IndexPool pool = new IndexPool(settings.indexDir(), settings.cacheSize());
      MaildirName names = new MaildirName(settings.host(), pid);
      Attic attic = Attic.open(layout.attic(), keepRemovedBodies);
      EntryApplier applier = new EntryApplier(pool, layout, new FileActionRunner(attic), users,
          true);
      StoreParts parts = new StoreParts(journal, applier, new ResolveContext(pool, clock, names),
          new CheckpointFile(settings.state().resolve("checkpoint")), layout, clock);
      Recovery.Report report = new Recovery(parts).run();
      EpochHistory epochs = EpochHistory.load(settings.state().resolve("epochs"), journal);
      // Everything up to the journal's end is applied: the users file is current for it.
      users.apply(java.util.Map.of(), journal.lastSeq());
      Committer committer = new Committer(parts, settings.maxBatch(),
          settings.checkpointInterval(), epoch, epochs, StoreResync.readFloor(settings), fatal);
      committer.start();
      StoreResync resync = new StoreResync(settings, layout, pool, users, journal, epochs,
          parts.checkpoint(), attic, committer);
      return new MailStore(lock, journal, pool, users, layout,
          new MessageSpool(layout.spool(), names, clock), committer, report, attic, epochs,
          resync);
    } catch (IOException | SQLException | JournalCorruptException | ApplyException
        | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * Rebuilds every user's index from the whole journal, leaving the maildir files as they are:
   * the journal says what the index must hold, the files already hold its result. The old index
   * folder is moved aside to {@code index.old-MILLIS}.
   *
   * @throws IOException when the journal no longer starts at seq 1 (it was pruned)
   */
  public static Recovery.Report rebuildIndex(StoreSettings settings, Clock clock)
      throws IOException, SQLException, JournalCorruptException, ApplyException {
    try (StoreLock lock = StoreLock.acquire(settings.state());
        Journal journal = Journal.open(settings.journalDir(), settings.segmentSize(),
            settings.fsyncWarn())) {
      if (journal.firstSeq() != 1) {
        throw new IOException("the journal starts at seq " + journal.firstSeq()
            + " (older entries were pruned), so the index cannot be rebuilt from it alone");
      }
      if (Files.exists(settings.indexDir())) {
        Files.move(settings.indexDir(),
            settings.state().resolve("index.old-" + clock.millis()));
      }
      MaildirLayout layout = new MaildirLayout(settings.root());
      UsersFile users = UsersFile.load(settings.usersFile());
      try (IndexPool pool = new IndexPool(settings.indexDir(), settings.cacheSize())) {
        EntryApplier applier = new EntryApplier(pool, layout, new FileActionRunner(), users,
            false);
        CheckpointFile checkpoint = new CheckpointFile(settings.state().resolve("checkpoint"));
        checkpoint.write(0);
        StoreParts parts = new StoreParts(journal, applier,
            new ResolveContext(pool, clock, new MaildirName(settings.host(), 0)), checkpoint,
            layout, clock);
        return new Recovery(parts).run();
      }
    }
  }

  /**
   * Queues one entry decided by the primary (this appliance being its replica); a delivery's
   * body must already be in the spool ({@link MessageSpool#writeReplicated}).
   */
  public CompletableFuture<List<JournalEntry>> submitReplicated(JournalEntry entry) {
    return committer.submitReplicated(entry);
  }

  /** Full resync, step 1: empties this replica's store (see {@link StoreResync}). */
  public CompletableFuture<?> beginFullResync() {
    return committer.runTask(resync::wipe);
  }

  /** Full resync, step 2: swaps in a user staged at {@link StoreResync#stagedHome} and index. */
  public CompletableFuture<?> installStagedUser(String user, String passwordHash) {
    return committer.runTask(() -> resync.install(user, passwordHash));
  }

  /** Full resync, step 2, for a user the primary does not have. */
  public CompletableFuture<?> removeUserForResync(String user) {
    return committer.runTask(() -> resync.remove(user));
  }

  /** Full resync, step 3: the journal continues after {@code seq}. */
  public CompletableFuture<?> finishFullResync(long seq, long unnamedThrough) {
    return committer.runTask(() -> resync.finish(seq, unnamedThrough));
  }

  /**
   * Runs {@code task} on the committer thread between two batches, so that no message file is
   * renamed or removed while it runs (a scrub putting a repaired file in place). Keep it short:
   * every write waits for it.
   *
   * @throws IOException when the task fails (its own IOException, or another failure wrapped) or
   *     the store is closing
   */
  public <T> T callBetweenBatches(java.util.concurrent.Callable<T> task)
      throws IOException, InterruptedException {
    java.util.concurrent.atomic.AtomicReference<T> result =
        new java.util.concurrent.atomic.AtomicReference<>();
    try {
      committer.runTask(() -> result.set(task.call())).get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(String.valueOf(
          cause.getMessage()), cause);
    }
    return result.get();
  }

  /** Where a resync stages users. */
  public StoreResync resync() {
    return resync;
  }

  /**
   * Tells {@code listener} of every batch of entries (local or replicated) once they are durable
   * and applied to the index and the maildirs. It runs on the writer thread: it must not block.
   */
  public void onApplied(java.util.function.Consumer<List<JournalEntry>> listener) {
    committer.onApplied(listener);
  }

  /**
   * Refuses every change (NOT_PRIMARY) while {@code gate} is false: a replica or a primary that
   * is handing over writes nothing of its own. Replicated entries are not affected.
   */
  public void setWriteGate(java.util.function.BooleanSupplier gate) {
    committer.setWriteGate(gate);
  }

  /** Queues a change; the future completes once it is durable and applied. */
  public CompletableFuture<List<JournalEntry>> submit(Intent intent) {
    return committer.submit(intent);
  }

  /**
   * Submits and waits. A refusal comes back as the {@link StoreException}; a store fault as an
   * {@link IOException}.
   */
  public List<JournalEntry> execute(Intent intent) throws StoreException, IOException {
    try {
      return submit(intent).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the store", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StoreException store) {
        throw store;
      }
      throw new IOException("the store could not carry out the request: " + cause, cause);
    }
  }

  public MessageSpool spool() {
    return spool;
  }

  /**
   * The journal position up to which indexes and maildirs are known to be on disk: recovery
   * never needs an entry at or below it.
   */
  public long checkpointedSeq() {
    return committer.checkpointedSeq();
  }

  /** Every journal entry up to this seq is applied, its index changes committed. */
  public long appliedThrough() {
    return committer.appliedThrough();
  }

  /** Which epoch wrote which part of the journal. */
  public EpochHistory epochs() {
    return epochs;
  }

  /** Bodies of removed messages that the replica may still need. */
  public Attic attic() {
    return attic;
  }

  public MaildirLayout layout() {
    return layout;
  }

  public UsersFile users() {
    return users;
  }

  public Journal journal() {
    return journal;
  }

  /**
   * The writer's index pool, for read-only helpers that need index file locations. Only the
   * committer thread may use the pooled connections.
   */
  public IndexPool indexPool() {
    return pool;
  }

  /** What start-up recovery did. */
  public Recovery.Report recovery() {
    return recovery;
  }

  /** Finishes queued requests, makes everything durable and releases the store. */
  @Override
  public void close() throws IOException {
    try {
      committer.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pool.close();
      journal.close();
      lock.close();
    }
  }
}
