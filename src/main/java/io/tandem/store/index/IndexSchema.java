package io.tandem.store.index;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The per-user SQLite index schema. One database per user ({@code <store.state>/index/USER.db})
 * so that a user's mail and index can be moved between appliances on their own.
 *
 * <pre>
 * meta(key, value)                 schema_version, user, applied_seq, last_uidvalidity
 * mailbox(id, name, uidvalidity, uidnext, highestmodseq, special_use)
 * message(mailbox_id, uid, modseq, flags, internal_date, size, sha256, file)
 *                                  flags: space-separated IMAP flags; file: "new/BASE" or
 *                                  "cur/BASE:2,LETTERS" relative to the mailbox folder
 * expunged(mailbox_id, uid, modseq, base)   tombstones, for QRESYNC and for recovery
 * subscription(name)
 * </pre>
 *
 * {@code applied_seq} is written in the same transaction as the changes of that journal entry,
 * so the index always says exactly which entries it holds.
 */
final class IndexSchema {
  static final int VERSION = 1;

  /**
   * The condition "lacks \Seen", spelt exactly as in the partial index {@code message_unseen}:
   * SQLite uses a partial index only for a query whose WHERE has the same term, so the queries
   * take it from here (a bound parameter would not match).
   */
  static final String UNSEEN = "instr(' ' || flags || ' ', ' \\Seen ') = 0";

  private IndexSchema() {}

  static void configure(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      // The journal is the durability point; the index is replayable from it, so commits need not
      // fsync. Checkpoints make the index durable before the journal may be pruned.
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("PRAGMA foreign_keys=ON");
      s.execute("PRAGMA cache_size=-512");
      s.execute("PRAGMA busy_timeout=10000");
    }
  }

  static void create(Connection connection, String user) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS mailbox(id INTEGER PRIMARY KEY AUTOINCREMENT,"
          + " name TEXT NOT NULL UNIQUE, uidvalidity INTEGER NOT NULL, uidnext INTEGER NOT NULL,"
          + " highestmodseq INTEGER NOT NULL, special_use TEXT)");
      s.execute("CREATE TABLE IF NOT EXISTS message(mailbox_id INTEGER NOT NULL"
          + " REFERENCES mailbox(id) ON DELETE CASCADE, uid INTEGER NOT NULL,"
          + " modseq INTEGER NOT NULL, flags TEXT NOT NULL, internal_date INTEGER NOT NULL,"
          + " size INTEGER NOT NULL, sha256 TEXT NOT NULL, file TEXT NOT NULL,"
          + " PRIMARY KEY(mailbox_id, uid)) WITHOUT ROWID");
      s.execute("CREATE INDEX IF NOT EXISTS message_modseq ON message(mailbox_id, modseq)");
      // SELECT's first unseen message and STATUS UNSEEN without reading every row of a large
      // mailbox (most mail is seen: the index holds the few unseen). Created on the first open
      // of an index made before it, so older stores gain it without a migration step.
      s.execute("CREATE INDEX IF NOT EXISTS message_unseen ON message(mailbox_id, uid) WHERE "
          + UNSEEN);
      s.execute("CREATE TABLE IF NOT EXISTS expunged(mailbox_id INTEGER NOT NULL"
          + " REFERENCES mailbox(id) ON DELETE CASCADE, uid INTEGER NOT NULL,"
          + " modseq INTEGER NOT NULL, base TEXT NOT NULL, PRIMARY KEY(mailbox_id, uid))"
          + " WITHOUT ROWID");
      s.execute("CREATE TABLE IF NOT EXISTS subscription(name TEXT PRIMARY KEY)");
      s.execute("INSERT OR IGNORE INTO meta VALUES('schema_version', '" + VERSION + "')");
      s.execute("INSERT OR IGNORE INTO meta VALUES('applied_seq', '0')");
      s.execute("INSERT OR IGNORE INTO meta VALUES('last_uidvalidity', '0')");
    }
    try (var insert = connection.prepareStatement("INSERT OR IGNORE INTO meta VALUES('user', ?)")) {
      insert.setString(1, user);
      insert.executeUpdate();
    }
  }
}
