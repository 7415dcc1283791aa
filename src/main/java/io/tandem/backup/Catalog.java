package io.tandem.backup;

import io.tandem.backup.store.Manifest;
import io.tandem.backup.store.Manifests;
import io.tandem.backup.store.MessageEntry;
import io.tandem.backup.store.RunInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * This appliance's copy of the state its last backup run recorded ({@code
 * <store.state>/backup/catalog.db}, SQLite): every message of that run by (user, mailbox, uid),
 * the run's id and journal position, and the messages the run could not back up (to try again).
 * An incremental run compares what the journal says changed with it, so it reads from the
 * target and the store only what changed; it is never the backup itself: a missing or stale
 * catalog only makes the next run a full one. Used by the one thread that runs backups.
 */
final class Catalog implements StateView, AutoCloseable {
  private final Connection db;

  private Catalog(Connection db) {
    this.db = db;
  }

  /** Opens (creating) the catalog at {@code file}. */
  static Catalog open(Path file) throws IOException {
    try {
      Files.createDirectories(file.getParent());
      Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS entry(user TEXT NOT NULL, mailbox TEXT NOT NULL,"
            + " uid INTEGER NOT NULL, flags TEXT NOT NULL, idate INTEGER NOT NULL,"
            + " size INTEGER NOT NULL, sha TEXT NOT NULL, PRIMARY KEY(user, mailbox, uid))"
            + " WITHOUT ROWID");
        s.execute("CREATE TABLE IF NOT EXISTS pending(user TEXT NOT NULL, mailbox TEXT NOT NULL,"
            + " uid INTEGER NOT NULL, PRIMARY KEY(user, mailbox, uid)) WITHOUT ROWID");
      }
      db.setAutoCommit(false);
      return new Catalog(db);
    } catch (SQLException e) {
      throw new IOException("cannot open the backup catalog " + file + ": " + e.getMessage()
          + " (removing it makes the next backup run a full one)", e);
    }
  }

  /**
   * The run the catalog holds.
   *
   * @param runId the run
   * @param uptoSeq the journal position it covers
   * @param time when it was taken
   * @param accounts its accounts snapshot object, or null
   * @param baseTime the time of the full run its chain starts with
   */
  record Position(String runId, long uptoSeq, Instant time, String accounts, Instant baseTime) {}

  /** The run the catalog reflects; empty when it was never filled (or reset). */
  Optional<Position> position() throws IOException {
    String run = meta("run");
    if (run == null) {
      return Optional.empty();
    }
    String accounts = meta("accounts");
    return Optional.of(new Position(run, Long.parseLong(meta("upto")),
        Instant.parse(meta("time")), accounts == null || accounts.isEmpty() ? null : accounts,
        Instant.parse(meta("base_time"))));
  }

  /** The message at {@code key} as of the catalog's run. */
  @Override
  public Optional<MessageEntry> get(MessageEntry.Key key) throws IOException {
    List<MessageEntry> found = query("SELECT user, mailbox, uid, flags, idate, size, sha FROM entry"
        + " WHERE user = ? AND mailbox = ? AND uid = ?", key.user(), key.mailbox(), key.uid());
    return found.stream().findFirst();
  }

  /** The messages of {@code mailbox} and, with {@code children}, of the mailboxes below it. */
  @Override
  public List<MessageEntry> inMailbox(String user, String mailbox, boolean children)
      throws IOException {
    String select = "SELECT user, mailbox, uid, flags, idate, size, sha FROM entry WHERE user = ?"
        + " AND (mailbox = ?";
    return children
        ? query(select + " OR substr(mailbox, 1, length(?) + 1) = ? || '.')", user, mailbox,
            mailbox, mailbox)
        : query(select + ")", user, mailbox);
  }

  /** Every message of {@code user}. */
  @Override
  public List<MessageEntry> ofUser(String user) throws IOException {
    return query("SELECT user, mailbox, uid, flags, idate, size, sha FROM entry WHERE user = ?",
        user);
  }

  /** The users the catalog holds messages of. */
  List<String> users() throws IOException {
    List<String> users = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT user FROM entry ORDER BY user")) {
      while (rs.next()) {
        users.add(rs.getString(1));
      }
      return users;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** The messages the last run could not back up (a corrupt or vanished file). */
  List<MessageEntry.Key> pending() throws IOException {
    List<MessageEntry.Key> keys = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT user, mailbox, uid FROM pending")) {
      while (rs.next()) {
        keys.add(new MessageEntry.Key(rs.getString(1), rs.getString(2), rs.getLong(3)));
      }
      return keys;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /**
   * Takes in a run written to the target: its changes applied (a full run replaces everything),
   * its position, and the messages still to back up, in one transaction. The changes are read
   * back from the run's manifest, streaming: a full run's million lines never sit in the heap
   * (ADR 0021), and a manifest that does not read whole leaves the catalog as it was.
   */
  void commit(Manifests manifests, RunInfo run, Collection<MessageEntry.Key> stillPending)
      throws IOException {
    try {
      try (Statement s = db.createStatement()) {
        if (run.isFull()) {
          s.execute("DELETE FROM entry");
        }
        s.execute("DELETE FROM pending");
      }
      try (PreparedStatement put = db.prepareStatement("INSERT OR REPLACE INTO entry(user,"
              + " mailbox, uid, flags, idate, size, sha) VALUES(?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement del = db.prepareStatement(
              "DELETE FROM entry WHERE user = ? AND mailbox = ? AND uid = ?");
          PreparedStatement pend = db.prepareStatement(
              "INSERT OR IGNORE INTO pending(user, mailbox, uid) VALUES(?, ?, ?)")) {
        manifests.changes(run.runId(), change -> {
          try {
            if (change instanceof Manifest.Change.Put p) {
              MessageEntry e = p.entry();
              bind(put, e.user(), e.mailbox(), e.uid(), String.join(" ", e.flags()),
                  e.internalDateMs(), e.size(), e.sha256());
              put.executeUpdate();
            } else {
              MessageEntry e = ((Manifest.Change.Remove) change).deletion().entry();
              bind(del, e.user(), e.mailbox(), e.uid());
              del.executeUpdate();
            }
          } catch (SQLException e) {
            throw failed(e);
          }
        });
        for (MessageEntry.Key key : stillPending) {
          bind(pend, key.user(), key.mailbox(), key.uid());
          pend.executeUpdate();
        }
      }
      setMeta("run", run.runId());
      setMeta("upto", Long.toString(run.uptoSeq()));
      setMeta("time", run.time().toString());
      setMeta("accounts", run.accounts().orElse(""));
      if (run.isFull()) {
        setMeta("base_time", run.time().toString());
      }
      db.commit();
    } catch (SQLException | IOException e) {
      rollback();
      throw e instanceof SQLException sql ? failed(sql) : (IOException) e;
    }
  }

  /** Forgets everything: the next run is a full one. */
  void reset() throws IOException {
    try (Statement s = db.createStatement()) {
      s.execute("DELETE FROM entry");
      s.execute("DELETE FROM pending");
      s.execute("DELETE FROM meta");
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw failed(e);
    }
  }

  private List<MessageEntry> query(String sql, Object... args) throws IOException {
    try (PreparedStatement q = db.prepareStatement(sql)) {
      bind(q, args);
      List<MessageEntry> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String flags = rs.getString(4);
          out.add(new MessageEntry(rs.getString(1), rs.getString(2), rs.getLong(3),
              flags.isEmpty() ? List.of() : Arrays.asList(flags.split(" ")), rs.getLong(5),
              rs.getLong(6), rs.getString(7)));
        }
      }
      db.commit();
      return out;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  private String meta(String key) throws IOException {
    try (PreparedStatement q = db.prepareStatement("SELECT v FROM meta WHERE k = ?")) {
      q.setString(1, key);
      try (ResultSet rs = q.executeQuery()) {
        String value = rs.next() ? rs.getString(1) : null;
        db.commit();
        return value;
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  private void setMeta(String key, String value) throws SQLException {
    try (PreparedStatement q = db.prepareStatement(
        "INSERT OR REPLACE INTO meta(k, v) VALUES(?, ?)")) {
      q.setString(1, key);
      q.setString(2, value);
      q.executeUpdate();
    }
  }

  private static void bind(PreparedStatement q, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      q.setObject(i + 1, args[i]);
    }
  }

  private void rollback() {
    try {
      db.rollback();
    } catch (SQLException ignored) {
      // The transaction is gone with the connection's error; nothing was committed.
    }
  }

  private static IOException failed(SQLException e) {
    return new IOException("the backup catalog failed: " + e.getMessage()
        + " (removing <store.state>/backup/catalog.db makes the next run a full one)", e);
  }

  @Override
  public void close() throws IOException {
    try {
      db.close();
    } catch (SQLException e) {
      throw failed(e);
    }
  }
}
