package io.tandem.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import io.tandem.store.UsersFile;
import io.tandem.store.maildir.MaildirLayout;
import io.tandem.store.write.Intent;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.MailboxIntents;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.SpooledMessage;
import io.tandem.store.write.StoreSettings;
import io.tandem.store.write.UserIntents;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A primary with a random history and a replica fed its journal entries (as ReplicaApplyTest
 * does) must compare identical; then each single change to a copy of the replica must be named.
 */
class StoreComparisonTest {
  static final String HASH = "pbkdf2-sha256$1000$c2FsdA$aGFzaA";
  static final String OTHER_HASH = "pbkdf2-sha256$1000$c2FsdA$b3RoZXI";
  static final String BOB_INBOX = "(SELECT id FROM mailbox WHERE name = 'INBOX')";

  @TempDir static Path built;
  static StoreSettings primary;
  static StoreSettings replica;

  @TempDir Path dir;
  /** A fresh copy of the replica per test, free to be damaged. */
  StoreSettings b;

  @BeforeAll
  static void buildPrimaryAndReplica() throws Exception {
    primary = settings(built.resolve("a"), "test-a");
    replica = settings(built.resolve("b"), "test-b");
    Map<String, byte[]> bodies = new HashMap<>();
    List<JournalEntry> entries = new ArrayList<>();
    List<String> fatal = new ArrayList<>();
    try (MailStore store = open(primary, true, fatal)) {
      store.execute(UserIntents.add("alice", HASH));
      store.execute(UserIntents.add("bob", HASH));
      randomHistory(store, bodies, new SplittableRandom(7), 60);
      store.journal().read(0, entries::add);
    }
    try (MailStore store = open(replica, false, fatal)) {
      for (JournalEntry entry : entries) {
        if (entry.op() instanceof Operation.Deliver d) {
          store.spool().writeReplicated(d.fileName(),
              new ByteArrayInputStream(bodies.get(d.fileName())), d.sha256());
        }
        store.submitReplicated(entry).get();
      }
    }
    assertThat(fatal).isEmpty();
  }

  @BeforeEach
  void copyReplica() throws IOException {
    b = settings(dir.resolve("b"), "test-b");
    TestTrees.copy(replica.root(), b.root());
    TestTrees.copy(replica.state(), b.state());
  }

  @Test
  void aReplicaOfEveryEntryIsIdenticalToItsPrimary() throws Exception {
    assertThat(diff()).isEmpty();
    assertThatCode(() -> StoreComparison.assertIdentical(primary, b)).doesNotThrowAnyException();
    // Not vacuous: the history left flagged files in cur/, tombstones and a subscription.
    assertThat(query(primary, "alice", "SELECT count(*) FROM message WHERE file LIKE 'cur/%'"))
        .isNotEqualTo("0");
    assertThat(query(primary, "alice", "SELECT count(*) FROM expunged")).isNotEqualTo("0");
    assertThat(query(primary, "alice", "SELECT count(*) FROM subscription WHERE name = 'Done'"))
        .isEqualTo("1");
  }

  @Test
  void aMessageFileWithOtherBytesIsNamed() throws Exception {
    String file = flaggedFile();
    Path path = b.root().resolve(file);
    byte[] bytes = Files.readAllBytes(path);
    bytes[bytes.length - 2] ^= 1;
    Files.write(path, bytes);

    assertThat(diff()).containsExactly("file " + file + ": contents differ");
  }

  @Test
  void aFileWithOtherFlagLettersIsNamedOnBothSides() throws Exception {
    String file = flaggedFile();
    String renamed = file.substring(0, file.indexOf(":2,") + 3) + "DFRST";
    Files.move(b.root().resolve(file), b.root().resolve(renamed));

    assertThat(diff()).containsExactlyInAnyOrder("file " + file + " only on A",
        "file " + renamed + " only on B");
  }

  @Test
  void anIndexRowWithOtherFlagsIsNamed() throws Exception {
    String[] row = query(primary, "alice", "SELECT b.name || ' ' || m.uid || ' ' || m.flags"
        + " FROM message m JOIN mailbox b ON b.id = m.mailbox_id WHERE m.flags = '$Work \\Seen'"
        + " ORDER BY b.name, m.uid LIMIT 1").split(" ", 3);
    update(b, "alice", "UPDATE message SET flags = '$Work \\Flagged \\Seen' WHERE uid = " + row[1]
        + " AND mailbox_id = (SELECT id FROM mailbox WHERE name = '" + row[0] + "')");

    assertThat(diff()).containsExactly("user alice mailbox " + row[0] + " uid " + row[1]
        + ": flags [$Work, \\Seen] vs [$Work, \\Flagged, \\Seen]");
  }

  @Test
  void otherIndexRowsAndCountersAreNamed() throws Exception {
    update(b, "alice", "UPDATE mailbox SET uidnext = uidnext + 1, special_use = '\\Archive'"
        + " WHERE name = 'INBOX'");
    update(b, "alice", "UPDATE meta SET value = value + 1 WHERE key = 'applied_seq'");
    update(b, "bob", "DELETE FROM message WHERE mailbox_id = " + BOB_INBOX
        + " AND uid = (SELECT min(uid) FROM message WHERE mailbox_id = " + BOB_INBOX + ")",
        "UPDATE expunged SET modseq = 999 WHERE mailbox_id = " + BOB_INBOX
        + " AND uid = (SELECT min(uid) FROM expunged WHERE mailbox_id = " + BOB_INBOX + ")");
    String uidNext = query(primary, "alice", "SELECT uidnext FROM mailbox WHERE name = 'INBOX'");
    String seq = query(primary, "alice", "SELECT value FROM meta WHERE key = 'applied_seq'");
    String bobUid = query(primary, "bob",
        "SELECT min(uid) FROM message WHERE mailbox_id = " + BOB_INBOX);
    String[] tombstone = query(primary, "bob", "SELECT uid || ' ' || modseq FROM expunged"
        + " WHERE mailbox_id = " + BOB_INBOX + " ORDER BY uid LIMIT 1").split(" ");

    assertThat(diff()).containsExactly(
        "user alice meta applied_seq: value " + seq + " vs " + (Long.parseLong(seq) + 1),
        "user alice mailbox INBOX: uidnext " + uidNext + " vs " + (Long.parseLong(uidNext) + 1)
            + "; special_use none vs \\Archive",
        "user bob mailbox INBOX uid " + bobUid + " only on A",
        "user bob mailbox INBOX expunged uid " + tombstone[0] + ": modseq " + tombstone[1]
            + " vs 999");
  }

  @Test
  void mailboxIdsAreEachAppliancesOwn() throws Exception {
    update(b, "alice", "UPDATE mailbox SET id = id + 100", "UPDATE message SET mailbox_id ="
        + " mailbox_id + 100", "UPDATE expunged SET mailbox_id = mailbox_id + 100");

    assertThat(diff()).isEmpty();
  }

  @Test
  void aMissingUserIndexIsNamed() throws Exception {
    for (String suffix : List.of(".db", ".db-wal", ".db-shm")) {
      Files.deleteIfExists(b.indexDir().resolve("bob" + suffix));
    }

    assertThat(diff()).containsExactly("user bob: index only on A");
  }

  @Test
  void anotherSubscriptionIsNamed() throws Exception {
    update(b, "alice", "DELETE FROM subscription WHERE name = 'Done'",
        "INSERT INTO subscription VALUES('Lists')");

    assertThat(diff()).containsExactly("user alice subscription Done only on A",
        "user alice subscription Lists only on B");
  }

  @Test
  void anotherUsersFileIsNamed() throws Exception {
    UsersFile users = UsersFile.load(b.usersFile());
    users.put("bob", OTHER_HASH);
    users.put("carol", HASH);

    assertThat(diff()).containsExactly("users file: user bob: password hash " + HASH + " vs "
        + OTHER_HASH, "users file: user carol only on B");
  }

  @Test
  void foldersAndTheirMarkersAreCompared() throws Exception {
    Files.delete(b.root().resolve("alice/Maildir/.Done/maildirfolder"));
    Files.createDirectories(b.root().resolve("alice/Maildir/.Extra"));

    assertThat(diff()).containsExactly("file alice/Maildir/.Done/maildirfolder only on A",
        "directory alice/Maildir/.Extra only on B");
  }

  @Test
  void privateFoldersAndTmpContentsAreIgnored() throws Exception {
    Files.writeString(b.root().resolve(".tandem-spool/half-received"), "x");
    Files.createDirectories(b.root().resolve(".tandem-attic"));
    Files.writeString(b.root().resolve(".tandem-attic/7-abc"), "x");
    Files.writeString(b.root().resolve("alice/Maildir/tmp/1.M1P1.test-b"), "x");
    Files.writeString(b.root().resolve("alice/Maildir/.Done/tmp/2.M1P1.test-b"), "x");

    assertThat(diff()).isEmpty();
  }

  @Test
  void assertIdenticalListsTheFirstFiftyAndCountsTheRest() throws Exception {
    Path cur = b.root().resolve("bob/Maildir/cur");
    for (int i = 0; i < 60; i++) {
      Files.writeString(cur.resolve(String.format("extra-%02d:2,S", i)), "x");
    }

    assertThatThrownBy(() -> StoreComparison.assertIdentical(primary.root(), primary.state(),
        b.root(), b.state()))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("the stores differ in 60 places (A vs B):\n"
            + "  file bob/Maildir/cur/extra-00:2,S only on B\n")
        .hasMessageContaining("extra-49:2,S only on B\n  ... and 10 more")
        .hasMessageNotContaining("extra-50");
  }

  // ---- helpers

  private List<String> diff() throws Exception {
    return StoreComparison.differences(primary.root(), primary.state(), b.root(), b.state());
  }

  /** A message file (relative to store.root) that has flag letters: cur/BASE:2,S or so. */
  private static String flaggedFile() throws Exception {
    String[] row = query(primary, "alice", "SELECT b.name || ' ' || m.file FROM message m"
        + " JOIN mailbox b ON b.id = m.mailbox_id WHERE m.file LIKE 'cur/%:2,_%'"
        + " ORDER BY b.name, m.uid LIMIT 1").split(" ", 2);
    Path file = new MaildirLayout(primary.root()).mailbox("alice", row[0]).resolve(row[1]);
    return primary.root().toAbsolutePath().normalize().relativize(file).toString();
  }

  private static StoreSettings settings(Path dir, String host) {
    Path state = dir.resolve("state");
    return new StoreSettings(dir.resolve("mail"), state, state.resolve("users"), host, 1 << 20,
        Duration.ofSeconds(1), 64, 8, Duration.ofMillis(50));
  }

  /** {@code keepRemovedBodies}: a primary fills its attic, which the comparison must skip. */
  private static MailStore open(StoreSettings settings, boolean keepRemovedBodies,
      List<String> fatal) throws Exception {
    return MailStore.open(settings, Clock.systemUTC(), 4242, () -> 1, () -> keepRemovedBodies,
        (code, message, cause) -> fatal.add(code + ": " + message));
  }

  /** The mix of StoreFixture.randomHistory, cut down: folders, flags, expunges, copies, moves. */
  private static void randomHistory(MailStore store, Map<String, byte[]> bodies,
      SplittableRandom random, int steps) throws Exception {
    store.execute(MailboxIntents.create("alice", "Work"));
    List<String> boxes = List.of("INBOX", "Work", "Archive");
    for (int i = 0; i < steps; i++) {
      String user = random.nextInt(4) == 0 ? "bob" : "alice";
      String box = user.equals("bob") ? "INBOX" : boxes.get(random.nextInt(boxes.size()));
      List<Long> uids = List.of((long) random.nextInt(1, 12), (long) random.nextInt(1, 12));
      Intent intent = switch (random.nextInt(6)) {
        case 0, 1 -> MessageIntents.deliver(user, box, spool(store, bodies, "message " + i + "\n"),
            List.of(), 1_700_000_000_000L);
        case 2 -> MessageIntents.setFlags(user, box, uids,
            MessageIntents.FlagMode.values()[random.nextInt(3)], List.of("\\Seen", "$Work"));
        case 3 -> MessageIntents.expunge(user, box, uids.subList(0, 1));
        case 4 -> MessageIntents.copy(user, box, uids, "Trash", false);
        default -> MessageIntents.copy(user, box, uids, box.equals("Archive") ? "INBOX"
            : "Archive", true);
      };
      store.execute(intent);
    }
    store.execute(MailboxIntents.rename("alice", "Work", "Done"));
    store.execute(MailboxIntents.subscribe("alice", "Done", true));
  }

  private static SpooledMessage spool(MailStore store, Map<String, byte[]> bodies, String text)
      throws IOException {
    byte[] prefix = "Return-Path: <s@x>\n".getBytes(StandardCharsets.US_ASCII);
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    SpooledMessage spooled = store.spool().write(prefix, new ByteArrayInputStream(body),
        body.length, 1);
    bodies.put(spooled.base(), ("Return-Path: <s@x>\n" + text).getBytes(StandardCharsets.UTF_8));
    return spooled;
  }

  private static String query(StoreSettings store, String user, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(
            "jdbc:sqlite:" + store.indexDir().resolve(user + ".db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as("a row for %s", sql).isTrue();
      return rs.getString(1);
    }
  }

  private static void update(StoreSettings store, String user, String... sql) throws Exception {
    try (Connection c = DriverManager.getConnection(
            "jdbc:sqlite:" + store.indexDir().resolve(user + ".db"));
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.executeUpdate(statement);
      }
    }
  }
}
