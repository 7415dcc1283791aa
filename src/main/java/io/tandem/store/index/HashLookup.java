package io.tandem.store.index;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a user's messages by content hash through a read-only connection of its own, beside
 * the writer's (WAL lets them read concurrently). Used off the committer thread, when a body
 * is not where its delivery put it any more (moved, renamed folder).
 */
public final class HashLookup {
  private HashLookup() {}

  /** A message holding the body: its mailbox and its file relative to the mailbox folder. */
  public record Located(String mailbox, String file) {}

  /** Every message of the index at {@code indexFile} whose body has this hash. */
  public static List<Located> find(Path indexFile, String sha256) throws SQLException {
    List<Located> found = new ArrayList<>();
    if (!Files.exists(indexFile)) {
      return found;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + indexFile + "?mode=ro");
        PreparedStatement query = c.prepareStatement("SELECT mailbox.name, message.file"
            + " FROM message JOIN mailbox ON mailbox.id = message.mailbox_id"
            + " WHERE message.sha256 = ?")) {
      query.setString(1, sha256);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          found.add(new Located(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return found;
  }
}
