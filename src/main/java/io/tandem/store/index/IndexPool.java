package io.tandem.store.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's open per-user indexes, least recently used closed first so that 10,000 users do
 * not hold 10,000 SQLite connections. Not thread-safe: owned by the committer thread, which only
 * evicts between batches (never with a transaction open).
 */
public final class IndexPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IndexPool.class);

  private final Path dir;
  private final int capacity;
  private final LinkedHashMap<String, UserIndex> open = new LinkedHashMap<>(16, 0.75f, true);

  public IndexPool(Path dir, int capacity) throws IOException {
    this.dir = dir;
    this.capacity = capacity;
    Files.createDirectories(dir);
  }

  /** The index file of a user; the name must be a valid user name (it becomes a file name). */
  public Path file(String user) {
    if (!io.tandem.store.Names.isValidUser(user)) {
      throw new IllegalArgumentException("not a user name: '" + user + "'");
    }
    return dir.resolve(user + ".db");
  }

  /** The files SQLite keeps for a user's index (database, WAL, shared memory). */
  public List<Path> files(String user) {
    Path db = file(user);
    return List.of(db, dir.resolve(user + ".db-wal"), dir.resolve(user + ".db-shm"));
  }

  public boolean exists(String user) {
    return open.containsKey(user)
        || (io.tandem.store.Names.isValidUser(user) && Files.exists(file(user)));
  }

  /** The user's index if it exists on disk, opened if needed. */
  public Optional<UserIndex> find(String user) throws SQLException {
    return exists(user) ? Optional.of(get(user)) : Optional.empty();
  }

  /** The user's index, created when it does not exist yet. */
  public UserIndex get(String user) throws SQLException {
    UserIndex index = open.get(user);
    if (index == null) {
      index = UserIndex.open(file(user), user);
      open.put(user, index);
    }
    return index;
  }

  /** Closes a user's index (before its files are deleted). */
  public void close(String user) throws SQLException {
    UserIndex index = open.remove(user);
    if (index != null) {
      index.close();
    }
  }

  /** Closes the least recently used indexes beyond capacity. Call only between transactions. */
  public void trim() {
    while (open.size() > capacity) {
      Map.Entry<String, UserIndex> eldest = open.entrySet().iterator().next();
      open.remove(eldest.getKey());
      try {
        eldest.getValue().close();
      } catch (SQLException e) {
        LOG.warn("Closing the index of {} failed: {}", eldest.getKey(), e.getMessage());
      }
    }
  }

  /** The indexes currently open. */
  public List<UserIndex> openIndexes() {
    return new ArrayList<>(open.values());
  }

  @Override
  public void close() {
    for (String user : new ArrayList<>(open.keySet())) {
      try {
        close(user);
      } catch (SQLException e) {
        LOG.warn("Closing the index of {} failed: {}", user, e.getMessage());
      }
    }
  }
}
