package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.testing.StoreComparison;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * A replicating pair as two processes, IMAP clients (src/test/python/imap_pair.py) on the
 * primary: what they do (APPEND, STORE, COPY, MOVE, EXPUNGE, CREATE, RENAME) is on the replica
 * with the same UIDs, flags and MODSEQs, read from the replica's own index. Then a controlled
 * failover: the old primary's open sessions (one in IDLE, one not) get an untagged BYE, it
 * refuses logins with [UNAVAILABLE] while the new primary takes them (a client that stopped
 * reading in the middle of a large FETCH holds none of this up; it is cut off), and a client that comes
 * back with QRESYNC gets exactly what changed since its last MODSEQ, on either side of the
 * failover: VANISHED (EARLIER) for the expunges, FETCH for the changed and new messages,
 * nothing for the rest, under the same UIDs. A client writing (APPEND, STORE) straight through
 * the failover finds every change it was told OK to on the new primary.
 */
class ImapPairIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String USER = "alice";
  private static final String PASSWORD = "alice-password";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private ServiceProcess primary;
  private ServiceProcess replica;

  @AfterEach
  void tearDown() throws Exception {
    if (primary != null) {
      primary.close();
    }
    if (replica != null) {
      replica.close();
    }
  }

  @Test
  void imapActionsReplicateAndAClientResyncsWithQresyncAfterAFailover() throws Exception {
    startSymmetricPair();
    primary.addUser(USER, PASSWORD);

    // Mail and a client's actions on the primary. INBOX ends with UIDs 1, 2, 3, 6, 7.
    act(primary,
        deliver("<m1@it>"), deliver("<m2@it>"), deliver("<m3@it>"), deliver("<m4@it>"),
        deliver("<m5@it>"), deliver("<m6@it>"),
        Map.of("op", "append", "folder", "INBOX", "id", "<m7@it>", "flags", "(\\Seen)"),
        store("INBOX", 1, "+FLAGS", "(\\Seen)"),
        store("INBOX", 2, "+FLAGS", "(\\Flagged \\Answered)"),
        store("INBOX", 3, "+FLAGS", "($Work)"),
        Map.of("op", "create", "folder", "Work"),
        Map.of("op", "copy", "folder", "INBOX", "uid", 1, "to", "Work"),
        Map.of("op", "copy", "folder", "INBOX", "uid", 2, "to", "Work"),
        Map.of("op", "move", "folder", "INBOX", "uid", 4, "to", "Archive"),
        expunge("INBOX", 5),
        store("Work", 1, "-FLAGS", "(\\Seen)"),
        Map.of("op", "create", "folder", "Old"),
        Map.of("op", "rename", "folder", "Old", "to", "Projects"),
        Map.of("op", "append", "folder", "Projects", "id", "<p1@it>", "flags", "(\\Draft)"));
    ServicePair.awaitInStep(primary, replica);
    List<String> onReplica = awaitSameIndex(primary, replica);

    // The replica's index holds what the clients saw on the primary.
    List<String> folders = List.of("INBOX", "Work", "Archive", "Projects");
    JsonNode seen = PythonTool.run("imap_pair.py", args(primary, "state", "--folders",
        String.join(",", folders)));
    for (String folder : folders) {
      JsonNode box = seen.path("folders").path(folder);
      String mailbox = "mailbox " + folder + " uidvalidity=" + box.path("uidvalidity").asLong()
          + " uidnext=" + box.path("uidnext").asLong() + " highestmodseq="
          + box.path("highestmodseq").asLong() + " ";
      assertThat(onReplica).as("replica: " + mailbox).anyMatch(row -> row.startsWith(mailbox));
      for (JsonNode message : box.path("messages")) {
        assertThat(onReplica).as("replica " + folder + " " + message).anyMatch(row ->
            row.startsWith("message " + folder + " uid=" + message.path("uid").asLong()
                + " modseq=" + message.path("modseq").asLong() + " flags="
                + flags(message.path("flags")) + " "));
      }
      assertThat(onReplica.stream().filter(row -> row.startsWith("message " + folder + " ")))
          .as("replica " + folder + " holds no more messages").hasSize(box.path("messages")
              .size());
    }
    assertThat(uids(seen.path("folders").path("INBOX"))).containsExactly(1L, 2L, 3L, 6L, 7L);
    assertThat(onReplica).as("the move's and the expunge's tombstones")
        .anyMatch(row -> row.startsWith("expunged INBOX uid=4 "))
        .anyMatch(row -> row.startsWith("expunged INBOX uid=5 "));
    ServiceProcess.Result verify = primary.cli(null, "verify-peer");
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    JsonNode onTheReplica = PythonTool.run("imap_pair.py", args(replica, "login"));
    assertThat(onTheReplica.path("result").asText()).as("the replica takes no logins: "
        + onTheReplica).isEqualTo("NO");
    assertThat(onTheReplica.path("text").asText()).contains("[UNAVAILABLE]");

    // A client's last known state of INBOX, then more changes on the old primary.
    JsonNode snapshot = PythonTool.run("imap_pair.py", args(primary, "state"))
        .path("folders").path("INBOX");
    long knownModseq = snapshot.path("highestmodseq").asLong();
    act(primary, store("INBOX", 2, "FLAGS", "(\\Seen)"), expunge("INBOX", 6));

    // Sessions open on the primary through the failover, and a client that asked for a large
    // message and stopped reading (the server's write to it blocks).
    act(primary, Map.of("op", "create", "folder", "Big"), Map.of("op", "append", "folder", "Big",
        "id", "<big@it>", "size", 16_000_000), Map.of("op", "create", "folder", "Writes"));
    Process hold = new ProcessBuilder(command(primary, "hold", "--seconds", "90",
        "--stuck-folder", "Big"))
        .redirectError(dir.resolve("hold.err").toFile()).start();
    BufferedReader holdOut = new BufferedReader(new InputStreamReader(hold.getInputStream(),
        StandardCharsets.UTF_8));
    String ready = holdOut.readLine();
    assertThat(ready).as("the sessions opened").isEqualTo("{\"ready\": true}");
    // And a client writing all along: APPEND and STORE until the old primary ends its session.
    Process writer = new ProcessBuilder(command(primary, "writer", "--folders", "Writes",
        "--seconds", "90")).redirectError(dir.resolve("writer.err").toFile()).start();
    BufferedReader writerOut = new BufferedReader(new InputStreamReader(
        writer.getInputStream(), StandardCharsets.UTF_8));
    assertThat(writerOut.readLine()).as("the writer is writing").isEqualTo("{\"ready\": true}");

    ServiceProcess.Result over = primary.cli(null, "failover");
    assertThat(over.exitCode()).as(over.output()).isZero();
    assertThat(over.output()).contains("the partner is the primary of epoch 2");

    // Once the old primary has no IMAP session left, the stuck client was cut off: only then
    // does it read what it was sent.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (primary.status().path("imap").path("sessions").asInt() > 0) {
      assertThat(System.nanoTime()).as("the old primary still has IMAP sessions: "
          + primary.status().path("imap")).isLessThan(deadline);
      Thread.sleep(50);
    }
    hold.getOutputStream().close();
    String held = holdOut.readLine();
    assertThat(hold.waitFor(120, TimeUnit.SECONDS)).isTrue();
    JsonNode sessions = JSON.readTree(held).path("sessions");
    assertThat(sessions).hasSize(2);
    for (JsonNode session : sessions) {
      List<String> lines = new ArrayList<>();
      session.path("lines").forEach(line -> lines.add(line.asText()));
      assertThat(lines).as((session.path("idle").asBoolean() ? "the session in IDLE"
          : "the selected session") + " on the old primary").anyMatch(line ->
          line.startsWith("* BYE [UNAVAILABLE]"));
      assertThat(session.path("closed").asBoolean()).as("and then closed: " + lines).isTrue();
    }
    JsonNode stuck = JSON.readTree(held).path("stuck");
    assertThat(stuck.path("closed").asBoolean()).as("the client that stopped reading was cut"
        + " off: " + stuck).isTrue();
    assertThat(stuck.path("complete").asBoolean()).as("its FETCH never completed: " + stuck)
        .isFalse();

    // Every change the writer was told OK to is on the new primary, under the same UID.
    JsonNode written = JSON.readTree(writerOut.readLine());
    assertThat(writer.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(written.path("ended").asText()).as("the writer's session was ended: " + written)
        .isNotEmpty();
    JsonNode writes = PythonTool.run("imap_pair.py", args(replica, "state", "--folders",
        "Writes")).path("folders").path("Writes").path("messages");
    Map<Long, JsonNode> onNew = new LinkedHashMap<>();
    writes.forEach(message -> onNew.put(message.path("uid").asLong(), message));
    assertThat(written.path("appended").size()).as("appends acknowledged").isGreaterThan(5);
    for (JsonNode appended : written.path("appended")) {
      JsonNode there = onNew.get(appended.path("uid").asLong());
      assertThat(there).as("acknowledged APPEND " + appended + " on the new primary").isNotNull();
      assertThat(there.path("message_id").asText()).isEqualTo(appended.path("id").asText());
      assertThat(there.path("flags").toString())
          .contains("\"" + appended.path("keyword").asText() + "\"");
    }
    for (JsonNode uid : written.path("flagged")) {
      assertThat(onNew.get(uid.asLong()).path("flags").toString())
          .as("acknowledged STORE on UID " + uid).contains("\\\\Flagged");
    }
    System.out.println("writes through the failover: " + written.path("appended").size()
        + " APPENDs and " + written.path("flagged").size() + " STOREs acknowledged, "
        + written.path("refused").size() + " refused, then " + written.path("ended").asText());

    // The old primary refuses logins, the new one takes them.
    JsonNode refused = PythonTool.run("imap_pair.py", args(primary, "login"));
    assertThat(refused.path("result").asText()).isEqualTo("NO");
    assertThat(refused.path("text").asText()).contains("[UNAVAILABLE]");
    JsonNode accepted = PythonTool.run("imap_pair.py", args(replica, "login"));
    assertThat(accepted.path("result").asText()).as(accepted.toString()).isEqualTo("OK");

    // Changes on the new primary: a flag, a delivery (UID 8), an expunge.
    act(replica, store("INBOX", 3, "+FLAGS", "(\\Flagged)"), deliver("<m8@it>"),
        expunge("INBOX", 7));

    // The client comes back to the new primary with what it knew.
    JsonNode resync = PythonTool.run("imap_pair.py", args(replica, "qresync", "--uidvalidity",
        snapshot.path("uidvalidity").asText(), "--modseq", Long.toString(knownModseq)));
    assertThat(resync.path("tagged").asText()).startsWith("OK");
    List<Long> vanished = new ArrayList<>();
    resync.path("vanished_earlier").forEach(uid -> vanished.add(uid.asLong()));
    assertThat(vanished).as("VANISHED (EARLIER): " + resync.path("select"))
        .containsExactly(6L, 7L);
    Map<Long, String> fetched = new LinkedHashMap<>();
    for (JsonNode fetch : resync.path("fetched")) {
      fetched.put(fetch.path("uid").asLong(), flags(fetch.path("flags")));
      assertThat(fetch.path("modseq").asLong()).as("MODSEQ of " + fetch)
          .isGreaterThan(knownModseq);
    }
    assertThat(fetched).as("FETCH of the changed and new messages only: "
        + resync.path("select")).containsExactly(Map.entry(2L, "\\Seen"),
        Map.entry(3L, "$Work \\Flagged"), Map.entry(8L, ""));
    // The same question once selected: UID FETCH 1:* (FLAGS) (CHANGEDSINCE m VANISHED).
    JsonNode changedSince = resync.path("changedsince");
    assertThat(changedSince.path("tagged").asText()).startsWith("OK");
    assertThat(changedSince.path("vanished_earlier").toString())
        .as("CHANGEDSINCE VANISHED: " + changedSince.path("lines")).isEqualTo("[6,7]");
    List<String> changedFetched = new ArrayList<>();
    changedSince.path("fetched").forEach(fetch -> changedFetched.add(fetch.path("seq").asLong()
        + " UID " + fetch.path("uid").asLong() + " " + flags(fetch.path("flags"))));
    assertThat(changedFetched).as("CHANGEDSINCE FETCH: " + changedSince.path("lines"))
        .containsExactly("2 UID 2 \\Seen", "3 UID 3 $Work \\Flagged", "4 UID 8 ");
    assertThat(resync.path("exists").asInt()).isEqualTo(4);
    assertThat(uids(resync)).containsExactly(1L, 2L, 3L, 8L);
    for (JsonNode before : snapshot.path("messages")) {
      for (JsonNode now : resync.path("messages")) {
        if (now.path("uid").asLong() == before.path("uid").asLong()) {
          assertThat(now.path("message_id").asText()).as("UID " + now.path("uid")
              + " names the same message").isEqualTo(before.path("message_id").asText());
        }
      }
    }
    List<String> onNewPrimary = index(replica);
    String inbox = "mailbox INBOX uidvalidity=" + snapshot.path("uidvalidity").asLong()
        + " uidnext=9 highestmodseq=" + resync.path("highestmodseq").asLong() + " ";
    assertThat(onNewPrimary).as(inbox).anyMatch(row -> row.startsWith(inbox));

    // And the old primary, now the replica, has all of it.
    ServicePair.awaitInStep(replica, primary);
    assertThat(awaitSameIndex(replica, primary)).isEqualTo(onNewPrimary);
    ServiceProcess.Result back = replica.cli(null, "verify-peer");
    assertThat(back.exitCode()).as(back.output()).isZero();
    assertThat(primary.stop()).isZero();
    assertThat(replica.stop()).isZero();
    StoreComparison.assertIdentical(primary.mailRoot(), primary.stateDir(), replica.mailRoot(),
        replica.stateDir());
  }

  private static Map<String, Object> deliver(String id) {
    return Map.of("op", "deliver", "id", id);
  }

  private static Map<String, Object> store(String folder, long uid, String mode, String flags) {
    return Map.of("op", "store", "folder", folder, "uid", uid, "mode", mode, "flags", flags);
  }

  private static Map<String, Object> expunge(String folder, long uid) {
    return Map.of("op", "expunge", "folder", folder, "uid", uid);
  }

  @SafeVarargs
  private void act(ServiceProcess on, Map<String, Object>... actions) throws Exception {
    PythonTool.run("imap_pair.py", args(on, "act", "--actions",
        JSON.writeValueAsString(List.of(actions))));
  }

  private static String[] args(ServiceProcess on, String command, String... more) {
    List<String> args = new ArrayList<>(List.of(command, "--port",
        Integer.toString(on.imapPort()), "--lmtp-port", Integer.toString(on.lmtpPort()),
        "--user", USER, "--password", PASSWORD));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static List<String> command(ServiceProcess on, String command, String... more) {
    List<String> line = new ArrayList<>(List.of("python3",
        PythonTool.script("imap_pair.py").toString()));
    line.addAll(List.of(args(on, command, more)));
    return line;
  }

  private static List<Long> uids(JsonNode box) {
    List<Long> uids = new ArrayList<>();
    box.path("messages").forEach(message -> uids.add(message.path("uid").asLong()));
    return uids;
  }

  /** Flags as the index keeps them: sorted, space-separated. */
  private static String flags(JsonNode list) {
    List<String> flags = new ArrayList<>();
    list.forEach(flag -> flags.add(flag.asText()));
    flags.sort(null);
    return String.join(" ", flags);
  }

  /**
   * The user's index on one appliance, read-only while it runs: mailboxes with their counters,
   * messages with UID, MODSEQ, flags, hash and file, tombstones, subscriptions; one sorted line
   * each.
   */
  private static List<String> index(ServiceProcess on) throws Exception {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    List<String> rows = new ArrayList<>();
    Path file = on.stateDir().resolve("index").resolve(USER + ".db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file,
        config.toProperties()); Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT name, uidvalidity, uidnext, highestmodseq,"
          + " special_use FROM mailbox")) {
        while (r.next()) {
          rows.add("mailbox " + r.getString(1) + " uidvalidity=" + r.getLong(2) + " uidnext="
              + r.getLong(3) + " highestmodseq=" + r.getLong(4) + " special_use="
              + r.getString(5));
        }
      }
      try (ResultSet r = s.executeQuery("SELECT b.name, m.uid, m.modseq, m.flags, m.sha256,"
          + " m.file, m.internal_date FROM message m JOIN mailbox b ON b.id = m.mailbox_id")) {
        while (r.next()) {
          rows.add("message " + r.getString(1) + " uid=" + r.getLong(2) + " modseq="
              + r.getLong(3) + " flags=" + r.getString(4) + " sha256=" + r.getString(5)
              + " file=" + r.getString(6) + " date=" + r.getLong(7));
        }
      }
      try (ResultSet r = s.executeQuery("SELECT b.name, e.uid, e.modseq FROM expunged e"
          + " JOIN mailbox b ON b.id = e.mailbox_id")) {
        while (r.next()) {
          rows.add("expunged " + r.getString(1) + " uid=" + r.getLong(2) + " modseq="
              + r.getLong(3));
        }
      }
      try (ResultSet r = s.executeQuery("SELECT name FROM subscription")) {
        while (r.next()) {
          rows.add("subscription " + r.getString(1));
        }
      }
    }
    rows.sort(null);
    return rows;
  }

  /**
   * Two appliances that each listen and dial (each only while primary), so the roles can
   * swap: alpha the primary, beta the replica, pinned TLS between them.
   */
  private void startSymmetricPair() throws Exception {
    ServicePair pair = new ServicePair(dir, "replication.listen = 127.0.0.1:0\n", "");
    primary = pair.primary;
    replica = pair.replica;
    pair.start();
    primary.set("replication.listen", "127.0.0.1:" + primary.replicationPort());
    replica.stop();
    replica.set("replication.peer", "127.0.0.1:" + primary.replicationPort());
    replica.start();
  }

  /**
   * Waits until the replica's index reads as the primary's (the replica acknowledges an entry
   * once it is journaled; its index commit follows), and returns it.
   */
  private static List<String> awaitSameIndex(ServiceProcess from, ServiceProcess to)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<String> expected = index(from);
      List<String> actual = index(to);
      if (actual.equals(expected)) {
        return actual;
      }
      if (System.nanoTime() > deadline) {
        assertThat(actual).as("the replica's index").isEqualTo(expected);
      }
      Thread.sleep(50);
    }
  }
}
