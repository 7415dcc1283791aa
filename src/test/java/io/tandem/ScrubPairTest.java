package io.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.alert.Alert;
import io.tandem.store.PasswordHash;
import io.tandem.store.write.MailboxIntents;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.UserIntents;
import io.tandem.testing.StoreComparison;
import io.tandem.util.Sha256;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem scrub} on a primary and a replica in this JVM, over real TLS: message files
 * corrupted or deleted on one appliance are put back from the other, byte for byte; a file bad on
 * both is reported and alerted, never replaced by wrong bytes.
 */
class ScrubPairTest {
  private static final String HASH = "pbkdf2-sha256$1000$c2FsdA$aGFzaA";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String FAST = "scrub.rate = 1G\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  PairFixture pair;

  @AfterEach
  void tearDown() {
    if (pair != null) {
      pair.close();
    }
  }

  /** alice with messages "message 1".."message 6" in INBOX (3 flagged \Seen) and 2 in Work. */
  private void pairWithMail() throws Exception {
    pair = new PairFixture(dir, FAST, FAST);
    pair.run(UserIntents.add("alice", HASH));
    pair.run(MailboxIntents.create("alice", "Work"));
    for (int i = 1; i <= 6; i++) {
      pair.deliver("alice", "INBOX", "message " + i + "\n" + "x".repeat(i * 100) + "\n");
    }
    pair.deliver("alice", "Work", "message 7\nat work\n");
    pair.deliver("alice", "Work", "message 8\nat work too\n");
    pair.run(MessageIntents.setFlags("alice", "INBOX", List.of(1L, 2L, 3L),
        MessageIntents.FlagMode.ADD, List.of("\\Seen")));
    pair.awaitInStep(WAIT);
  }

  @Test
  void corruptAndMissingFilesOnThePrimaryAreRepairedFromTheReplica() throws Exception {
    pairWithMail();
    Path alpha = mail("alpha");
    Path corruptFlagged = fileWith(alpha, "message 2");
    Path corruptNew = fileWith(alpha, "message 5");
    Path deleted = fileWith(alpha, "message 7");
    Path badOnBoth = fileWith(alpha, "message 4");
    Path badOnBothReplica = fileWith(mail("beta"), "message 4");
    byte[] good2 = Files.readAllBytes(corruptFlagged);
    byte[] good5 = Files.readAllBytes(corruptNew);
    byte[] good7 = Files.readAllBytes(deleted);
    Files.writeString(corruptFlagged, "message 2 CORRUPT\n");
    flipOneBit(corruptNew);
    Files.delete(deleted);
    Files.writeString(badOnBoth, "message 4 CORRUPT\n");
    Files.writeString(badOnBothReplica, "message 4 CORRUPT\n");

    JsonNode report = scrub(pair.primary, null);

    assertThat(report.path("state").asText()).isEqualTo("finished");
    assertThat(report.path("files_checked").asLong()).isEqualTo(8);
    assertThat(report.path("bad_found").asLong()).isEqualTo(4);
    assertThat(report.path("repaired").asLong()).isEqualTo(3);
    assertThat(report.path("unrepairable").asLong()).isEqualTo(1);
    assertThat(Files.readAllBytes(corruptFlagged)).isEqualTo(good2);
    assertThat(Files.readAllBytes(corruptNew)).isEqualTo(good5);
    assertThat(Files.readAllBytes(deleted)).isEqualTo(good7);
    assertThat(Sha256.hexOf(good7)).isEqualTo(findingOf(report, 7).path("sha256").asText());
    assertThat(findingOf(report, 7).path("problem").asText()).isEqualTo("missing");
    assertThat(findingOf(report, 2).path("problem").asText()).isEqualTo("corrupt");
    assertThat(findingOf(report, 2).path("detail").asText()).contains("partner");

    // Bad on both: left as it is (never replaced by wrong bytes), reported and alerted.
    assertThat(Files.readString(badOnBoth)).isEqualTo("message 4 CORRUPT\n");
    JsonNode four = findingOf(report, 4);
    assertThat(four.path("outcome").asText()).isEqualTo("unrepairable");
    Alert alert = alert(pair.primary, "scrub.unrepairable.alice/INBOX/4");
    assertThat(alert.severity()).isEqualTo(Alert.Severity.CRITICAL);
    assertThat(alert.message()).contains("uid 4", "alice/INBOX", four.path("file").asText(),
        four.path("sha256").asText());
    assertThat(pair.primary.replication().status()).containsEntry("connected", true);
    assertThat(tmpFiles(alpha)).isEmpty();

    // The status shows the last scrub, and the metrics count it.
    JsonNode status = get(pair.primary, "/api/status").path("scrub");
    assertThat(status.path("state").asText()).isEqualTo("finished");
    assertThat(status.path("repaired").asLong()).isEqualTo(3);
    assertThat(text(pair.primary, "/api/metrics")).contains("tandem_scrub_unrepairable 1");

    // Mail goes on, and both appliances hold the same files.
    pair.deliver("alice", "INBOX", "message 9\n");
    pair.awaitInStep(WAIT);
    pair.close();
    StoreComparison.assertIdentical(pair.settings("alpha"), pair.settings("beta"));
    assertThat(pair.fatalErrors).isEmpty();
  }

  @Test
  void theReplicaRepairsFromThePrimaryAndWaitsWhileThePrimaryIsAway() throws Exception {
    pairWithMail();
    Path beta = mail("beta");
    Path corrupt = fileWith(beta, "message 3");
    Path deleted = fileWith(beta, "message 8");
    byte[] good3 = Files.readAllBytes(corrupt);
    byte[] good8 = Files.readAllBytes(deleted);
    flipOneBit(corrupt);
    Files.delete(deleted);

    pair.stopPrimary();
    JsonNode away = scrub(pair.replica, "alice");
    assertThat(away.path("bad_found").asLong()).isEqualTo(2);
    assertThat(away.path("awaiting_partner").asLong()).isEqualTo(2);
    assertThat(away.path("repaired").asLong()).isZero();
    assertThat(alert(pair.replica, "scrub.awaiting-partner.alice/INBOX/3").severity())
        .isEqualTo(Alert.Severity.WARNING);
    assertThat(Files.exists(deleted)).isFalse();

    pair.startPrimary();
    pair.awaitInStep(WAIT);
    PairFixture.awaitCondition(WAIT, () -> Boolean.TRUE.equals(
        pair.replica.replication().status().get("connected")), () -> "not connected again");
    JsonNode report = scrub(pair.replica, null);
    assertThat(report.path("repaired").asLong()).isEqualTo(2);
    assertThat(report.path("unrepairable").asLong()).isZero();
    assertThat(report.path("awaiting_partner").asLong()).isZero();
    assertThat(Files.readAllBytes(corrupt)).isEqualTo(good3);
    assertThat(Files.readAllBytes(deleted)).isEqualTo(good8);
    assertThat(pair.replica.alerts()).noneMatch(a -> a.id().startsWith("scrub."));

    pair.close();
    StoreComparison.assertIdentical(pair.settings("alpha"), pair.settings("beta"));
  }

  @Test
  void aCopyElsewhereOnTheSameApplianceIsUsedFirst() throws Exception {
    pairWithMail();
    pair.run(MessageIntents.copy("alice", "INBOX", List.of(6L), "Work", false));
    pair.awaitInStep(WAIT);
    Path alpha = mail("alpha");
    Path inInbox;
    try (Stream<Path> files = Files.walk(alpha.resolve("alice/Maildir/new"))) {
      inInbox = files.filter(Files::isRegularFile).filter(p -> read(p).startsWith("message 6"))
          .findFirst().orElseThrow();
    }
    byte[] good = Files.readAllBytes(inInbox);
    // A copy is a hard link: break it first, so that only one of the two is damaged.
    Path copy = inInbox.resolveSibling("copy");
    Files.copy(inInbox, copy);
    Files.move(copy, inInbox, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(inInbox, "message 6 CORRUPT\n");
    pair.stopReplica();

    JsonNode report = scrub(pair.primary, "alice");
    assertThat(report.path("repaired").asLong()).isEqualTo(1);
    assertThat(findingOf(report, 6).path("detail").asText()).contains("this appliance");
    assertThat(Files.readAllBytes(inInbox)).isEqualTo(good);
  }

  @Test
  void imapServesTheRepairedHeaderNotOneCachedFromTheBadFile() throws Exception {
    pair = new PairFixture(dir, FAST, FAST);
    pair.run(UserIntents.add("alice", new PasswordHash(1000).hash("secret".toCharArray())));
    pair.deliver("alice", "INBOX", "Subject: hello\n\nbody\n");
    pair.awaitInStep(WAIT);
    Path file = fileWith(mail("alpha"), "Subject: hello");
    Files.writeString(file, "Subject: HELLO CORRUPT\n\nbody\n");
    String fetch = "UID FETCH 1 (BODY.PEEK[HEADER])";

    try (Socket socket = new Socket("127.0.0.1", pair.primary.imapPort())) {
      BufferedReader in = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      in.readLine();
      imap(in, out, "a LOGIN alice secret");
      imap(in, out, "b SELECT INBOX");
      // Read from the bad file, and so kept in the header cache under the message's hash.
      assertThat(imap(in, out, "c " + fetch)).anyMatch(line -> line.contains("HELLO CORRUPT"));

      assertThat(scrub(pair.primary, "alice").path("repaired").asLong()).isEqualTo(1);

      assertThat(imap(in, out, "d " + fetch))
          .anyMatch(line -> line.equals("Subject: hello"))
          .noneMatch(line -> line.contains("CORRUPT"));
    }
  }

  /** Sends one tagged IMAP command; returns the lines up to its tagged OK. */
  private static List<String> imap(BufferedReader in, OutputStream out, String command)
      throws IOException {
    out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String tag = command.substring(0, command.indexOf(' ') + 1);
    List<String> lines = new ArrayList<>();
    for (String line = in.readLine(); ; line = in.readLine()) {
      assertThat(line).as("the reply to " + command + " after " + lines).isNotNull();
      lines.add(line);
      if (line.startsWith(tag)) {
        assertThat(line).startsWith(tag + "OK");
        return lines;
      }
    }
  }

  /** Starts a scrub through the admin API and waits for its end; returns its report. */
  private static JsonNode scrub(ApplianceService appliance, String user) throws Exception {
    JsonNode started = send(appliance, "POST", "/api/scrub" + (user == null ? ""
        : "?user=" + user));
    assertThat(started.path("started").asBoolean()).isTrue();
    long run = started.path("run").asLong();
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode report = started;
    while (report.path("state").asText().equals("running")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the scrub did not finish: " + report);
      }
      Thread.sleep(20);
      report = get(appliance, "/api/scrub");
      assertThat(report.path("run").asLong()).isEqualTo(run);
    }
    return report;
  }

  private static JsonNode get(ApplianceService appliance, String path) throws Exception {
    return send(appliance, "GET", path);
  }

  private static String text(ApplianceService appliance, String path) throws Exception {
    return http(appliance, "GET", path).body();
  }

  private static JsonNode send(ApplianceService appliance, String method, String path)
      throws Exception {
    HttpResponse<String> response = http(appliance, method, path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> http(ApplianceService appliance, String method,
      String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + appliance.adminPort() + path)).method(method, HttpRequest.BodyPublishers.noBody())
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode findingOf(JsonNode report, long uidInInboxOrWork) {
    for (JsonNode finding : report.path("findings")) {
      long uid = finding.path("uid").asLong();
      String box = finding.path("mailbox").asText();
      long number = box.equals("Work") ? uid + 6 : uid;
      if (number == uidInInboxOrWork) {
        return finding;
      }
    }
    throw new AssertionError("no finding for message " + uidInInboxOrWork + ": " + report);
  }

  private static Alert alert(ApplianceService appliance, String id) {
    return appliance.alerts().stream().filter(a -> a.id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no alert " + id + ": " + appliance.alerts()));
  }

  private Path mail(String appliance) {
    return pair.settings(appliance).root();
  }

  /** The message file of alice whose text starts with {@code start}. */
  private static Path fileWith(Path root, String start) throws IOException {
    try (Stream<Path> files = Files.walk(root.resolve("alice"))) {
      return files.filter(Files::isRegularFile)
          .filter(p -> !p.getParent().getFileName().toString().equals("tmp"))
          .filter(p -> read(p).startsWith(start + "\n")).findFirst()
          .orElseThrow(() -> new AssertionError("no file starting with " + start));
    }
  }

  private static List<Path> tmpFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.getParent().getFileName().toString().equals("tmp")).toList();
    }
  }

  private static void flipOneBit(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
