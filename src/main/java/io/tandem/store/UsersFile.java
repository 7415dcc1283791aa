package io.tandem.store;

import io.tandem.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The users file ({@code users.file}): one {@code NAME:PASSWORD-HASH} line per user, {@code #}
 * comments. It is written by the apply path (user operations are journaled and replicated like
 * mail), always whole and atomically, and read at start and by {@code tandem user list}.
 *
 * <p>Thread-safe: readers get copies; writes are synchronized.
 */
public final class UsersFile {
  private final Path file;
  private final TreeMap<String, String> users;
  /** The journal seq whose user changes the file holds, as far as this process applied them. */
  private long appliedThrough;

  private UsersFile(Path file, TreeMap<String, String> users) {
    this.file = file;
    this.users = users;
  }

  /**
   * Loads the file, or starts empty when it does not exist.
   *
   * @throws IOException for an unreadable file, or (as {@link UsersFileException}) a bad line,
   *     named by file and line
   */
  public static UsersFile load(Path file) throws IOException {
    TreeMap<String, String> users = new TreeMap<>();
    if (Files.exists(file)) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        parseLine(file, i + 1, lines.get(i), users);
      }
    }
    return new UsersFile(file, users);
  }

  public Path path() {
    return file;
  }

  public synchronized Optional<String> passwordHash(String user) {
    return Optional.ofNullable(users.get(user));
  }

  public synchronized boolean contains(String user) {
    return users.containsKey(user);
  }

  public synchronized List<String> names() {
    return new ArrayList<>(users.keySet());
  }

  /** The user names and the journal seq they are current for, read together. */
  public record Listing(List<String> names, long throughSeq) {}

  /** The user names with the seq of the last applied batch they reflect. */
  public synchronized Listing listing() {
    return new Listing(new ArrayList<>(users.keySet()), appliedThrough);
  }

  /**
   * {@link #apply(Map)} for the journal batch ending at {@code throughSeq}: the file now holds
   * every user change up to that seq.
   */
  public synchronized void apply(Map<String, String> changes, long throughSeq)
      throws IOException {
    apply(changes);
    appliedThrough = Math.max(appliedThrough, throughSeq);
  }

  public synchronized int size() {
    return users.size();
  }

  /** Sets (adds or replaces) a user's hash and rewrites the file durably. */
  public void put(String user, String passwordHash) throws IOException {
    apply(Collections.singletonMap(user, passwordHash));
  }

  /** Removes a user and rewrites the file durably; no-op for an unknown user. */
  public void remove(String user) throws IOException {
    apply(Collections.singletonMap(user, null));
  }

  /**
   * Applies several changes (a hash to set, or null to remove the user) with one rewrite of the
   * file: the apply path passes a whole batch, so adding 10,000 users is not 10,000 rewrites.
   * Refuses what {@link #load} would refuse, so the service never writes a file it cannot start
   * with.
   */
  public synchronized void apply(Map<String, String> changes) throws IOException {
    for (Map.Entry<String, String> change : changes.entrySet()) {
      check(change.getKey(), change.getValue());
    }
    boolean changed = false;
    for (Map.Entry<String, String> change : changes.entrySet()) {
      String before = change.getValue() == null ? users.remove(change.getKey())
          : users.put(change.getKey(), change.getValue());
      changed |= !java.util.Objects.equals(before, change.getValue());
    }
    if (changed) {
      write();
    }
  }

  private void check(String user, String passwordHash) throws UsersFileException {
    try {
      Names.user(user);
    } catch (StoreException e) {
      throw new UsersFileException(file + ": " + e.getMessage());
    }
    if (passwordHash != null
        && (!PasswordHash.looksValid(passwordHash) || passwordHash.contains("\n"))) {
      throw new UsersFileException(file + ": the password of '" + user
          + "' is not a pbkdf2-sha256 hash");
    }
  }

  private void write() throws IOException {
    StringBuilder out = new StringBuilder(
        "# Tandem users: NAME:PASSWORD-HASH. Written by the service; change it with"
            + " 'tandem user'.\n");
    for (Map.Entry<String, String> user : users.entrySet()) {
      out.append(user.getKey()).append(':').append(user.getValue()).append('\n');
    }
    AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void parseLine(Path file, int number, String line, Map<String, String> users)
      throws UsersFileException {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return;
    }
    int colon = trimmed.indexOf(':');
    if (colon < 0) {
      throw new UsersFileException(file + ":" + number + ": expected NAME:PASSWORD-HASH");
    }
    String name = trimmed.substring(0, colon);
    String hash = trimmed.substring(colon + 1);
    try {
      Names.user(name);
    } catch (StoreException e) {
      throw new UsersFileException(file + ":" + number + ": " + e.getMessage());
    }
    if (!PasswordHash.looksValid(hash)) {
      throw new UsersFileException(file + ":" + number + ": the password of '" + name
          + "' is not a pbkdf2-sha256 hash; set it with 'tandem user passwd'");
    }
    if (users.put(name, hash) != null) {
      throw new UsersFileException(file + ":" + number + ": user '" + name + "' appears twice");
    }
  }

  /** A users file line that cannot be read; the message is {@code FILE:LINE: reason}. */
  public static final class UsersFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public UsersFileException(String message) {
      super(message);
    }
  }
}
