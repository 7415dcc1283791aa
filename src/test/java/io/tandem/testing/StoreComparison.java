package io.tandem.testing;

import io.tandem.store.UsersFile;
import io.tandem.store.write.StoreSettings;
import io.tandem.util.Sha256;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/**
 * Proves two stores (a primary and its replica) hold the same mail by comparing what they hold,
 * not digests of it: maildir files and folders, each user's index rows, and the users file.
 * Store A is the first argument (say the primary), B the second; every difference names them so.
 *
 * <p>Not compared: the journal and the checkpoint (other tests cover them), the store's private
 * {@code .tandem-*} folders and maildir {@code tmp/} contents (per-appliance work in progress),
 * and index row ids (each appliance numbers its own mailboxes).
 */
public final class StoreComparison {
  private static final int SHOWN = 50;

  private StoreComparison() {}

  /**
   * Compares two stores whose users file is at its default place ({@code <store.state>/users});
   * returns every difference in plain words, empty when identical.
   */
  public static List<String> differences(Path rootA, Path stateA, Path rootB, Path stateB)
      throws IOException, SQLException {
    return differences(Side.of(rootA, stateA, stateA.resolve("users")),
        Side.of(rootB, stateB, stateB.resolve("users")));
  }

  /** As {@link #differences(Path, Path, Path, Path)}, with the users file the settings name. */
  public static List<String> differences(StoreSettings a, StoreSettings b)
      throws IOException, SQLException {
    return differences(Side.of(a.root(), a.state(), a.usersFile()),
        Side.of(b.root(), b.state(), b.usersFile()));
  }

  /** Throws an AssertionError listing the first 50 differences (and how many in all). */
  public static void assertIdentical(Path rootA, Path stateA, Path rootB, Path stateB)
      throws IOException, SQLException {
    fail(differences(rootA, stateA, rootB, stateB));
  }

  /** As {@link #assertIdentical(Path, Path, Path, Path)}, with the users file of the settings. */
  public static void assertIdentical(StoreSettings a, StoreSettings b)
      throws IOException, SQLException {
    fail(differences(a, b));
  }

  private record Side(Path root, Path indexDir, Path usersFile) {
    static Side of(Path root, Path state, Path usersFile) {
      // Same place as StoreSettings.indexDir(), which IndexPool is given.
      return new Side(root, state.resolve("index"), usersFile);
    }
  }

  private static void fail(List<String> differences) {
    if (differences.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder("the stores differ in " + differences.size()
        + (differences.size() == 1 ? " place" : " places") + " (A vs B):");
    differences.stream().limit(SHOWN).forEach(d -> text.append("\n  ").append(d));
    if (differences.size() > SHOWN) {
      text.append("\n  ... and ").append(differences.size() - SHOWN).append(" more");
    }
    throw new AssertionError(text.toString());
  }

  private static List<String> differences(Side a, Side b) throws IOException, SQLException {
    List<String> out = new ArrayList<>();
    compareMaildirs(a.root(), b.root(), out);
    compareIndexes(a.indexDir(), b.indexDir(), out);
    compareUsers(a.usersFile(), b.usersFile(), out);
    return out;
  }

  // ---- maildirs

  private static void compareMaildirs(Path rootA, Path rootB, List<String> out)
      throws IOException {
    SortedMap<String, String> a = tree(rootA);
    SortedMap<String, String> b = tree(rootB);
    for (String path : union(a.keySet(), b.keySet())) {
      String inA = a.get(path);
      String inB = b.get(path);
      if (inA == null || inB == null) {
        out.add(noun(inA != null ? inA : inB) + " " + path + " only on "
            + (inA != null ? "A" : "B"));
      } else if (isFile(inA) && isFile(inB)) {
        if (!inA.equals(inB)) {
          out.add("file " + path + ": contents differ");
        }
      } else if (!inA.equals(inB)) {
        out.add(path + ": " + (isFile(inA) ? "file" : inA) + " on A vs "
            + (isFile(inB) ? "file" : inB) + " on B");
      }
    }
  }

  private static boolean isFile(String entry) {
    return entry.startsWith("sha256 ");
  }

  private static String noun(String entry) {
    if (isFile(entry)) {
      return "file";
    }
    return entry.startsWith("symbolic link") ? "symbolic link" : entry;
  }

  /**
   * Every entry under a store root by relative path ('/'-separated): "directory",
   * "sha256 HEX" for a regular file, or a description of anything else.
   */
  private static SortedMap<String, String> tree(Path root) throws IOException {
    SortedMap<String, String> entries = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return entries;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (dir.equals(root)) {
          return FileVisitResult.CONTINUE;
        }
        if (dir.getParent().equals(root) && dir.getFileName().toString().startsWith(".tandem-")) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        entries.put(relative(root, dir), "directory");
        // A maildir's tmp/ holds deliveries in progress: only the folder itself must match.
        return isMaildirTmp(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (file.getParent().equals(root) && file.getFileName().toString().startsWith(".tandem-")) {
          return FileVisitResult.CONTINUE;
        }
        String entry;
        if (attrs.isRegularFile()) {
          entry = "sha256 " + Sha256.ofFile(file);
        } else if (attrs.isSymbolicLink()) {
          entry = "symbolic link to " + Files.readSymbolicLink(file);
        } else {
          entry = "special file";
        }
        entries.put(relative(root, file), entry);
        return FileVisitResult.CONTINUE;
      }
    });
    return entries;
  }

  /** A {@code tmp} beside {@code cur}: a user named "tmp" (root/tmp) is not one. */
  private static boolean isMaildirTmp(Path dir) {
    return dir.getFileName().toString().equals("tmp")
        && Files.isDirectory(dir.resolveSibling("cur"), LinkOption.NOFOLLOW_LINKS);
  }

  private static String relative(Path root, Path path) {
    return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
  }

  // ---- indexes

  private static void compareIndexes(Path dirA, Path dirB, List<String> out)
      throws IOException, SQLException {
    TreeSet<String> usersA = indexedUsers(dirA);
    TreeSet<String> usersB = indexedUsers(dirB);
    for (String user : union(usersA, usersB)) {
      if (!usersA.contains(user) || !usersB.contains(user)) {
        out.add("user " + user + ": index only on " + (usersA.contains(user) ? "A" : "B"));
        continue;
      }
      Map<String, SortedMap<String, Row>> a = readIndex(dirA.resolve(user + ".db"));
      Map<String, SortedMap<String, Row>> b = readIndex(dirB.resolve(user + ".db"));
      for (String table : a.keySet()) {
        compareRows("user " + user + " ", a.get(table), b.get(table), out);
      }
    }
  }

  /** Users with an index, named as IndexPool names the files: {@code USER.db}. */
  private static TreeSet<String> indexedUsers(Path dir) throws IOException {
    TreeSet<String> users = new TreeSet<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".db"))
            .forEach(n -> users.add(n.substring(0, n.length() - ".db".length())));
      }
    }
    return users;
  }

  /** A row as it reads in a difference, with the columns that must match. */
  private record Row(String label, Map<String, String> columns) {}

  /** Every compared table by name; rows keyed so that they sort as a reader expects. */
  private static Map<String, SortedMap<String, Row>> readIndex(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    // Read-only, so a comparison can never change (or create, or upgrade) what it compares.
    config.setReadOnly(true);
    Map<String, SortedMap<String, Row>> tables = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        Statement s = c.createStatement()) {
      // No meta key is per-appliance today (the host name is only in file names); applied_seq
      // and last_uidvalidity must match once the replica has every entry.
      tables.put("meta", rows(s, "SELECT key, value FROM meta",
          r -> "meta " + r.get("key"), r -> "meta " + r.get("key"), "key"));
      tables.put("mailbox", rows(s, "SELECT name, uidvalidity, uidnext, highestmodseq,"
          + " special_use FROM mailbox",
          r -> "mailbox " + r.get("name"), r -> "mailbox " + r.get("name"), "name"));
      // Rows are matched by mailbox name: mailbox ids are each appliance's own numbering.
      tables.put("message", rows(s, "SELECT " + mailboxName("m") + " AS mailbox, m.uid,"
          + " m.modseq, m.flags, m.internal_date, m.size, m.sha256, m.file"
          + " FROM message m LEFT JOIN mailbox b ON b.id = m.mailbox_id",
          r -> "message " + r.get("mailbox") + "\0" + padded(r.get("uid")),
          r -> "mailbox " + r.get("mailbox") + " uid " + r.get("uid"), "mailbox", "uid"));
      tables.put("expunged", rows(s, "SELECT " + mailboxName("e") + " AS mailbox, e.uid,"
          + " e.modseq, e.base FROM expunged e LEFT JOIN mailbox b ON b.id = e.mailbox_id",
          r -> "tombstone " + r.get("mailbox") + "\0" + padded(r.get("uid")),
          r -> "mailbox " + r.get("mailbox") + " expunged uid " + r.get("uid"),
          "mailbox", "uid"));
      tables.put("subscription", rows(s, "SELECT name FROM subscription",
          r -> "subscription " + r.get("name"), r -> "subscription " + r.get("name"), "name"));
    }
    return tables;
  }

  /** A row whose mailbox is gone (it should not happen: foreign keys) still shows up. */
  private static String mailboxName(String alias) {
    return "coalesce(b.name, '(no mailbox with id ' || " + alias + ".mailbox_id || ')')";
  }

  private static String padded(String number) {
    return "0".repeat(Math.max(0, 20 - number.length())) + number;
  }

  /** The rows of a query by sort key; {@code keyColumns} identify a row and are not compared. */
  private static SortedMap<String, Row> rows(Statement s, String sql,
      Function<Map<String, String>, String> sortKey, Function<Map<String, String>, String> label,
      String... keyColumns) throws SQLException {
    SortedMap<String, Row> rows = new TreeMap<>();
    List<String> keys = Arrays.asList(keyColumns);
    try (ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, String> all = new LinkedHashMap<>();
        Map<String, String> compared = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          String column = md.getColumnLabel(i);
          String value = display(column, rs.getString(i));
          all.put(column, value);
          if (!keys.contains(column)) {
            compared.put(column, value);
          }
        }
        rows.put(sortKey.apply(all), new Row(label.apply(all), compared));
      }
    }
    return rows;
  }

  private static String display(String column, String value) {
    if (value == null) {
      return "none";
    }
    if (column.equals("flags")) {
      return value.isEmpty() ? "[]" : Arrays.asList(value.split(" ")).toString();
    }
    return value;
  }

  private static void compareRows(String prefix, SortedMap<String, Row> a,
      SortedMap<String, Row> b, List<String> out) {
    for (String key : union(a.keySet(), b.keySet())) {
      Row inA = a.get(key);
      Row inB = b.get(key);
      if (inA == null || inB == null) {
        out.add(prefix + (inA != null ? inA : inB).label() + " only on "
            + (inA != null ? "A" : "B"));
        continue;
      }
      List<String> changed = new ArrayList<>();
      for (Map.Entry<String, String> column : inA.columns().entrySet()) {
        String other = inB.columns().get(column.getKey());
        if (!Objects.equals(column.getValue(), other)) {
          changed.add(column.getKey() + " " + column.getValue() + " vs " + other);
        }
      }
      if (!changed.isEmpty()) {
        out.add(prefix + inA.label() + ": " + String.join("; ", changed));
      }
    }
  }

  // ---- users file

  private static void compareUsers(Path fileA, Path fileB, List<String> out) throws IOException {
    UsersFile a = UsersFile.load(fileA);
    UsersFile b = UsersFile.load(fileB);
    for (String user : union(a.names(), b.names())) {
      String hashA = a.passwordHash(user).orElse(null);
      String hashB = b.passwordHash(user).orElse(null);
      if (hashA == null || hashB == null) {
        out.add("users file: user " + user + " only on " + (hashA != null ? "A" : "B"));
      } else if (!hashA.equals(hashB)) {
        out.add("users file: user " + user + ": password hash " + hashA + " vs " + hashB);
      }
    }
  }

  private static TreeSet<String> union(Iterable<String> a, Iterable<String> b) {
    TreeSet<String> all = new TreeSet<>();
    a.forEach(all::add);
    b.forEach(all::add);
    return all;
  }
}
