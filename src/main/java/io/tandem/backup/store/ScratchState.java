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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Retention's working sets out of the heap (ADR 0021): a replayed state (place to object), the
 * live objects and the purge candidates, in a throw-away SQLite file. At a million messages these
 * sets are hundreds of MiB as Java objects, more than the service's whole heap; here they cost a
 * file of about 100 MiB and SQLite's small page cache. A disaster restore replays its run's state
 * into one too, whole entries (flags, internal date, size), and reads it back user by user
 * ({@link #replay}). Nothing is forced (the file is deleted at close, and a crash leaves only a
 * {@code retention-*.db} or {@code restore-*.db} that the next job's {@link #cleanTemporaries}
 * removes). Not thread-safe.
 */
public final class ScratchState implements AutoCloseable {
  private static final String PREFIX = "retention-";
  private static final String RESTORE_PREFIX = "restore-";

  private final Path file;
  /** Whether the state keeps whole entries (a restore) or only their objects (retention). */
  private final boolean entries;
  private final Connection db;
  private final PreparedStatement put;
  private final PreparedStatement remove;
  private final PreparedStatement holds;
  private final PreparedStatement live;
  private final PreparedStatement candidate;

  private ScratchState(Path file, Connection db, boolean entries) throws SQLException {
    this.file = file;
    this.db = db;
    this.entries = entries;
    put = db.prepareStatement("INSERT OR REPLACE INTO state(user, mailbox, uid, sha, flags,"
        + " idate, size) VALUES(?, ?, ?, ?, ?, ?, ?)");
    remove = db.prepareStatement("DELETE FROM state WHERE user = ? AND mailbox = ? AND uid = ?");
    holds = db.prepareStatement(
        "SELECT 1 FROM state WHERE user = ? AND mailbox = ? AND uid = ? AND sha = ?");
    live = db.prepareStatement("INSERT OR IGNORE INTO live(sha) VALUES(?)");
    candidate = db.prepareStatement("INSERT OR IGNORE INTO cand(sha) VALUES(?)");
  }

  /** A new scratch file in {@code dir} (created when missing). */
  static ScratchState open(Path dir) throws IOException {
    return open(dir, false);
  }

  private static ScratchState open(Path dir, boolean entries) throws IOException {
    Files.createDirectories(dir);
    Path file = Files.createTempFile(dir, entries ? RESTORE_PREFIX : PREFIX, ".db");
    try {
      Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=OFF");
        s.execute("PRAGMA synchronous=OFF");
        s.execute("PRAGMA cache_size=-8192");
        s.execute("CREATE TABLE state(user TEXT NOT NULL, mailbox TEXT NOT NULL,"
            + " uid INTEGER NOT NULL, sha TEXT NOT NULL, flags TEXT, idate INTEGER,"
            + " size INTEGER, PRIMARY KEY(user, mailbox, uid))"
            + " WITHOUT ROWID");
        s.execute("CREATE TABLE live(sha TEXT PRIMARY KEY) WITHOUT ROWID");
        s.execute("CREATE TABLE cand(sha TEXT PRIMARY KEY) WITHOUT ROWID");
      }
      db.setAutoCommit(false);
      return new ScratchState(file, db, entries);
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
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith(PREFIX)
          || f.getFileName().toString().startsWith(RESTORE_PREFIX)).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  /**
   * The state as of run {@code runId}: its chain replayed from its files, streaming, into a new
   * scratch file in {@code dir} that keeps whole entries, for a disaster restore to read user by
   * user ({@link #mailboxes}, {@link #forEachIn}). The caller closes it (the file goes).
   *
   * @throws IllegalArgumentException when the runs are not a chain
   */
  public static ScratchState replay(Manifests manifests, String runId, Path dir)
      throws IOException {
    ScratchState state = open(dir, true);
    try {
      Optional<String> last = Optional.empty();
      for (RunInfo link : manifests.chainInfo(runId)) {
        if (!(last.isEmpty() ? link.isFull() : link.parent().equals(last))) {
          throw new IllegalArgumentException("not a chain at run " + link.runId());
        }
        manifests.changes(link.runId(), state::apply);
        last = Optional.of(link.runId());
      }
      return state;
    } catch (IOException | RuntimeException e) {
      state.close();
      throw e;
    }
  }

  /** The mailboxes of {@code user} that hold messages in the replayed state, sorted. */
  public List<String> mailboxes(String user) throws IOException {
    try (PreparedStatement q = db.prepareStatement(
        "SELECT DISTINCT mailbox FROM state WHERE user = ?")) {
      q.setString(1, user);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      // Sorted as Java sorts (the restore's order), not as SQLite does.
      out.sort(null);
      return out;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Told each message of a mailbox. */
  @FunctionalInterface
  public interface EntrySink {
    void accept(MessageEntry entry) throws IOException, InterruptedException;
  }

  /**
   * Tells {@code sink} of every message of {@code user}'s {@code mailbox} in the replayed state
   * (of {@link #replay}), by UID, one at a time.
   */
  public void forEachIn(String user, String mailbox, EntrySink sink)
      throws IOException, InterruptedException {
    try (PreparedStatement q = db.prepareStatement("SELECT uid, sha, flags, idate, size"
        + " FROM state WHERE user = ? AND mailbox = ? ORDER BY uid")) {
      q.setString(1, user);
      q.setString(2, mailbox);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String flags = rs.getString(3);
          sink.accept(new MessageEntry(user, mailbox, rs.getLong(1),
              flags.isEmpty() ? List.of() : List.of(flags.split(" ")), rs.getLong(4),
              rs.getLong(5), rs.getString(2)));
        }
      }
    } catch (SQLException e) {
      throw failed(e);
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
        MessageEntry entry = p.entry();
        bindKey(put, entry.key());
        put.setString(4, entry.sha256());
        if (entries) {
          // Flags hold no spaces (MessageEntry).
          put.setString(5, String.join(" ", entry.flags()));
          put.setLong(6, entry.internalDateMs());
          put.setLong(7, entry.size());
        } else {
          put.setNull(5, java.sql.Types.VARCHAR);
          put.setNull(6, java.sql.Types.INTEGER);
          put.setNull(7, java.sql.Types.INTEGER);
        }
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
    return new IOException("the backup's scratch database failed: " + e.getMessage()
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
