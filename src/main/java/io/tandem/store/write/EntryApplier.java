package io.tandem.store.write;

import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import io.tandem.store.UsersFile;
import io.tandem.store.apply.ApplyException;
import io.tandem.store.apply.FileAction;
import io.tandem.store.apply.FileActionRunner;
import io.tandem.store.apply.IndexApplier;
import io.tandem.store.index.IndexPool;
import io.tandem.store.index.UserIndex;
import io.tandem.store.maildir.MaildirLayout;
import io.tandem.util.DirectoryForcer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one apply path, in two halves around the journal force: {@link #indexPhase} writes an
 * entry into its user's open index transaction, {@link #finish} (once the entries are durable)
 * changes the maildir files and the users file, forces the directories it changed (together, on a
 * few threads), and only then commits the indexes. Hence the invariant recovery relies on: an entry the index holds has its
 * files on disk, so a replay skips it; readers never see an index row before its file.
 *
 * <p>Used by the committer (primary and replica), by recovery, and (index only, files left as
 * they are) by {@code tandem index rebuild}. Not thread-safe.
 */
final class EntryApplier {
  /** Folders forced at once: a batch of STOREs by many users touches one folder per user. */
  private static final int FORCE_THREADS = 4;

  /** An entry whose index part is done and whose file part waits for the journal. */
  record Applied(JournalEntry entry, List<FileAction> actions) {}

  private final IndexPool pool;
  private final IndexApplier indexApplier;
  private final FileActionRunner runner;
  private final UsersFile users;
  private final MaildirLayout layout;
  private final boolean applyFiles;
  private final Set<UserIndex> open = new LinkedHashSet<>();
  private final Set<String> checkpointDue = new LinkedHashSet<>();
  private final DirectoryForcer forcer = new DirectoryForcer("committer-fsync", FORCE_THREADS);

  EntryApplier(IndexPool pool, MaildirLayout layout, FileActionRunner runner, UsersFile users,
      boolean applyFiles) {
    this.pool = pool;
    this.layout = layout;
    this.indexApplier = new IndexApplier(layout);
    this.runner = runner;
    this.users = users;
    this.applyFiles = applyFiles;
  }

  /** The index of the entry's user, or null for a deleted user's operations. */
  UserIndex indexFor(Operation op) throws SQLException {
    UserIndex index = op instanceof Operation.AddUser ? pool.get(op.user())
        : pool.find(op.user()).orElse(null);
    if (index != null) {
      open.add(index);
    }
    return index;
  }

  /**
   * Whether this store already holds a replicated entry's effect: the user's index is at or past
   * it (a resync's snapshot was taken later), or, up to {@code floor}, the user does not exist
   * here because the resync found no such user then.
   */
  boolean alreadyHeld(JournalEntry entry, long floor) throws SQLException {
    Optional<UserIndex> index = pool.find(entry.op().user());
    if (index.isPresent()) {
      return index.get().appliedSeq() >= entry.seq();
    }
    return entry.seq() <= floor;
  }

  /** Removes the spooled body of a delivery that will not be applied. */
  void discardSpooled(JournalEntry entry) {
    if (entry.op() instanceof Operation.Deliver d) {
      try {
        Files.deleteIfExists(layout.spool().resolve(d.fileName()));
      } catch (IOException e) {
        // Harmless: recovery removes spool files the journal does not need.
        org.slf4j.LoggerFactory.getLogger(EntryApplier.class)
            .debug("Could not remove {}: {}", d.fileName(), e.toString());
      }
    }
  }

  Applied indexPhase(JournalEntry entry) throws SQLException, ApplyException {
    Operation op = entry.op();
    UserIndex index = indexFor(op);
    if (op instanceof Operation.DeleteUser) {
      boolean laterIncarnation = index != null && index.appliedSeq() > entry.seq();
      return new Applied(entry, laterIncarnation ? List.of()
          : deleteUserActions(op.user(), entry.seq(), index));
    }
    if (index == null) {
      throw new ApplyException("no index for user " + op.user() + " (entry " + entry.seq() + ")");
    }
    return new Applied(entry, indexApplier.apply(entry, index));
  }

  /** The file half: runs after the entries of {@code applied} are durable in the journal. */
  void finish(List<Applied> applied) throws IOException, SQLException {
    Map<String, String> userChanges = new LinkedHashMap<>();
    for (Applied a : applied) {
      Operation op = a.entry().op();
      if (op instanceof Operation.DeleteUser) {
        pool.close(op.user());
        open.removeIf(index -> index.user().equals(op.user()));
      }
      if (applyFiles) {
        runner.run(a.actions());
        collectUserChange(a, userChanges);
      }
    }
    users.apply(userChanges,
        applied.isEmpty() ? 0 : applied.get(applied.size() - 1).entry().seq());
    // Forced here, before the index commit, not left to the checkpointer as a delivery's new/
    // is: recovery skips an entry its user's index holds, and an index commit (not forced, but
    // written) can reach the disk before an unforced rename does, so after a power cut the index
    // would name files the maildir does not have. Forcing them together costs about one force.
    forcer.forceAll(runner.drainTouched());
    for (UserIndex index : open) {
      index.commit();
      checkpointDue.add(index.user());
    }
    open.clear();
  }

  /** The users file's part of an entry: a hash to set, or null to remove the user. */
  private static void collectUserChange(Applied a, Map<String, String> changes) {
    Operation op = a.entry().op();
    if (op instanceof Operation.AddUser add) {
      changes.put(add.user(), add.passwordHash());
    } else if (op instanceof Operation.ChangePassword change) {
      changes.put(change.user(), change.passwordHash());
    } else if (op instanceof Operation.DeleteUser && !a.actions().isEmpty()) {
      changes.put(op.user(), null);
    }
  }

  /**
   * After a refused or failed request: if it had just created the index of a new user (an
   * add-user that did not go through), that empty index is removed again, or the user would
   * look like an existing one.
   */
  void forgetFailedNewUser(String user) {
    try {
      if (pool.exists(user) && pool.get(user).appliedSeq() == 0) {
        open.removeIf(index -> index.user().equals(user));
        pool.close(user);
        for (Path file : pool.files(user)) {
          Files.deleteIfExists(file);
        }
      }
    } catch (SQLException | IOException e) {
      // The next start's recovery finds an index with nothing applied; harmless but logged.
      org.slf4j.LoggerFactory.getLogger(EntryApplier.class)
          .warn("Could not remove the empty index of {}: {}", user, e.toString());
    }
  }

  /** Rolls back every open index transaction (after a failed journal append). */
  void abort() {
    for (UserIndex index : open) {
      try {
        index.rollback();
      } catch (SQLException e) {
        // The process is about to stop; the journal replay on restart is what counts.
      }
    }
    open.clear();
  }

  /**
   * What must be forced before a checkpoint may move past everything applied so far: the
   * {@code new/} folders deliveries went into (other folders were forced in {@link #finish}) and
   * the indexes changed (their WALs). Taking it clears the list; closes indexes beyond the
   * pool's capacity. Committer thread only.
   */
  DurabilityWork takeDurabilityWork() {
    Set<Path> dirs = new LinkedHashSet<>(runner.drainDeliveredInto());
    List<Path> indexes = new ArrayList<>();
    for (String user : checkpointDue) {
      if (pool.exists(user)) {
        indexes.add(pool.file(user));
      }
    }
    checkpointDue.clear();
    pool.trim();
    return new DurabilityWork(dirs, indexes);
  }

  /**
   * Makes everything applied so far durable, on this thread (recovery, and the last checkpoint
   * at stop). The caller then records the checkpoint seq.
   */
  void makeDurable() throws SQLException, IOException {
    takeDurabilityWork().run();
  }

  boolean hasUndurableChanges() {
    return !checkpointDue.isEmpty();
  }

  /** Problems the file half met (a message file missing), for alerts and status. */
  List<String> drainProblems() {
    return runner.drainProblems();
  }

  private List<FileAction> deleteUserActions(String user, long seq, UserIndex index)
      throws SQLException {
    List<FileAction> actions = new ArrayList<>();
    if (index != null) {
      for (io.tandem.store.index.MailboxRow box : index.mailboxes()) {
        actions.addAll(indexApplier.removeAll(user, box, seq, index));
      }
    }
    for (Path file : pool.files(user)) {
      actions.add(new FileAction.DeleteFile(file));
    }
    actions.add(new FileAction.RemoveTree(layout.userHome(user)));
    return actions;
  }
}
