package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's imaplib against {@code tandem serve} as a process (src/test/python/imap_clients.py
 * drives it and checks each answer): every command a client uses, IDLE hearing an LMTP delivery,
 * STARTTLS and the implicit-TLS port with the appliance's certificate, and the plain-text login
 * policy; clients that follow a mailbox only through untagged responses while others change it; then the maildir on disk, read with Python's mailbox.Maildir, holds what the session
 * did, with the right flag letters in cur/ and new/.
 */
class ImapClientsIT {
  private static final String USER = "alice";
  private static final String PASSWORD = "alice-password";

  @TempDir Path dir;
  private ServiceProcess service;

  @AfterEach
  void tearDown() throws Exception {
    if (service != null) {
      service.close();
    }
  }

  /** An appliance with its TLS identity, an implicit-TLS listener and user alice. */
  private void start(String extraConfig) throws Exception {
    service = new ServiceProcess(dir.resolve("a"), "imap-a",
        "imap.tls_listen = 127.0.0.1:0\n" + extraConfig);
    ServiceProcess.Result init = service.cli(null, "tls", "init");
    assertThat(init.exitCode()).as(init.output()).isZero();
    service.start();
    assertThat(service.imapPort()).as("imap= in the ready line").isPositive();
    assertThat(service.imapTlsPort()).as("the imaps listener in the log").isPositive();
    // Through the running service's admin API, the password read from stdin.
    service.addUser(USER, PASSWORD);
  }

  private JsonNode scenario(String name) throws Exception {
    return scenario(name, USER, PASSWORD);
  }

  private JsonNode scenario(String name, String user, String password) throws Exception {
    List<String> args = new ArrayList<>(List.of(name, "--host", "127.0.0.1",
        "--port", Integer.toString(service.imapPort()),
        "--tls-port", Integer.toString(service.imapTlsPort()),
        "--lmtp-port", Integer.toString(service.lmtpPort()),
        "--user", user, "--password", password,
        "--cert", service.stateDir().resolve("tls/appliance.crt").toString()));
    PythonTool.Output out = PythonTool.runRaw("imap_clients.py", args.toArray(String[]::new));
    JsonNode result;
    try {
      result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.stdout());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError("imap_clients.py " + name + " printed no JSON: " + out.stdout()
          + out.stderr() + "\nservice log:\n" + service.log());
    }
    assertThat(result.path("error").isMissingNode())
        .as("the scenario stopped: " + result.path("error").asText() + "; failures so far: "
            + result.path("failures") + "\n" + out.stderr())
        .isTrue();
    assertThat(result.path("failures")).as("failed checks").isEmpty();
    assertThat(result.path("checks").asInt()).isPositive();
    return result;
  }

  @Test
  void imaplibDrivesEveryCommandAndTheMaildirHoldsTheResult() throws Exception {
    start("");
    JsonNode result = scenario("commands");
    System.out.println("imap_clients.py commands: " + result.path("checks") + " checks passed");

    JsonNode dump = PythonTool.run("maildir_dump.py",
        service.mailRoot().resolve(USER).resolve("Maildir").toString());
    List<String> folders = new ArrayList<>();
    dump.path("folders").forEach(folder -> folders.add(folder.asText()));
    assertThat(folders).containsExactlyInAnyOrder("INBOX", "Archive", "Drafts", "Junk", "Sent",
        "Trash", "Projects", "Projects.Sub");
    Path maildir = service.mailRoot().resolve(USER).resolve("Maildir");
    assertThat(maildir.resolve(".Work")).as("renamed away").doesNotExist();
    assertThat(maildir.resolve(".Scratch")).as("deleted").doesNotExist();

    List<String> onDisk = new ArrayList<>();
    for (JsonNode message : dump.path("messages")) {
      String flags = message.path("flags").asText();
      onDisk.add(message.path("folder").asText() + " " + message.path("message_id").asText()
          + " " + flags);
      // Maildir: a message nobody flagged stays in new/ without an info suffix; any flag puts
      // it in cur/ with ":2,<letters>", letters in ASCII order.
      String file = message.path("file").asText();
      if (flags.isEmpty()) {
        assertThat(file).as("unflagged message").startsWith("new/").doesNotContain(":2,");
      } else {
        assertThat(file).as("flagged message").startsWith("cur/").endsWith(":2," + flags);
      }
    }
    List<String> expected = new ArrayList<>();
    for (JsonNode message : result.path("expected")) {
      expected.add(message.path("folder").asText() + " " + message.path("message_id").asText()
          + " " + message.path("flags").asText());
    }
    assertThat(onDisk).containsExactlyInAnyOrderElementsOf(expected);
    dump.path("tmp").forEach(tmp -> assertThat(tmp).as("nothing left in tmp/").isEmpty());
    assertThat(Files.exists(service.mailRoot().resolve(".tandem-spool"))
        ? Files.list(service.mailRoot().resolve(".tandem-spool")).count() : 0)
        .as("no spool files left behind by APPEND").isZero();

    // Clients that follow INBOX only through untagged responses (NOOP and IDLE, with EXPUNGE
    // and with QRESYNC's VANISHED) while three other sessions and LMTP change it: each keeps
    // the picture a fresh SELECT gives (src/test/python/imap_clients.py tracking).
    service.addUser("bob", "bob-password");
    JsonNode tracking = scenario("tracking", "bob", "bob-password");
    System.out.println("imap_clients.py tracking: " + tracking.path("checks") + " checks passed, "
        + tracking.path("messages") + " messages at the end");

    // Every change was an operation in the journal, and the index agrees with the files.
    assertThat(service.stop()).isZero();
    ServiceProcess.Result journal = service.cli(null, "journal", "dump");
    assertThat(journal.output()).contains("set-flags", "expunge", "copy", "move",
        "create-mailbox", "rename-mailbox", "delete-mailbox");
    ServiceProcess.Result verify = service.cli(null, "index", "verify");
    assertThat(verify.exitCode()).as(verify.output()).isZero();
  }

  /**
   * A client that asks for a large message and stops reading blocks the server's write to it
   * (here over TLS, whose own close would wait for that write); it must hold up neither the
   * other sessions (IDLE still hears a delivery) nor the shutdown, which tells every session BYE
   * and cuts the stuck one off.
   */
  @Test
  void aClientThatStopsReadingHoldsUpNeitherOtherSessionsNorTheShutdown() throws Exception {
    start("");
    PythonTool.run("imap_pair.py", "act", "--port", Integer.toString(service.imapPort()),
        "--user", USER, "--password", PASSWORD, "--actions", "[{\"op\": \"create\", \"folder\":"
        + " \"Big\"}, {\"op\": \"append\", \"folder\": \"Big\", \"id\": \"<big@it>\","
        + " \"size\": 16000000}]");
    Process hold = new ProcessBuilder("python3", PythonTool.script("imap_pair.py").toString(),
        "hold", "--port", Integer.toString(service.imapPort()), "--user", USER, "--password",
        PASSWORD, "--seconds", "90", "--stuck-folder", "Big", "--stuck-tls-port",
        Integer.toString(service.imapTlsPort()))
        .redirectError(dir.resolve("hold.err").toFile()).start();
    java.io.BufferedReader holdOut = new java.io.BufferedReader(new java.io.InputStreamReader(
        hold.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(holdOut.readLine()).as("the sessions opened").isEqualTo("{\"ready\": true}");
    PythonTool.run("imap_pair.py", "act", "--port", Integer.toString(service.imapPort()),
        "--lmtp-port", Integer.toString(service.lmtpPort()), "--user", USER, "--password",
        PASSWORD, "--actions", "[{\"op\": \"deliver\", \"id\": \"<while-stuck@it>\"}]");

    assertThat(service.stop()).as("exit code after SIGTERM").isZero();
    hold.getOutputStream().close(); // now the stuck client reads what it was sent
    JsonNode held = new com.fasterxml.jackson.databind.ObjectMapper().readTree(holdOut.readLine());
    assertThat(hold.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    for (JsonNode session : held.path("sessions")) {
      List<String> lines = new ArrayList<>();
      session.path("lines").forEach(line -> lines.add(line.asText()));
      if (session.path("idle").asBoolean()) {
        assertThat(lines).as("IDLE heard the delivery").contains("* 1 EXISTS");
      }
      assertThat(lines).as("told BYE at shutdown").anyMatch(line -> line.startsWith(
          "* BYE [UNAVAILABLE] The server is shutting down"));
      assertThat(session.path("closed").asBoolean()).as(lines.toString()).isTrue();
    }
    assertThat(held.path("stuck").path("closed").asBoolean()).as(held.path("stuck").toString())
        .isTrue();
    assertThat(held.path("stuck").path("complete").asBoolean())
        .as("the stuck client was cut off, its FETCH never completed").isFalse();
  }

  @Test
  void plaintextAuthTlsRefusesLoginWithoutTlsAndAllowsItAfterStartTls() throws Exception {
    start("imap.plaintext_auth = tls\n");
    JsonNode result = scenario("policy");
    System.out.println("imap_clients.py policy: " + result.path("checks") + " checks passed");
  }
}
