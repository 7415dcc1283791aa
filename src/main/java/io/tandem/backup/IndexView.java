package io.tandem.backup;

import io.tandem.backup.store.MessageEntry;
import io.tandem.store.Names;
import io.tandem.store.index.IndexPool;
import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.MessageRow;
import io.tandem.store.index.UserIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The live store as the users' indexes hold it, read through read-only connections (one
 * snapshot per user for as long as the view is open, so keep it short: the run reads what it
 * needs and closes it before copying bodies). Remembers where each message's file is, by the
 * index's name for it, for the copy. Not thread-safe.
 */
final class IndexView implements StateView, AutoCloseable {
  private final IndexPool pool;
  private final Predicate<String> userExists;
  private final Map<String, Optional<UserIndex>> open = new HashMap<>();
  private final Map<String, Map<String, Optional<MailboxRow>>> boxes = new HashMap<>();
  private final Map<MessageEntry.Key, String> files = new HashMap<>();

  /** @param userExists whether a user is in the users file (a removed user has no mail) */
  IndexView(IndexPool pool, Predicate<String> userExists) {
    this.pool = pool;
    this.userExists = userExists;
  }

  @Override
  public Optional<MessageEntry> get(MessageEntry.Key key) throws IOException {
    try {
      Optional<MailboxRow> box = mailbox(key.user(), key.mailbox());
      if (box.isEmpty()) {
        return Optional.empty();
      }
      Optional<MessageRow> row = index(key.user()).get().message(box.get().id(), key.uid());
      return row.map(r -> entry(key.user(), key.mailbox(), r));
    } catch (SQLException e) {
      throw failed(key.user(), e);
    }
  }

  @Override
  public List<MessageEntry> inMailbox(String user, String mailbox, boolean children)
      throws IOException {
    List<MessageEntry> out = new ArrayList<>();
    try {
      Optional<UserIndex> index = index(user);
      if (index.isEmpty()) {
        return out;
      }
      for (MailboxRow box : index.get().mailboxes()) {
        boolean below = children && box.name().startsWith(mailbox + Names.SEPARATOR);
        if (box.name().equals(mailbox) || below) {
          read(index.get(), user, box, out);
        }
      }
      return out;
    } catch (SQLException e) {
      throw failed(user, e);
    }
  }

  @Override
  public List<MessageEntry> ofUser(String user) throws IOException {
    List<MessageEntry> out = new ArrayList<>();
    try {
      Optional<UserIndex> index = index(user);
      if (index.isPresent()) {
        for (MailboxRow box : index.get().mailboxes()) {
          read(index.get(), user, box, out);
        }
      }
      return out;
    } catch (SQLException e) {
      throw failed(user, e);
    }
  }

  /** The index's file name ({@code cur/BASE:2,S}) of a message this view returned. */
  String fileOf(MessageEntry.Key key) {
    return files.get(key);
  }

  private void read(UserIndex index, String user, MailboxRow box, List<MessageEntry> out)
      throws SQLException {
    for (MessageRow row : index.messages(box.id())) {
      out.add(entry(user, box.name(), row));
    }
  }

  private MessageEntry entry(String user, String mailbox, MessageRow row) {
    MessageEntry entry = new MessageEntry(user, mailbox, row.uid(), row.flags(),
        row.internalDateMillis(), row.size(), row.sha256());
    files.put(entry.key(), row.file());
    return entry;
  }

  private Optional<MailboxRow> mailbox(String user, String name) throws SQLException {
    Map<String, Optional<MailboxRow>> ofUser = boxes.computeIfAbsent(user, u -> new HashMap<>());
    Optional<MailboxRow> box = ofUser.get(name);
    if (box == null) {
      Optional<UserIndex> index = index(user);
      box = index.isEmpty() ? Optional.empty() : index.get().mailbox(name);
      ofUser.put(name, box);
    }
    return box;
  }

  private Optional<UserIndex> index(String user) throws SQLException {
    Optional<UserIndex> index = open.get(user);
    if (index == null) {
      boolean exists = Names.isValidUser(user) && userExists.test(user)
          && Files.exists(pool.file(user));
      index = exists ? Optional.of(UserIndex.openReadOnly(pool.file(user), user))
          : Optional.empty();
      open.put(user, index);
    }
    return index;
  }

  private static IOException failed(String user, SQLException e) {
    return new IOException("cannot read the index of " + user + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    for (Optional<UserIndex> index : open.values()) {
      index.ifPresent(i -> {
        try {
          i.close();
        } catch (SQLException e) {
          // A read-only connection: nothing to lose by failing to close it.
        }
      });
    }
    open.clear();
  }
}
