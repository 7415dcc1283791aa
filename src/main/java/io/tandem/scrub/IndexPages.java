package io.tandem.scrub;

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

/**
 * Reads one user's messages from the index a page at a time, in (mailbox, UID) order, each page
 * in a short read-only query of its own: a scrub takes hours and must never hold an index
 * snapshot (and so the writer's WAL) that long. Messages added or removed meanwhile are seen or
 * not, as they happen; the scrub checks each one again before calling it bad.
 */
final class IndexPages implements AutoCloseable {
  static final int PAGE = 500;

  /** One message to check: where the index says its file is, and its hash. */
  record Row(long mailboxId, String mailbox, long uid, String sha256, String file) {}

  private final Connection connection;
  private long afterMailbox = -1;
  private long afterUid = -1;

  private IndexPages(Connection connection) {
    this.connection = connection;
  }

  /** Opens the index at {@code file}; empty pages when it does not exist. */
  static IndexPages open(Path file) throws SQLException {
    if (!Files.exists(file)) {
      return new IndexPages(null);
    }
    Connection connection = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA busy_timeout=10000");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return new IndexPages(connection);
  }

  /** The next page of rows; empty at the end. */
  List<Row> next() throws SQLException {
    List<Row> rows = new ArrayList<>();
    if (connection == null) {
      return rows;
    }
    try (PreparedStatement q = connection.prepareStatement("SELECT m.mailbox_id, b.name,"
        + " m.uid, m.sha256, m.file FROM message m JOIN mailbox b ON b.id = m.mailbox_id"
        + " WHERE (m.mailbox_id, m.uid) > (?, ?) ORDER BY m.mailbox_id, m.uid LIMIT ?")) {
      q.setLong(1, afterMailbox);
      q.setLong(2, afterUid);
      q.setInt(3, PAGE);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
              rs.getString(5)));
        }
      }
    }
    if (!rows.isEmpty()) {
      Row last = rows.get(rows.size() - 1);
      afterMailbox = last.mailboxId();
      afterUid = last.uid();
    }
    return rows;
  }

  @Override
  public void close() throws SQLException {
    if (connection != null) {
      connection.close();
    }
  }
}
