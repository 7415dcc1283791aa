package io.tandem.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.PlaintextAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one session sees of changes made elsewhere (another session, a delivery, a failover), and
 * the connection-level rules: TLS, the plaintext policy, login throttling, limits, timeouts.
 */
class ImapSessionsTest {
  private static final String MESSAGE = "From: a@example.test\nSubject: s\n\nbody\n";

  @TempDir
  Path dir;

  @Test
  void aDeliveryReachesAnIdlingClientAtOnce() throws Exception {
    try (ImapFixture fixture = new ImapFixture(dir);
        ImapTestClient client = loggedIn(fixture, "alice")) {
      client.command("SELECT INBOX");
      client.send("i1 IDLE");
      assertThat(client.line()).isEqualTo("+ idling");
      fixture.deliver("alice", "INBOX", MESSAGE, List.of());
      // Nothing more is sent by the client: the EXISTS is pushed.
      assertThat(client.line()).isEqualTo("* 1 EXISTS");
      client.send("DONE");
      assertThat(client.until("i1")).containsExactly("i1 OK IDLE terminated");
    }
  }

  @Test
  void changesByAnotherSessionAreToldAndExpungesWaitForAllowedCommands() throws Exception {
    try (ImapFixture fixture = new ImapFixture(dir);
        ImapTestClient watcher = loggedIn(fixture, "alice");
        ImapTestClient actor = loggedIn(fixture, "alice")) {
      fixture.deliver("alice", "INBOX", MESSAGE, List.of());
      fixture.deliver("alice", "INBOX", MESSAGE, List.of());
      watcher.command("SELECT INBOX");
      actor.command("SELECT INBOX");
      actor.command("STORE 1 +FLAGS.SILENT (\\Flagged)");
      assertThat(watcher.command("NOOP"))
          .containsExactly("* 1 FETCH (UID 1 FLAGS (\\Flagged))", "t3 OK NOOP completed");
      actor.command("STORE 2 +FLAGS.SILENT (\\Deleted)");
      actor.command("EXPUNGE");
      fixture.deliver("alice", "INBOX", MESSAGE, List.of());
      // FETCH by sequence number must not announce an expunge (RFC 3501 §7.4.1) ...
      List<String> fetch = watcher.command("FETCH 1 (FLAGS)");
      assertThat(fetch).doesNotContain("* 2 EXPUNGE").contains("* 3 EXISTS");
      // ... NOOP may, and then the sequence numbers shift.
      assertThat(watcher.command("NOOP")).containsExactly("* 2 EXPUNGE", "t5 OK NOOP completed");
      assertThat(watcher.command("FETCH 2 (UID)"))
          .containsExactly("* 2 FETCH (UID 3)", "t6 OK FETCH completed");
    }
  }

  @Test
  void qresyncGivesOnlyWhatChangedSinceTheClientsModseq() throws Exception {
    try (ImapFixture fixture = new ImapFixture(dir);
        ImapTestClient client = loggedIn(fixture, "alice")) {
      for (int i = 0; i < 4; i++) {
        fixture.deliver("alice", "INBOX", MESSAGE, List.of());
      }
      client.command("ENABLE QRESYNC");
      List<String> first = client.command("SELECT INBOX");
      long uidValidity = number(first, "UIDVALIDITY");
      long modseq = number(first, "HIGHESTMODSEQ");
      client.command("STORE 2 +FLAGS.SILENT (\\Seen)");
      client.command("UID STORE 3 +FLAGS.SILENT (\\Deleted)");
      client.command("UID EXPUNGE 3");
      client.command("UNSELECT");
      List<String> again = client.command("SELECT INBOX (QRESYNC (" + uidValidity + " "
          + modseq + "))");
      assertThat(again).contains("* VANISHED (EARLIER) 3");
      assertThat(again.stream().filter(line -> line.contains("FETCH")))
          .containsExactly("* 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ (" + (modseq + 1) + "))");
    }
  }

  @Test
  void sessionsAreEndedWhenTheApplianceStopsBeingPrimary() throws Exception {
    try (ImapFixture fixture = new ImapFixture(dir);
        ImapTestClient client = loggedIn(fixture, "alice")) {
      client.command("SELECT INBOX");
      fixture.role.stepDown(fixture.role.epoch() + 1);
      assertThat(client.line())
          .isEqualTo("* BYE [UNAVAILABLE] This appliance is no longer the primary; reconnect");
      assertThat(client.line()).isEqualTo("<closed>");
      try (ImapTestClient late = ImapTestClient.connect(fixture.imap.port())) {
        assertThat(late.command("LOGIN alice secret")).containsExactly(
            "t1 NO [UNAVAILABLE] This appliance is not the primary of its pair; connect to the"
                + " primary");
      }
    }
  }

  @Test
  void passwordsNeedTlsWhenThePolicySaysSo() throws Exception {
    try (ImapFixture fixture = new ImapFixture(dir, ImapFixture.settings(PlaintextAuth.TLS, 5,
            Duration.ofMinutes(30), 50));
        ImapTestClient client = ImapTestClient.connect(fixture.imap.port())) {
      assertThat(client.command("CAPABILITY").get(0)).contains("STARTTLS", "LOGINDISABLED")
          .doesNotContain("AUTH=PLAIN");
      assertThat(client.command("LOGIN alice secret").get(0))
          .startsWith("t2 NO [PRIVACYREQUIRED]");
      assertThat(client.startTls()).containsExactly("t3 OK Begin TLS negotiation now");
      assertThat(client.command("CAPABILITY").get(0)).contains("AUTH=PLAIN")
          .doesNotContain("STARTTLS");
      assertThat(client.command("LOGIN alice secret").get(0)).startsWith("t5 OK");
    }
  }

  @Test
  void theImplicitTlsListenerServesTheSameSessions() throws Exception {
    try (ImapFixture fixture = new ImapFixture(dir, ImapFixture.settings(PlaintextAuth.TLS, 5,
            Duration.ofMinutes(30), 50));
        ImapTestClient client = ImapTestClient.connectTls(fixture.imap.tlsPort())) {
      assertThat(client.command("LOGIN alice secret").get(0)).startsWith("t1 OK");
      assertThat(client.command("STATUS INBOX (MESSAGES)").get(0))
          .isEqualTo("* STATUS \"INBOX\" (MESSAGES 0)");
    }
  }

  @Test
  void repeatedFailuresLockTheAddressOutEvenWithTheRightPassword() throws Exception {
    try (ImapFixture fixture = new ImapFixture(dir, ImapFixture.settings(
            PlaintextAuth.TLS_OR_LOOPBACK, 2, Duration.ofMinutes(30), 50));
        ImapTestClient client = ImapTestClient.connect(fixture.imap.port())) {
      assertThat(client.command("LOGIN alice wrong").get(0)).contains("AUTHENTICATIONFAILED");
      assertThat(client.command("LOGIN bob wrong").get(0)).contains("AUTHENTICATIONFAILED");
      assertThat(client.command("LOGIN carol secret").get(0))
          .isEqualTo("t3 NO [UNAVAILABLE] Too many failed logins; try again later");
      assertThat(client.command("LOGIN alice secret").get(0))
          .isEqualTo("t4 NO [UNAVAILABLE] Too many failed logins; try again later");
    }
  }

  @Test
  void aSilentClientIsLoggedOut() throws Exception {
    try (ImapFixture fixture = new ImapFixture(dir, ImapFixture.settings(
            PlaintextAuth.TLS_OR_LOOPBACK, 5, Duration.ofSeconds(1), 50));
        ImapTestClient client = loggedIn(fixture, "alice")) {
      assertThat(client.line()).startsWith("* BYE Autologout");
      assertThat(client.line()).isEqualTo("<closed>");
    }
  }

  @Test
  void connectionsOverThePerAddressLimitAreTurnedAway() throws Exception {
    try (ImapFixture fixture = new ImapFixture(dir, ImapFixture.settings(
            PlaintextAuth.TLS_OR_LOOPBACK, 5, Duration.ofMinutes(30), 2));
        ImapTestClient one = ImapTestClient.connect(fixture.imap.port());
        ImapTestClient two = ImapTestClient.connect(fixture.imap.port());
        ImapTestClient three = new ImapTestClient(
            new java.net.Socket("127.0.0.1", fixture.imap.port()))) {
      assertThat(three.line())
          .isEqualTo("* BYE [UNAVAILABLE] Too many connections from your address");
      assertThat(one.command("NOOP")).containsExactly("t1 OK NOOP completed");
    }
  }

  @Test
  void anAppendedMessageIsAMaildirFileWithItsFlagsAndLfLineEnds() throws Exception {
    try (ImapFixture fixture = new ImapFixture(dir);
        ImapTestClient client = loggedIn(fixture, "alice")) {
      client.send("t9 APPEND INBOX (\\Seen \\Flagged) {22+}");
      client.send("Subject: hi\r\n\r\nhello\r\n");
      assertThat(client.until("t9").get(0)).startsWith("t9 OK [APPENDUID ");
      Path cur = fixture.maildir("alice").resolve("cur");
      try (Stream<Path> files = Files.list(cur)) {
        List<Path> all = files.toList();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).getFileName().toString()).endsWith(":2,FS");
        assertThat(Files.readString(all.get(0))).isEqualTo("Subject: hi\n\nhello\n");
      }
    }
  }

  @Test
  void aHeaderReadOnceIsAnsweredFromTheCacheByTheMessagesHash() throws Exception {
    try (ImapFixture fixture = new ImapFixture(dir);
        ImapTestClient client = loggedIn(fixture, "alice")) {
      fixture.deliver("alice", "INBOX", MESSAGE, List.of());
      client.command("SELECT INBOX");
      assertThat(client.command("UID SEARCH SUBJECT s")).contains("* SEARCH 1");
      // The file is changed under its hash, which never happens to a sound store: header
      // searches and fetches still see the header cached for that hash, the body is read anew.
      Path file;
      try (Stream<Path> files = Files.list(fixture.maildir("alice").resolve("new"))) {
        file = files.findFirst().orElseThrow();
      }
      Files.writeString(file, "From: a@example.test\nSubject: changed\n\nbody\n");
      assertThat(client.command("UID SEARCH SUBJECT changed")).contains("* SEARCH");
      assertThat(client.command("UID SEARCH SUBJECT s")).contains("* SEARCH 1");
      assertThat(String.join("\n", client.command("UID FETCH 1 (BODY.PEEK[HEADER])")))
          .contains("Subject: s").doesNotContain("changed");
      assertThat(String.join("\n", client.command("UID FETCH 1 (BODY.PEEK[])")))
          .contains("Subject: changed");
    }
  }

  private static ImapTestClient loggedIn(ImapFixture fixture, String user) throws Exception {
    ImapTestClient client = ImapTestClient.connect(fixture.imap.port());
    assertThat(client.command("LOGIN " + user + " secret").get(0)).contains("OK");
    return client;
  }

  private static long number(List<String> lines, String code) {
    for (String line : lines) {
      int at = line.indexOf("[" + code + " ");
      if (at >= 0) {
        return Long.parseLong(line.substring(at + code.length() + 2, line.indexOf(']', at)));
      }
    }
    throw new AssertionError(code + " not in " + lines);
  }
}
