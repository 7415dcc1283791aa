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
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * IMAP's way into the store. Reads go to a read-only connection of the user's index, one
 * consistent snapshot per read (nothing held by an idle session); every change is an intent
 * submitted to the store's single writer, so it is journaled, replicated and applied like an
 * LMTP delivery. Thread-safe.
 *
 * <p>Opening a SQLite connection costs far more than the few queries of a command (the driver,
 * the file, the schema, preparing the statements: about 1 ms against tens of microseconds), and a
 * command reads several times, so connections are kept between reads: a read borrows an idle
 * connection of that index file, and gives it back with its read transaction ended, so the next
 * read sees what was committed since. At most {@link #MAX_IDLE} are kept, each at most
 * {@link #IDLE_SECONDS} s unused (looked at on each read), and none while the appliance is not
 * the primary (a replica serves no IMAP, and its resync may replace index files); one whose file
 * was replaced (another inode at the same path) is closed, not used.
 */
final class MailAccess {
  /** A read against one snapshot of a user's index. */
  @FunctionalInterface
  interface Read<T> {
    T run(UserIndex index) throws SQLException, IOException, StoreException;
  }

  static final int MAX_IDLE = 64;
  static final long IDLE_SECONDS = 30;

  /** An unused read-only connection: its index file (path and inode) and since when. */
  private record Idle(Path file, Object fileKey, UserIndex index, long sinceNanos) {}

  private final MailStore store;
  private final BooleanSupplier keepConnections;
  /** Oldest first; guarded by itself. */
  private final ArrayDeque<Idle> idle = new ArrayDeque<>();
  private final UidSnapshots uidSnapshots = new UidSnapshots();
  private final HeaderCache headers;

  /**
   * @param keepConnections whether read connections may be kept now (while primary)
   * @param headerCacheBytes the most the header cache holds ({@code imap.header_cache}; 0: none)
   */
  MailAccess(MailStore store, BooleanSupplier keepConnections, long headerCacheBytes) {
    this.store = store;
    this.keepConnections = keepConnections;
    this.headers = new HeaderCache(headerCacheBytes);
  }

  /** The UID arrays of selected mailboxes, kept between sessions. */
  UidSnapshots uidSnapshots() {
    return uidSnapshots;
  }

  <T> T read(String user, Read<T> read) throws SQLException, IOException, StoreException {
    Path file = store.indexPool().file(user);
    Object fileKey;
    try {
      fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      throw new StoreException(StoreException.Reason.NO_SUCH_USER, "no such user");
    }
    UserIndex index = fileKey == null ? null : borrow(file, fileKey);
    if (index == null) {
      index = UserIndex.openReadOnly(file, user);
    }
    boolean reusable = false;
    try {
      T result = read.run(index);
      reusable = true;
      return result;
    } catch (IOException | StoreException e) {
      reusable = true;  // the connection itself is sound
      throw e;
    } finally {
      giveBack(file, fileKey, index, reusable);
    }
  }

  /** An idle connection to this file, or null; closes idle ones that are too old or stale. */
  private UserIndex borrow(Path file, Object fileKey) {
    List<UserIndex> toClose = new ArrayList<>();
    UserIndex found = null;
    synchronized (idle) {
      expire(toClose);
      for (Iterator<Idle> it = idle.descendingIterator(); it.hasNext(); ) {
        Idle entry = it.next();
        if (!entry.file().equals(file)) {
          continue;
        }
        it.remove();
        if (entry.fileKey().equals(fileKey)) {
          found = entry.index();
          break;
        }
        toClose.add(entry.index());  // the file was replaced since
      }
    }
    closeAll(toClose);
    return found;
  }

  private void giveBack(Path file, Object fileKey, UserIndex index, boolean reusable) {
    reusable &= fileKey != null && keepConnections.getAsBoolean();
    if (reusable) {
      try {
        index.refreshSnapshot();
      } catch (SQLException e) {
        reusable = false;
      }
    }
    if (!reusable) {
      closeAll(List.of(index));
      return;
    }
    List<UserIndex> toClose = new ArrayList<>();
    synchronized (idle) {
      idle.addLast(new Idle(file, fileKey, index, System.nanoTime()));
      while (idle.size() > MAX_IDLE) {
        toClose.add(idle.removeFirst().index());
      }
      expire(toClose);
    }
    closeAll(toClose);
  }

  /** Removes the connections unused for longer than IDLE_SECONDS. Holding the lock. */
  private void expire(List<UserIndex> toClose) {
    long now = System.nanoTime();
    while (!idle.isEmpty()
        && now - idle.peekFirst().sinceNanos() > TimeUnit.SECONDS.toNanos(IDLE_SECONDS)) {
      toClose.add(idle.removeFirst().index());
    }
  }

  /** A message file did not match its hash and was replaced: its cached header may be wrong. */
  void forgetHeader(String sha256) {
    headers.forget(sha256);
  }

  /**
   * Closes every idle connection and forgets the shared UID arrays (the service stops, or the
   * role changed). The cached headers are never stale (kept by content hash), but a replica
   * serves no IMAP, so their memory is given back too.
   */
  void closeIdle() {
    uidSnapshots.clear();
    headers.clear();
    List<UserIndex> toClose = new ArrayList<>();
    synchronized (idle) {
      for (Idle entry : idle) {
        toClose.add(entry.index());
      }
      idle.clear();
    }
    closeAll(toClose);
  }

  private static void closeAll(List<UserIndex> indexes) {
    for (UserIndex index : indexes) {
      try {
        index.close();
      } catch (SQLException e) {
        // A read-only connection: nothing to lose.
      }
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
    return stored(user, mailbox, mailboxId, row, Files::readAllBytes).map(LineEndings::toCrlf);
  }

  /**
   * The header of a message as the client sees it (CRLF): up to and including the empty line
   * that ends it, or the whole message when there is none. Parsed, it has the same header as the
   * whole message (the header ends at the first empty line, {@code HeaderBlock}), so FETCH of
   * header items and SEARCH on header fields need not read, convert and parse the body.
   *
   * <p>Answered from the header cache when the message's content was seen before, else read
   * from the start of the file ({@link HeaderReader}) and cached. The array may be shared: the
   * caller must not change it.
   *
   * @param row a full index row (its SHA-256 is the cache's key; a narrow row has none)
   */
  Optional<byte[]> header(String user, String mailbox, long mailboxId, MessageRow row)
      throws IOException, SQLException, StoreException {
    byte[] cached = headers.get(row.sha256());
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<byte[]> header = stored(user, mailbox, mailboxId, row, HeaderReader::read)
        .map(LineEndings::toCrlf);
    header.ifPresent(bytes -> headers.put(row.sha256(), bytes));
    return header;
  }

  /** Reads a message file, or what of it is needed. */
  @FunctionalInterface
  private interface FileRead {
    byte[] read(Path file) throws IOException;
  }

  /**
   * What {@code reader} reads of the file (LF line ends), found again by its index row when
   * renamed meanwhile.
   */
  private Optional<byte[]> stored(String user, String mailbox, long mailboxId, MessageRow row,
      FileRead reader) throws IOException, SQLException, StoreException {
    MaildirLayout layout = store.layout();
    try {
      return Optional.of(reader.read(layout.mailbox(user, mailbox).resolve(row.file())));
    } catch (NoSuchFileException renamed) {
      Optional<MessageRow> now = read(user, index -> index.message(mailboxId, row.uid()));
      if (now.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(reader.read(layout.mailbox(user, mailbox).resolve(now.get().file())));
      } catch (NoSuchFileException gone) {
        return Optional.empty();
      }
    }
  }
}
