package io.tandem.scrub;

import io.tandem.scrub.Finding.Problem;
import io.tandem.store.maildir.MaildirLayout;
import io.tandem.store.write.MailStore;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over the store: every message of every user (or of one), its file hashed at the
 * configured rate and compared with the index's SHA-256. A file that does not match, or is
 * missing, is checked again where the committer stands still ({@link MessagePlacement}: it may
 * have been expunged or renamed meanwhile) and then repaired ({@link MessageRepair}). Runs on
 * the scrub thread; reports through {@link ScrubProgress}.
 */
final class Scrubber {
  private static final Logger LOG = LoggerFactory.getLogger(Scrubber.class);

  private final MailStore store;
  private final MaildirLayout layout;
  private final FileHasher hasher;
  private final MessagePlacement placement;
  private final MessageRepair repair;
  private final ScrubProgress progress;
  private final Consumer<Finding> listener;

  /** @param listener told of each finding as it is made (the alerts) */
  Scrubber(MailStore store, FileHasher hasher, MessageRepair repair, ScrubProgress progress,
      Consumer<Finding> listener) {
    this.listener = listener;
    this.store = store;
    this.layout = store.layout();
    this.hasher = hasher;
    this.placement = new MessagePlacement(store);
    this.repair = repair;
    this.progress = progress;
  }

  /** Checks every user's messages, or only {@code user}'s when it is not null. */
  void run(String user) throws IOException, InterruptedException {
    List<String> users = user != null ? List.of(user) : store.users().names();
    for (String name : users) {
      if (!store.users().contains(name)) {
        continue;
      }
      try {
        scrubUser(name);
        progress.userDone();
      } catch (IOException e) {
        // One unreadable index (a user being removed or resynced) does not stop the others.
        LOG.warn("Scrub: skipped user {}: {}", name, e.getMessage());
        progress.skipped(name, e.getMessage());
      }
    }
  }

  private void scrubUser(String user) throws IOException, InterruptedException {
    try (IndexPages pages = IndexPages.open(store.indexPool().file(user))) {
      for (List<IndexPages.Row> page = pages.next(); !page.isEmpty(); page = pages.next()) {
        for (IndexPages.Row row : page) {
          if (Thread.interrupted()) {
            throw new InterruptedException("the scrub was stopped");
          }
          check(user, row);
        }
      }
    } catch (SQLException e) {
      throw new IOException("cannot read the index of " + user + ": " + e.getMessage(), e);
    }
  }

  private void check(String user, IndexPages.Row row) throws IOException, InterruptedException {
    Path folder = layout.mailbox(user, row.mailbox());
    Optional<Path> file = MessageFiles.locate(folder, row.file());
    Optional<FileHasher.Hashed> hashed = file.isPresent() ? hasher.hash(file.get())
        : Optional.empty();
    progress.checked(hashed.map(FileHasher.Hashed::bytes).orElse(0L));
    if (hashed.isPresent() && hashed.get().sha256().equals(row.sha256())) {
      return;
    }
    Problem problem = confirm(user, row, hashed.isPresent());
    if (problem == null) {
      return;
    }
    LOG.warn("Scrub: message uid {} in {}/{} is {} (file {}, SHA-256 {}); repairing",
        row.uid(), user, row.mailbox(), problem == Problem.CORRUPT ? "CORRUPT" : "missing",
        row.file(), row.sha256());
    repair.repair(user, row.mailbox(), row.uid(), row.file(), row.sha256(), problem)
        .ifPresent(this::report);
  }

  /**
   * Looks again, with the committer standing still: the message may have been expunged, or its
   * file renamed, since its row was read. Returns null when it is fine after all (or gone).
   */
  private Problem confirm(String user, IndexPages.Row row, boolean hadFile)
      throws IOException, InterruptedException {
    MessagePlacement.Now now = placement.now(user, row.mailbox(), row.uid(), row.sha256());
    if (!now.exists()) {
      return null;
    }
    if (now.file().isEmpty()) {
      return Problem.MISSING;
    }
    if (hadFile) {
      // The same bytes under another name at most (files are never rewritten in place).
      return Problem.CORRUPT;
    }
    Optional<FileHasher.Hashed> again = hasher.hash(now.file().get());
    if (again.isEmpty()) {
      return Problem.MISSING;
    }
    return again.get().sha256().equals(row.sha256()) ? null : Problem.CORRUPT;
  }

  private void report(Finding finding) {
    progress.found(finding);
    listener.accept(finding);
    if (finding.outcome() == Finding.Outcome.REPAIRED) {
      LOG.warn("Scrub repaired message {}: {}", finding.where(), finding.detail());
    } else {
      LOG.error("Scrub: {}", finding.describe());
    }
  }
}
