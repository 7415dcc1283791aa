package io.tandem.store.index;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Counts messages across all users for the status, reading each user's index through its own
 * read-only connection (WAL lets it run beside the writer). The result is cached, since with
 * 10,000 users a count opens 10,000 databases. Thread-safe.
 */
public final class MessageCounter {
  private static final long CACHE_NANOS = 30_000_000_000L;

  private final IndexPool pool;
  private long countedAt = Long.MIN_VALUE;
  private long count;

  public MessageCounter(IndexPool pool) {
    this.pool = pool;
  }

  /** The number of messages in all users' mailboxes, at most 30 s old; -1 when unreadable. */
  public synchronized long count(List<String> users) {
    long now = System.nanoTime();
    if (countedAt != Long.MIN_VALUE && now - countedAt < CACHE_NANOS) {
      return count;
    }
    long total = 0;
    for (String user : users) {
      Path file = pool.file(user);
      if (!Files.exists(file)) {
        continue;
      }
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM message")) {
        total += rs.next() ? rs.getLong(1) : 0;
      } catch (SQLException e) {
        return -1;
      }
    }
    count = total;
    countedAt = now;
    return total;
  }
}
