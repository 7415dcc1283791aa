package io.tandem.store.write;

import io.tandem.journal.EpochHistory;
import io.tandem.journal.Journal;
import io.tandem.store.UsersFile;
import io.tandem.store.attic.Attic;
import io.tandem.store.index.IndexPool;
import io.tandem.store.maildir.MaildirLayout;
import io.tandem.util.AtomicFiles;
import io.tandem.util.FileTrees;
import io.tandem.util.Fsync;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's side of a full resync, as steps that run on the committer thread (so they never
 * interleave with applying entries): empty the store, swap in each user's staged copy, then
 * restart the journal where the primary's stream continues. A marker file covers the whole
 * process: a replica that stops half-way finds it at the next start, empties its store again
 * and is resynced from the beginning, so a half-replaced store is never taken for a whole one.
 */
public final class StoreResync {
  private static final Logger LOG = LoggerFactory.getLogger(StoreResync.class);
  static final String MARKER = "resync-in-progress";
  static final String FLOOR = "resync-floor";
  private static final String STAGING = ".tandem-resync";

  private final StoreSettings settings;
  private final MaildirLayout layout;
  private final IndexPool pool;
  private final UsersFile users;
  private final Journal journal;
  private final EpochHistory epochs;
  private final CheckpointFile checkpoint;
  private final Attic attic;
  private final Committer committer;

  StoreResync(StoreSettings settings, MaildirLayout layout, IndexPool pool, UsersFile users,
      Journal journal, EpochHistory epochs, CheckpointFile checkpoint, Attic attic,
      Committer committer) {
    this.settings = settings;
    this.layout = layout;
    this.pool = pool;
    this.users = users;
    this.journal = journal;
    this.epochs = epochs;
    this.checkpoint = checkpoint;
    this.attic = attic;
    this.committer = committer;
  }

  /** Where a user's copy is staged: {@code <store.root>/.tandem-resync/USER} (its home). */
  public Path stagedHome(String user) {
    return layout.root().resolve(STAGING).resolve(user);
  }

  /** Where a user's index is staged: {@code <store.state>/resync/USER.db}. */
  public Path stagedIndex(String user) {
    return settings.state().resolve("resync").resolve(pool.file(user).getFileName());
  }

  /** Removes what an earlier, abandoned staging of {@code user} left (index and maildir). */
  public void clearStaged(String user) throws IOException {
    Path staged = stagedIndex(user);
    for (Path file : sqliteFiles(staged)) {
      Files.deleteIfExists(file);
    }
    FileTrees.delete(stagedHome(user));
  }

  /** An SQLite database and its WAL and shared-memory files. */
  private static List<Path> sqliteFiles(Path db) {
    return List.of(db, db.resolveSibling(db.getFileName() + "-wal"),
        db.resolveSibling(db.getFileName() + "-shm"));
  }

  /** Step 1: marks the resync under way and empties the store (users, indexes, maildirs). */
  void wipe() throws Exception {
    AtomicFiles.write(settings.state().resolve(MARKER),
        "A full resync from the primary is under way.\n".getBytes(StandardCharsets.US_ASCII));
    pool.close();
    Map<String, String> removed = new HashMap<>();
    for (String user : users.names()) {
      removed.put(user, null);
      removeUserFiles(user);
    }
    users.apply(removed);
    attic.pruneThrough(Long.MAX_VALUE);
    Fsync.directory(layout.root());
    LOG.warn("Full resync: this replica's store was emptied; every user is copied from the"
        + " primary now");
  }

  /** Step 2, per user: replaces the user's data by the staged copy (index, maildir, password). */
  void install(String user, String passwordHash) throws Exception {
    pool.close(user);
    removeUserFiles(user);
    List<Path> staged = sqliteFiles(stagedIndex(user));
    if (Files.exists(staged.get(1))) {
      Files.move(staged.get(1), pool.files(user).get(1), StandardCopyOption.ATOMIC_MOVE);
    }
    Files.deleteIfExists(staged.get(2));
    Files.move(staged.get(0), pool.file(user), StandardCopyOption.ATOMIC_MOVE);
    Path home = stagedHome(user);
    if (Files.exists(home)) {
      Files.move(home, layout.userHome(user), StandardCopyOption.ATOMIC_MOVE);
    }
    users.apply(Map.of(user, passwordHash));
    Fsync.directory(pool.file(user).getParent());
    Fsync.directory(layout.root());
  }

  /** Step 2 for a user the primary does not have. */
  void remove(String user) throws Exception {
    pool.close(user);
    removeUserFiles(user);
    Map<String, String> removed = new HashMap<>();
    removed.put(user, null);
    users.apply(removed);
  }

  /**
   * Step 3: the journal continues after {@code seq}, where the primary's stream resumes; users
   * no snapshot named did not exist at {@code unnamedThrough}, so their entries up to it are
   * journaled without being applied.
   */
  void finish(long seq, long unnamedThrough) throws Exception {
    floorFile(settings).write(unnamedThrough);
    journal.resetTo(seq);
    epochs.reset();
    checkpoint.write(seq);
    committer.journalReset(seq, unnamedThrough);
    Files.deleteIfExists(settings.state().resolve(MARKER));
    Fsync.directory(settings.state());
    LOG.info("Full resync finished: the journal continues after seq {}", seq);
  }

  /** The floor recorded by the last full resync; 0 when there was none. */
  static long readFloor(StoreSettings settings) throws IOException {
    return floorFile(settings).read();
  }

  /** A journal position in a file of one line, like the checkpoint. */
  private static CheckpointFile floorFile(StoreSettings settings) {
    return new CheckpointFile(settings.state().resolve(FLOOR));
  }

  /**
   * At start, before anything else reads the store: a resync that did not finish leaves only
   * an empty store (resynced again once the primary connects), and staging leftovers go.
   */
  static void cleanUpAtStart(StoreSettings settings) throws IOException {
    FileTrees.delete(settings.root().resolve(STAGING));
    FileTrees.delete(settings.state().resolve("resync"));
    if (!Files.exists(settings.state().resolve(MARKER))) {
      return;
    }
    LOG.warn("A full resync from the primary was interrupted: emptying this replica's store;"
        + " it is copied again when the primary connects");
    FileTrees.delete(settings.indexDir());
    FileTrees.delete(settings.journalDir());
    Files.deleteIfExists(settings.state().resolve("checkpoint"));
    Files.deleteIfExists(settings.state().resolve("epochs"));
    Files.deleteIfExists(settings.state().resolve(FLOOR));
    Files.deleteIfExists(settings.usersFile());
    if (Files.isDirectory(settings.root())) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(settings.root())) {
        for (Path entry : entries) {
          if (!entry.getFileName().toString().startsWith(".tandem-")) {
            FileTrees.delete(entry);
          }
        }
      }
    }
    Files.deleteIfExists(settings.state().resolve(MARKER));
  }

  private void removeUserFiles(String user) throws IOException {
    for (Path file : pool.files(user)) {
      Files.deleteIfExists(file);
    }
    FileTrees.delete(layout.userHome(user));
  }
}
