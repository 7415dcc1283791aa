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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
    List<JournalEntry> entries = new ArrayList<>();
    parts.journal().read(from, entries::add);
    Set<Long> superseded = supersededUserDeletes(entries);
    List<EntryApplier.Applied> applied = new ArrayList<>();
    for (JournalEntry entry : entries) {
      if (superseded.contains(entry.seq())) {
        continue;
      }
      applied.add(parts.applier().indexPhase(entry));
      if (applied.size() == BATCH) {
        parts.applier().finish(applied);
        applied.clear();
      }
    }
    parts.applier().finish(applied);
    int removed = cleanSpool(parts.layout());
    parts.applier().makeDurable();
    parts.checkpoint().write(to);
    List<String> problems = parts.applier().drainProblems();
    Report report = new Report(from, to, entries.size(), removed, problems);
    LOG.info("Recovery: replayed journal entries {}..{} ({} entries), removed {} unacknowledged"
        + " spool files, {} problems", from + 1, to, entries.size(), removed, problems.size());
    return report;
  }

  /**
   * User deletions followed by a new user of the same name within the replayed range: replaying
   * the delete would remove the new user's files, so it is skipped (its effect is already there).
   */
  static Set<Long> supersededUserDeletes(List<JournalEntry> entries) {
    java.util.Map<String, Long> lastAdd = new java.util.HashMap<>();
    for (JournalEntry entry : entries) {
      if (entry.op() instanceof Operation.AddUser) {
        lastAdd.put(entry.op().user(), entry.seq());
      }
    }
    Set<Long> skip = new TreeSet<>();
    for (JournalEntry entry : entries) {
      Long add = lastAdd.get(entry.op().user());
      if (entry.op() instanceof Operation.DeleteUser && add != null && add > entry.seq()) {
        skip.add(entry.seq());
      }
    }
    return skip;
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
