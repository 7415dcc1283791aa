package io.tandem.backup.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Retention's working sets out of the heap (ADR 0021): a replayed state (place to object), the
 * live objects and the purge candidates, in a throw-away SQLite file. At a million messages these
 * sets are hundreds of MiB as Java objects, more than the service's whole heap; here they cost a
 * file of about 100 MiB and SQLite's small page cache. Nothing is forced (the file is deleted at
 * close, and a crash leaves only a {@code retention-*.db} that the next run's
 * {@link #cleanTemporaries} removes). Not thread-safe.
 */
final class ScratchState implements AutoCloseable {
  private static final String PREFIX = "retention-";

  private final Path file;
  private final Connection db;
  private final PreparedStatement put;
  private final PreparedStatement remove;
  private final PreparedStatement holds;
  private final PreparedStatement live;
  private final PreparedStatement candidate;

  private ScratchState(Path file, Connection db) throws SQLException {
    this.file = file;
    this.db = db;
    put = db.prepareStatement(
        "INSERT OR REPLACE INTO state(user, mailbox, uid, sha) VALUES(?, ?, ?, ?)");
    remove = db.prepareStatement("DELETE FROM state WHERE user = ? AND mailbox = ? AND uid = ?");
    holds = db.prepareStatement(
        "SELECT 1 FROM state WHERE user = ? AND mailbox = ? AND uid = ? AND sha = ?");
    live = db.prepareStatement("INSERT OR IGNORE INTO live(sha) VALUES(?)");
    candidate = db.prepareStatement("INSERT OR IGNORE INTO cand(sha) VALUES(?)");
  }

  /** A new scratch file in {@code dir} (created when missing). */
  static ScratchState open(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = Files.createTempFile(dir, PREFIX, ".db");
    try {
      Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=OFF");
        s.execute("PRAGMA synchronous=OFF");
        s.execute("PRAGMA cache_size=-8192");
        s.execute("CREATE TABLE state(user TEXT NOT NULL, mailbox TEXT NOT NULL,"
            + " uid INTEGER NOT NULL, sha TEXT NOT NULL, PRIMARY KEY(user, mailbox, uid))"
            + " WITHOUT ROWID");
        s.execute("CREATE TABLE live(sha TEXT PRIMARY KEY) WITHOUT ROWID");
        s.execute("CREATE TABLE cand(sha TEXT PRIMARY KEY) WITHOUT ROWID");
      }
      db.setAutoCommit(false);
      return new ScratchState(file, db);
    } catch (SQLException e) {
      Files.deleteIfExists(file);
      throw failed(e);
    }
  }

  /** Removes the scratch files a killed process left in {@code dir}. */
  static void cleanTemporaries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith(PREFIX)).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  /** Empties the replayed state (a new chain starts). */
  void clearState() throws IOException {
    try (Statement s = db.createStatement()) {
      s.execute("DELETE FROM state");
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Applies one change to the replayed state. */
  void apply(Manifest.Change change) throws IOException {
    try {
      if (change instanceof Manifest.Change.Put p) {
        bindKey(put, p.entry().key());
        put.setString(4, p.entry().sha256());
        put.executeUpdate();
      } else {
        bindKey(remove, ((Manifest.Change.Remove) change).deletion().entry().key());
        remove.executeUpdate();
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Whether the replayed state holds {@code entry}'s body at its place. */
  boolean holds(MessageEntry entry) throws IOException {
    try {
      bindKey(holds, entry.key());
      holds.setString(4, entry.sha256());
      try (ResultSet rs = holds.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Told each message of the replayed state. */
  @FunctionalInterface
  interface StateSink {
    void accept(MessageEntry.Key key, String sha256) throws IOException;
  }

  /** Tells {@code sink} of every message of the replayed state. */
  void forEachInState(StateSink sink) throws IOException {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT user, mailbox, uid, sha FROM state")) {
      while (rs.next()) {
        sink.accept(new MessageEntry.Key(rs.getString(1), rs.getString(2), rs.getLong(3)),
            rs.getString(4));
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Marks an object live; true the first time. */
  boolean markLive(String sha256) throws IOException {
    return insert(live, sha256);
  }

  /** Notes an object some run lists and that may be purged unless live. */
  void candidate(String sha256) throws IOException {
    insert(candidate, sha256);
  }

  /** Told each object to purge. */
  @FunctionalInterface
  interface ShaSink {
    void accept(String sha256) throws IOException;
  }

  /** Tells {@code sink} of the candidates that are not live, sorted. */
  void forEachPurgeable(ShaSink sink) throws IOException {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT sha FROM cand"
        + " WHERE NOT EXISTS (SELECT 1 FROM live WHERE live.sha = cand.sha) ORDER BY sha")) {
      while (rs.next()) {
        sink.accept(rs.getString(1));
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  private static boolean insert(PreparedStatement q, String sha256) throws IOException {
    try {
      q.setString(1, sha256);
      return q.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  private static void bindKey(PreparedStatement q, MessageEntry.Key key) throws SQLException {
    q.setString(1, key.user());
    q.setString(2, key.mailbox());
    q.setLong(3, key.uid());
  }

  private static IOException failed(SQLException e) {
    return new IOException("backup retention's scratch database failed: " + e.getMessage()
        + " (it lives beside the backup catalog; is that disk full?)", e);
  }

  @Override
  public void close() throws IOException {
    try {
      db.close();
    } catch (SQLException e) {
      // Throw-away: the file goes either way.
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
