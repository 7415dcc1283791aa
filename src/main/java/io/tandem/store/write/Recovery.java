package io.tandem.store.write;

import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import io.tandem.store.apply.ApplyException;
import io.tandem.store.maildir.MaildirLayout;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up recovery: replays the journal after the last checkpoint through the normal apply path
 * (entries the indexes already hold only redo their idempotent file part), then removes spool
 * files that no journal entry refers to: those were never acknowledged, so adopting them would
 * invent mail.
 */
public final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
  private static final int BATCH = 256;
  private static final int CHECKPOINT_EVERY = 8192;

  /** What recovery did, for the log and for tests. */
  public record Report(long fromSeq, long toSeq, long replayed, int spoolFilesRemoved,
      List<String> problems) {}

  private final StoreParts parts;

  Recovery(StoreParts parts) {
    this.parts = parts;
  }

  Report run() throws IOException, SQLException, ApplyException {
    long from = parts.checkpoint().read();
    long to = parts.journal().lastSeq();
    Map<String, Long> lastAddUser = new HashMap<>();
    parts.journal().read(from, entry -> {
      if (entry.op() instanceof Operation.AddUser) {
        lastAddUser.put(entry.op().user(), entry.seq());
      }
    });
    Replay replay = new Replay(lastAddUser);
    try {
      parts.journal().read(from, replay);
    } catch (ReplayFailure failure) {
      failure.rethrow();
    }
    replay.flush();
    int removed = cleanSpool(parts.layout());
    parts.applier().makeDurable();
    parts.checkpoint().write(to);
    List<String> problems = parts.applier().drainProblems();
    Report report = new Report(from, to, replay.count, removed, problems);
    LOG.info("Recovery: replayed journal entries {}..{} ({} entries), removed {} unacknowledged"
        + " spool files, {} problems", from + 1, to, replay.count, removed, problems.size());
    return report;
  }

  /**
   * Applies the journal as it streams past, in batches, checkpointing every {@link
   * #CHECKPOINT_EVERY} entries: memory and open indexes stay bounded however long the replay
   * (a lost checkpoint or an index rebuild replays the whole journal), and an interrupted
   * replay resumes where it got to.
   */
  private final class Replay implements Consumer<JournalEntry> {
    private final Map<String, Long> lastAddUser;
    private final List<EntryApplier.Applied> applied = new ArrayList<>();
    long count;

    Replay(Map<String, Long> lastAddUser) {
      this.lastAddUser = lastAddUser;
    }

    @Override
    public void accept(JournalEntry entry) {
      try {
        if (!supersededUserDelete(entry, lastAddUser)) {
          applied.add(parts.applier().indexPhase(entry));
        }
        count++;
        if (applied.size() >= BATCH) {
          flush();
        }
        if (count % CHECKPOINT_EVERY == 0) {
          flush();
          parts.applier().makeDurable();
          parts.checkpoint().write(entry.seq());
        }
      } catch (IOException | SQLException | ApplyException e) {
        throw new ReplayFailure(e);
      }
    }

    void flush() throws IOException, SQLException {
      parts.applier().finish(applied);
      applied.clear();
    }
  }

  /** Carries a checked failure out of the journal reader's callback. */
  private static final class ReplayFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReplayFailure(Exception cause) {
      super(cause);
    }

    void rethrow() throws IOException, SQLException, ApplyException {
      Throwable cause = getCause();
      if (cause instanceof IOException io) {
        throw io;
      } else if (cause instanceof SQLException sql) {
        throw sql;
      }
      throw (ApplyException) cause;
    }
  }

  /**
   * A user deletion followed by a new user of the same name later in the replayed range:
   * replaying the delete would remove the new user's files, so it is skipped (its effect is
   * already there).
   */
  static boolean supersededUserDelete(JournalEntry entry, Map<String, Long> lastAddUser) {
    Long add = lastAddUser.get(entry.op().user());
    return entry.op() instanceof Operation.DeleteUser && add != null && add > entry.seq();
  }

  /** Removes every file left in the spool: after replay, none is referred to by the journal. */
  private static int cleanSpool(MaildirLayout layout) throws IOException {
    Path spool = layout.spool();
    Files.createDirectories(spool);
    Set<Path> leftovers = new TreeSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(spool)) {
      files.forEach(leftovers::add);
    }
    for (Path file : leftovers) {
      LOG.info("Removing unacknowledged spool file {}", file.getFileName());
      Files.deleteIfExists(file);
    }
    return leftovers.size();
  }
}
