package io.tandem.store.index;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One user's index database: mailboxes, messages, tombstones, subscriptions and the journal
 * position it reflects. Not thread-safe: the writer (the committer thread) owns its instance;
 * readers open their own.
 */
public final class UserIndex implements AutoCloseable {
  private final Connection connection;
  private final String user;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  /** Whether the index has {@code message_unseen}; looked up on first use. */
  private Boolean unseenIndexed;

  private UserIndex(Connection connection, String user) {
    this.connection = connection;
    this.user = user;
  }

  /** Opens (creating if needed) the index of {@code user} at {@code file}. */
  public static UserIndex open(Path file, String user) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
    try {
      IndexSchema.configure(connection);
      IndexSchema.create(connection, user);
      connection.setAutoCommit(false);
      return new UserIndex(connection, user);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Opens an existing index read-only, in one transaction: every read until {@link #close} sees
   * the same committed state (WAL snapshot), while the writer goes on. For snapshots sent to
   * the replica.
   */
  public static UserIndex openReadOnly(Path file, String user) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
    try {
      try (Statement s = connection.createStatement()) {
        s.execute("PRAGMA busy_timeout=10000");
      }
      connection.setAutoCommit(false);
      return new UserIndex(connection, user);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  public String user() {
    return user;
  }

  /** The last journal seq whose changes this index holds. */
  public long appliedSeq() throws SQLException {
    return Long.parseLong(meta("applied_seq"));
  }

  public void setAppliedSeq(long seq) throws SQLException {
    setMeta("applied_seq", Long.toString(seq));
  }

  /** Records the highest UIDVALIDITY ever used (a snapshot from the primary carries it). */
  public void setLastUidValidity(long uidValidity) throws SQLException {
    setMeta("last_uidvalidity", Long.toString(uidValidity));
  }

  /** The highest UIDVALIDITY this user has ever had; a new mailbox gets a higher one. */
  public long lastUidValidity() throws SQLException {
    return Long.parseLong(meta("last_uidvalidity"));
  }

  public Optional<MailboxRow> mailbox(String name) throws SQLException {
    PreparedStatement q = statement(
        "SELECT id, name, uidvalidity, uidnext, highestmodseq, special_use FROM mailbox"
            + " WHERE name = ?");
    q.setString(1, name);
    try (ResultSet rs = q.executeQuery()) {
      return rs.next() ? Optional.of(mailboxRow(rs)) : Optional.empty();
    }
  }

  public List<MailboxRow> mailboxes() throws SQLException {
    List<MailboxRow> rows = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, name, uidvalidity, uidnext, highestmodseq,"
            + " special_use FROM mailbox ORDER BY name")) {
      while (rs.next()) {
        rows.add(mailboxRow(rs));
      }
    }
    return rows;
  }

  /** The mailbox with this id, whatever its name is now (a rename keeps the id). */
  public Optional<MailboxRow> mailboxById(long id) throws SQLException {
    PreparedStatement q = statement(
        "SELECT id, name, uidvalidity, uidnext, highestmodseq, special_use FROM mailbox"
            + " WHERE id = ?");
    q.setLong(1, id);
    try (ResultSet rs = q.executeQuery()) {
      return rs.next() ? Optional.of(mailboxRow(rs)) : Optional.empty();
    }
  }

  /** The UIDs of a mailbox in ascending order (an IMAP session's sequence numbers). */
  public long[] uids(long mailboxId) throws SQLException {
    return longQuery("SELECT uid FROM message WHERE mailbox_id = ? ORDER BY uid", mailboxId);
  }

  /**
   * At most {@code limit} messages of a mailbox whose UID is within [low, high], in UID order:
   * a caller walks a large mailbox a chunk at a time rather than holding every row.
   */
  public List<MessageRow> messagesBetween(long mailboxId, long low, long high, int limit)
      throws SQLException {
    return messageQuery("SELECT uid, modseq, flags, internal_date, size, sha256, file FROM message"
        + " WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid LIMIT ?", mailboxId, low,
        high, limit);
  }

  /**
   * As {@link #messagesBetween}, but reading only UID, MODSEQ and flags (FETCH FLAGS, SEARCH
   * UNSEEN): the other columns of the rows are 0 and null. A row is read column by column
   * through the driver, so leaving out the file name and hash halves the cost of a large FETCH.
   */
  public List<MessageRow> statesBetween(long mailboxId, long low, long high, int limit)
      throws SQLException {
    PreparedStatement q = statement("SELECT uid, modseq, flags FROM message"
        + " WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid LIMIT ?");
    q.setLong(1, mailboxId);
    q.setLong(2, low);
    q.setLong(3, high);
    q.setInt(4, limit);
    List<MessageRow> rows = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        rows.add(new MessageRow(rs.getLong(1), rs.getLong(2), flagList(rs.getString(3)), 0, 0,
            null, null));
      }
    }
    return rows;
  }

  /** The UIDs of a mailbox above {@code uid}, ascending (what was delivered since). */
  public long[] uidsAbove(long mailboxId, long uid) throws SQLException {
    return longQuery("SELECT uid FROM message WHERE mailbox_id = ? AND uid > ? ORDER BY uid",
        mailboxId, uid);
  }

  /** Messages of a mailbox changed (or added) after {@code modseq}, in UID order. */
  public List<MessageRow> changedSince(long mailboxId, long modseq) throws SQLException {
    return messageQuery("SELECT uid, modseq, flags, internal_date, size, sha256, file FROM message"
        + " WHERE mailbox_id = ? AND modseq > ? ORDER BY uid", mailboxId, modseq);
  }

  /** UIDs of a mailbox expunged after {@code modseq}, ascending (QRESYNC's VANISHED). */
  public long[] expungedSince(long mailboxId, long modseq) throws SQLException {
    return longQuery("SELECT uid FROM expunged WHERE mailbox_id = ? AND modseq > ? ORDER BY uid",
        mailboxId, modseq);
  }

  /** The first column of a query's rows, as longs. */
  private long[] longQuery(String sql, Object... args) throws SQLException {
    PreparedStatement q = statement(sql);
    for (int i = 0; i < args.length; i++) {
      q.setObject(i + 1, args[i]);
    }
    LongList values = new LongList();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        values.add(rs.getLong(1));
      }
    }
    return values.toArray();
  }

  /** How many messages of a mailbox lack \Seen (STATUS UNSEEN); the unseen index answers. */
  public long countUnseen(long mailboxId) throws SQLException {
    return singleLong("SELECT count(*) FROM " + unseenTable() + " WHERE mailbox_id = ? AND "
        + IndexSchema.UNSEEN, mailboxId);
  }

  /** The first column of a query's first row as a long; 0 when there is none (or NULL). */
  private long singleLong(String sql, Object... args) throws SQLException {
    long[] values = longQuery(sql, args);
    return values.length == 0 ? 0 : values[0];
  }

  /** The lowest UID of a mailbox without \Seen (SELECT's UNSEEN), or 0; the unseen index. */
  public long firstUnseenUid(long mailboxId) throws SQLException {
    return singleLong("SELECT min(uid) FROM " + unseenTable() + " WHERE mailbox_id = ? AND "
        + IndexSchema.UNSEEN, mailboxId);
  }

  /**
   * The message table named with its unseen index: without statistics (no ANALYZE is run)
   * SQLite's planner prefers the primary key and reads every row. An index made before the
   * unseen index and not yet opened for writing lacks it; it is then read the slow way.
   */
  private String unseenTable() throws SQLException {
    if (unseenIndexed == null) {
      unseenIndexed = singleLong("SELECT count(*) FROM sqlite_master WHERE type = 'index'"
          + " AND name = 'message_unseen'") > 0;
    }
    return unseenIndexed ? "message INDEXED BY message_unseen" : "message";
  }

  /** How many messages a mailbox holds. */
  public long count(long mailboxId) throws SQLException {
    return singleLong("SELECT count(*) FROM message WHERE mailbox_id = ?", mailboxId);
  }

  /**
   * Ends the read transaction of an index opened with {@link #openReadOnly}: the next read sees
   * what the writer has committed since.
   */
  public void refreshSnapshot() throws SQLException {
    connection.rollback();
  }

  public void insertMailbox(String name, long uidValidity, String specialUse) throws SQLException {
    update("INSERT INTO mailbox(name, uidvalidity, uidnext, highestmodseq, special_use)"
        + " VALUES(?, ?, 1, 1, ?)", name, uidValidity, specialUse);
    if (uidValidity > lastUidValidity()) {
      setMeta("last_uidvalidity", Long.toString(uidValidity));
    }
  }

  public void setCounters(long mailboxId, long uidNext, long highestModseq) throws SQLException {
    update("UPDATE mailbox SET uidnext = max(uidnext, ?), highestmodseq = max(highestmodseq, ?)"
        + " WHERE id = ?", uidNext, highestModseq, mailboxId);
  }

  /** Renames a mailbox and every mailbox below it in the hierarchy. */
  public void renameMailbox(String from, String to) throws SQLException {
    // substr/length count characters the way SQLite does (not Java's UTF-16 units), and the
    // prefix test is exact: LIKE would ignore ASCII case.
    update("UPDATE mailbox SET name = ?1 || substr(name, length(?2) + 1)"
        + " WHERE name = ?2 OR substr(name, 1, length(?2) + 1) = ?2 || '.'", to, from);
  }

  public void deleteMailbox(long mailboxId) throws SQLException {
    update("DELETE FROM mailbox WHERE id = ?", mailboxId);
  }

  public Optional<MessageRow> message(long mailboxId, long uid) throws SQLException {
    PreparedStatement q = statement(
        "SELECT uid, modseq, flags, internal_date, size, sha256, file FROM message"
            + " WHERE mailbox_id = ? AND uid = ?");
    q.setLong(1, mailboxId);
    q.setLong(2, uid);
    try (ResultSet rs = q.executeQuery()) {
      return rs.next() ? Optional.of(messageRow(rs)) : Optional.empty();
    }
  }

  /** All messages of a mailbox in UID order. */
  public List<MessageRow> messages(long mailboxId) throws SQLException {
    return messageQuery("SELECT uid, modseq, flags, internal_date, size, sha256, file FROM message"
        + " WHERE mailbox_id = ? ORDER BY uid", mailboxId);
  }

  private List<MessageRow> messageQuery(String sql, Object... args) throws SQLException {
    PreparedStatement q = statement(sql);
    for (int i = 0; i < args.length; i++) {
      q.setObject(i + 1, args[i]);
    }
    List<MessageRow> rows = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        rows.add(messageRow(rs));
      }
    }
    return rows;
  }

  public void insertMessage(long mailboxId, MessageRow row) throws SQLException {
    update("INSERT INTO message(mailbox_id, uid, modseq, flags, internal_date, size, sha256, file)"
        + " VALUES(?, ?, ?, ?, ?, ?, ?, ?)", mailboxId, row.uid(), row.modseq(),
        String.join(" ", row.flags()), row.internalDateMillis(), row.size(), row.sha256(),
        row.file());
  }

  public void updateFlags(long mailboxId, long uid, long modseq, List<String> flags, String file)
      throws SQLException {
    update("UPDATE message SET modseq = ?, flags = ?, file = ? WHERE mailbox_id = ? AND uid = ?",
        modseq, String.join(" ", flags), file, mailboxId, uid);
  }

  /** Removes a message and leaves a tombstone with the MODSEQ of its expunge. */
  public void expungeMessage(long mailboxId, long uid, long modseq, String base)
      throws SQLException {
    update("DELETE FROM message WHERE mailbox_id = ? AND uid = ?", mailboxId, uid);
    update("INSERT OR REPLACE INTO expunged(mailbox_id, uid, modseq, base) VALUES(?, ?, ?, ?)",
        mailboxId, uid, modseq, base);
  }

  /** An expunged message's tombstone: its UID, the MODSEQ of the expunge, its base name. */
  public record Tombstone(long uid, long modseq, String base) {}

  /** The tombstones of a mailbox in UID order. */
  public List<Tombstone> tombstones(long mailboxId) throws SQLException {
    List<Tombstone> rows = new ArrayList<>();
    try (PreparedStatement q = connection.prepareStatement(
        "SELECT uid, modseq, base FROM expunged WHERE mailbox_id = ? ORDER BY uid")) {
      q.setLong(1, mailboxId);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.add(new Tombstone(rs.getLong(1), rs.getLong(2), rs.getString(3)));
        }
      }
    }
    return rows;
  }

  public void setSubscribed(String mailbox, boolean subscribed) throws SQLException {
    update(subscribed ? "INSERT OR IGNORE INTO subscription VALUES(?)"
        : "DELETE FROM subscription WHERE name = ?", mailbox);
  }

  public List<String> subscriptions() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM subscription ORDER BY name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /** How many messages the user has in all mailboxes. */
  public long messageCount() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM message")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  public void savepoint() throws SQLException {
    execute("SAVEPOINT op");
  }

  public void releaseSavepoint() throws SQLException {
    execute("RELEASE SAVEPOINT op");
  }

  public void rollbackToSavepoint() throws SQLException {
    execute("ROLLBACK TO SAVEPOINT op");
    execute("RELEASE SAVEPOINT op");
  }

  public void commit() throws SQLException {
    connection.commit();
  }

  public void rollback() throws SQLException {
    connection.rollback();
  }

  /** Makes every committed change durable: the WAL is synced and copied into the database. */
  public void checkpoint() throws SQLException {
    connection.commit();
    connection.setAutoCommit(true);
    try {
      execute("PRAGMA wal_checkpoint(PASSIVE)");
    } finally {
      connection.setAutoCommit(false);
    }
  }

  /** Runs SQLite's own consistency check; returns its complaints, empty when sound. */
  public List<String> integrityCheck() throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      while (rs.next()) {
        if (!"ok".equals(rs.getString(1))) {
          problems.add(rs.getString(1));
        }
      }
    }
    return problems;
  }

  @Override
  public void close() throws SQLException {
    try {
      for (PreparedStatement statement : statements.values()) {
        statement.close();
      }
      connection.rollback();
    } finally {
      connection.close();
    }
  }

  private String meta(String key) throws SQLException {
    PreparedStatement q = statement("SELECT value FROM meta WHERE key = ?");
    q.setString(1, key);
    try (ResultSet rs = q.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("index of " + user + " has no '" + key + "' (damaged index)");
      }
      return rs.getString(1);
    }
  }

  private void setMeta(String key, String value) throws SQLException {
    update("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", key, value);
  }

  /** A prepared statement kept for the life of the connection: the hot path runs the same few. */
  private PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  private int update(String sql, Object... args) throws SQLException {
    PreparedStatement statement = statement(sql);
    for (int i = 0; i < args.length; i++) {
      statement.setObject(i + 1, args[i]);
    }
    return statement.executeUpdate();
  }

  private static MailboxRow mailboxRow(ResultSet rs) throws SQLException {
    return new MailboxRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
        rs.getLong(5), rs.getString(6));
  }

  private static MessageRow messageRow(ResultSet rs) throws SQLException {
    return new MessageRow(rs.getLong(1), rs.getLong(2), flagList(rs.getString(3)), rs.getLong(4),
        rs.getLong(5), rs.getString(6), rs.getString(7));
  }

  private static List<String> flagList(String flags) {
    return flags.isEmpty() ? List.of() : List.of(flags.split(" "));
  }

  /** A growable list of longs, so that 100,000 UIDs are 800 KB rather than boxed objects. */
  private static final class LongList {
    private long[] values = new long[64];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
