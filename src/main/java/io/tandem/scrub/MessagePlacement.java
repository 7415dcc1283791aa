package io.tandem.scrub;

import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.MessageRow;
import io.tandem.store.index.UserIndex;
import io.tandem.store.maildir.MaildirLayout;
import io.tandem.store.write.MailStore;
import io.tandem.util.Fsync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The two steps of a scrub that must not race the committer (which renames files on flag
 * changes and removes them on expunges): seeing where a message's file is now, and putting a
 * repaired file in its place. Both run on the committer thread between two batches ({@link
 * MailStore#callBetweenBatches}), where the index and the files agree; both are short (an index
 * lookup, a directory scan at worst, a rename and two directory fsyncs).
 */
final class MessagePlacement {
  private final MailStore store;
  private final MaildirLayout layout;

  MessagePlacement(MailStore store) {
    this.store = store;
    this.layout = store.layout();
  }

  /**
   * Where the message is now.
   *
   * @param exists false when the message is gone (expunged, its mailbox or user removed, or its
   *     hash changed): nothing to check or repair
   * @param file its file, or empty when the index has the message but no file holds it
   * @param indexFile the file name the index records now (relative to the mailbox folder)
   */
  record Now(boolean exists, Optional<Path> file, String indexFile) {
    static final Now GONE = new Now(false, Optional.empty(), "");
  }

  /** Where the message {@code uid} of {@code mailbox} with this hash is now. */
  Now now(String user, String mailbox, long uid, String sha256)
      throws IOException, InterruptedException {
    return store.callBetweenBatches(() -> locate(user, mailbox, uid, sha256));
  }

  /**
   * Renames {@code repaired} (a checked copy in the mailbox's {@code tmp/}, already forced) over
   * the message's file, or to the name the index records when no file holds it, and forces both
   * folders. Returns false, removing {@code repaired}, when the message went away meanwhile.
   */
  boolean install(String user, String mailbox, long uid, String sha256, Path repaired)
      throws IOException, InterruptedException {
    return store.callBetweenBatches(() -> {
      Now now = locate(user, mailbox, uid, sha256);
      if (!now.exists()) {
        Files.deleteIfExists(repaired);
        return false;
      }
      Path target = now.file().orElse(layout.mailbox(user, mailbox).resolve(now.indexFile()));
      Files.createDirectories(target.getParent());
      Files.move(repaired, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      Fsync.directory(target.getParent());
      Fsync.directory(repaired.getParent());
      return true;
    });
  }

  private Now locate(String user, String mailbox, long uid, String sha256)
      throws IOException {
    Path indexFile = store.indexPool().file(user);
    if (!store.users().contains(user) || !Files.exists(indexFile)) {
      return Now.GONE;
    }
    try (UserIndex index = UserIndex.openReadOnly(indexFile, user)) {
      Optional<MailboxRow> box = index.mailbox(mailbox);
      if (box.isEmpty()) {
        return Now.GONE;
      }
      Optional<MessageRow> row = index.message(box.get().id(), uid);
      if (row.isEmpty() || !row.get().sha256().equals(sha256)) {
        return Now.GONE;
      }
      Path folder = layout.mailbox(user, mailbox);
      return new Now(true, MessageFiles.locate(folder, row.get().file()), row.get().file());
    } catch (SQLException e) {
      throw new IOException("cannot read the index of " + user + ": " + e.getMessage(), e);
    }
  }
}
