package io.tandem.store.write;

import io.tandem.util.Fsync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The forces a checkpoint needs: folders deliveries were renamed into, and the indexes whose
 * committed transactions are still only in their WAL. It runs on any thread, with connections
 * of its own (SQLite checkpoints a WAL from any connection, and syncs the WAL before it copies
 * it), so the committer can go on applying while it runs.
 *
 * @param dirs folders to force
 * @param indexes index files whose WAL must be made durable
 */
record DurabilityWork(Set<Path> dirs, List<Path> indexes) {
  DurabilityWork {
    dirs = Set.copyOf(dirs);
    indexes = List.copyOf(indexes);
  }

  /** This work and {@code other}, for a retry after a failed checkpoint. */
  DurabilityWork plus(DurabilityWork other) {
    Set<Path> allDirs = new LinkedHashSet<>(dirs);
    allDirs.addAll(other.dirs);
    Set<Path> allIndexes = new LinkedHashSet<>(indexes);
    allIndexes.addAll(other.indexes);
    return new DurabilityWork(allDirs, List.copyOf(allIndexes));
  }

  void run() throws IOException, SQLException {
    for (Path dir : dirs) {
      if (Files.isDirectory(dir)) {
        try {
          Fsync.directory(dir);
        } catch (NoSuchFileException gone) {
          // Removed since (a deleted folder or user): nothing left to make durable.
        }
      }
    }
    for (Path index : indexes) {
      if (Files.exists(index)) {
        checkpointWal(index);
      }
    }
  }

  private static void checkpointWal(Path index) throws SQLException {
    // mode=rw: never create an index that was deleted meanwhile.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + index + "?mode=rw");
        Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout=10000");
      s.execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException e) {
      if (Files.exists(index)) {
        throw e;
      }
    }
  }
}
