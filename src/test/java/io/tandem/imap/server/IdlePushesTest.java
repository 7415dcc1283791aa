package io.tandem.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.PlaintextAuth;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes to sessions in IDLE do not wait for one another: a client that stopped reading while
 * many changes were pushed to it holds up no other session, and a push it leaves unwritten past
 * the deadline ends its session.
 */
class IdlePushesTest {
  private static final String MESSAGE = "From: a@example.test\nSubject: s\n\nbody\n";
  private static final int MESSAGES = 300;
  /** STOREs tried before giving up on filling the stuck client's buffers (about 4 MiB). */
  private static final int MAX_STORES = 300;

  @TempDir
  Path dir;
  /** The socket of the client that reads nothing. */
  private Socket stuckSocket;

  @Test
  void aClientThatReadsNothingHoldsUpNoOtherSessionsPushes() throws Exception {
    try (ImapFixture fixture = filled(new ImapFixture(dir));
        ImapTestClient stuck = idlingWithoutReading(fixture);
        ImapTestClient actor = loggedIn(fixture)) {
      actor.command("SELECT INBOX");
      // Until a push is seen in a socket write after three STOREs in a row: blocked there, as
      // the client reads nothing (the STOREs in between queue no other push to it).
      int stores = 0;
      int seenBlocked = 0;
      while (seenBlocked < 3 && stores < MAX_STORES) {
        storeKeywords(actor, stores++);
        seenBlocked = pushBlockedWriting() ? seenBlocked + 1 : 0;
      }
      assertThat(seenBlocked).as("a push blocked on the client that reads nothing").isEqualTo(3);
      try (ImapTestClient watcher = loggedIn(fixture)) {
        watcher.command("SELECT INBOX");
        watcher.send("w1 IDLE");
        assertThat(watcher.line()).isEqualTo("+ idling");
        fixture.deliver("alice", "INBOX", MESSAGE, List.of());
        // The client's read timeout (20 s) is only the failure deadline.
        assertThat(watcher.line()).isEqualTo("* " + (MESSAGES + 1) + " EXISTS");
        watcher.send("DONE");
        assertThat(watcher.until("w1")).containsExactly("w1 OK IDLE terminated");
      }
    }
  }

  @Test
  void aPushLeftUnwrittenPastTheDeadlineEndsItsSession() throws Exception {
    ImapSettings settings = ImapFixture.settings(PlaintextAuth.TLS_OR_LOOPBACK, 5,
        Duration.ofMinutes(30), 50);
    try (ImapFixture fixture = filled(new ImapFixture(dir, settings, Duration.ofSeconds(1)));
        ImapTestClient stuck = idlingWithoutReading(fixture);
        ImapTestClient actor = loggedIn(fixture)) {
      actor.command("SELECT INBOX");
      int stores = 0;
      while (fixture.imap.activeConnections() > 1 && stores < MAX_STORES) {
        storeKeywords(actor, stores++);
      }
      assertThat(fixture.imap.activeConnections()).as("the stuck session ended").isEqualTo(1);
      // What was written before the cut can be read; then the connection ends (were it still
      // open, the read would time out and fail the test).
      drainToEnd(stuckSocket);
      assertThat(actor.command("NOOP")).last().asString().contains("OK NOOP completed");
    }
  }

  private static ImapFixture filled(ImapFixture fixture) throws Exception {
    for (int i = 0; i < MESSAGES; i++) {
      fixture.deliver("alice", "INBOX", MESSAGE, List.of());
    }
    return fixture;
  }

  /** A client in IDLE whose socket takes little and which then reads nothing more. */
  private ImapTestClient idlingWithoutReading(ImapFixture fixture) throws Exception {
    Socket socket = new Socket();
    stuckSocket = socket;
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", fixture.imap.port()));
    ImapTestClient client = new ImapTestClient(socket);
    client.line();
    assertThat(client.command("LOGIN alice secret").get(0)).contains("OK");
    client.command("SELECT INBOX");
    client.send("i1 IDLE");
    assertThat(client.line()).isEqualTo("+ idling");
    return client;
  }

  /**
   * Sets or clears 20 keywords of 40 characters on every message: each STORE has about 250 KiB
   * of FETCH lines pushed to the idling client.
   */
  private static void storeKeywords(ImapTestClient actor, int round) throws Exception {
    List<String> keywords = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      keywords.add("$keyword-" + k + "-" + "x".repeat(30));
    }
    List<String> reply = actor.command("STORE 1:* " + (round % 2 == 0 ? "+" : "-")
        + "FLAGS.SILENT (" + String.join(" ", keywords) + ")");
    assertThat(reply).last().asString().contains("OK");
  }

  /** Whether a push thread is inside a socket write (stuck there: its client reads nothing). */
  private static boolean pushBlockedWriting() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(thread -> thread.getKey().getName().equals("imap-notify"))
        .anyMatch(thread -> java.util.Arrays.stream(thread.getValue())
            .anyMatch(frame -> frame.getMethodName().equals("implWrite")));
  }

  /** Reads until the server ends the connection. */
  private static void drainToEnd(Socket socket) throws Exception {
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[64 * 1024];
    try {
      while (in.read(buffer) >= 0) {
        // What the server had written before it cut the connection.
      }
    } catch (SocketException reset) {
      // A cut with unsent data is a reset: the end as well.
    }
  }

  private static ImapTestClient loggedIn(ImapFixture fixture) throws Exception {
    ImapTestClient client = ImapTestClient.connect(fixture.imap.port());
    assertThat(client.command("LOGIN alice secret").get(0)).contains("OK");
    return client;
  }
}
