package io.tandem.imap.server;

import io.tandem.journal.JournalEntry;
import io.tandem.store.StoreException;
import io.tandem.store.index.MessageRow;
import io.tandem.store.index.UserIndex;
import io.tandem.store.maildir.MaildirLayout;
import io.tandem.store.write.Intent;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.SpooledMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * IMAP's way into the store. Reads go to a read-only connection of the user's index opened for
 * one command (one consistent snapshot, and nothing held by an idle session); every change is an
 * intent submitted to the store's single writer, so it is journaled, replicated and applied like
 * an LMTP delivery. Thread-safe.
 */
final class MailAccess {
  /** A read against one snapshot of a user's index. */
  @FunctionalInterface
  interface Read<T> {
    T run(UserIndex index) throws SQLException, IOException, StoreException;
  }

  private final MailStore store;

  MailAccess(MailStore store) {
    this.store = store;
  }

  <T> T read(String user, Read<T> read) throws SQLException, IOException, StoreException {
    Path file = store.indexPool().file(user);
    if (!Files.exists(file)) {
      throw new StoreException(StoreException.Reason.NO_SUCH_USER, "no such user");
    }
    try (UserIndex index = UserIndex.openReadOnly(file, user)) {
      return read.run(index);
    }
  }

  /** Carries out a change; returns once it is durable and applied. */
  List<JournalEntry> write(Intent intent) throws StoreException, IOException {
    return store.execute(intent);
  }

  /** Writes a message (CRLF as sent by APPEND) to the spool, durably, with LF line ends. */
  SpooledMessage spool(byte[] crlfMessage) throws IOException {
    byte[] lf = LineEndings.toLf(crlfMessage);
    return store.spool().write(new byte[0], new ByteArrayInputStream(lf), lf.length,
        LineEndings.countLf(lf));
  }

  void discard(SpooledMessage message) {
    try {
      store.spool().discard(message);
    } catch (IOException e) {
      // Left in the spool, which the next start clears of files no entry names.
    }
  }

  /**
   * The stored bytes of a message, as the client sees them (CRLF). The file may be renamed by a
   * flag change between the index read and the open; then the index says the new name.
   */
  Optional<byte[]> message(String user, String mailbox, long mailboxId, MessageRow row)
      throws IOException, SQLException, StoreException {
    MaildirLayout layout = store.layout();
    try {
      return Optional.of(LineEndings.toCrlf(
          Files.readAllBytes(layout.mailbox(user, mailbox).resolve(row.file()))));
    } catch (NoSuchFileException renamed) {
      Optional<MessageRow> now = read(user, index -> index.message(mailboxId, row.uid()));
      if (now.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(LineEndings.toCrlf(
            Files.readAllBytes(layout.mailbox(user, mailbox).resolve(now.get().file()))));
      } catch (NoSuchFileException gone) {
        return Optional.empty();
      }
    }
  }
}
