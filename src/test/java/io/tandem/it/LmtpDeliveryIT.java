package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as a process; Python's smtplib.LMTP delivers; Python's mailbox.Maildir reads the
 * messages back byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LmtpDeliveryIT {
  Path dir;
  ServiceProcess service;

  @BeforeAll
  void start(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    service = new ServiceProcess(dir.resolve("a"), "it-a", "lmtp.max_message_size = 20M\n");
    service.addUser("alice", "alice-password");
    service.addUser("bob", "bob-password");
    service.start();
  }

  @AfterAll
  void stop() throws Exception {
    assertThat(service.stop()).as("exit code after SIGTERM").isZero();
    assertThat(service.log()).contains("Stopped");
  }

  JsonNode send(Path message, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port",
        Integer.toString(service.lmtpPort()), "--from", "sender@example.test", "--file",
        message.toString()));
    args.addAll(List.of(extra));
    return PythonTool.run("lmtp_send.py", args.toArray(String[]::new));
  }

  JsonNode maildir(String user) throws Exception {
    return PythonTool.run("maildir_dump.py",
        service.mailRoot().resolve(user).resolve("Maildir").toString());
  }

  Path message(String name, String headers, byte[] body) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(headers.getBytes(StandardCharsets.UTF_8));
    out.write(body);
    Path file = dir.resolve(name);
    Files.write(file, out.toByteArray());
    return file;
  }

  /** Every (message id, sha256) pair the user's maildir holds, as Python reads it. */
  List<String> stored(String user) throws Exception {
    List<String> pairs = new ArrayList<>();
    for (JsonNode m : maildir(user).get("messages")) {
      pairs.add(m.get("message_id").asText() + " " + m.get("sha256").asText());
    }
    return pairs;
  }

  @Test
  void multiRecipientDeliveryIsStoredByteForBytePerRecipient() throws Exception {
    Path msg = message("multi.eml", "Message-ID: <multi@it>\r\nSubject: to both\r\n\r\n",
        "Hello both\r\n".getBytes(StandardCharsets.US_ASCII));
    JsonNode result = send(msg, "--to", "alice@example.test", "--to", "bob+lists@example.test");
    assertThat(result.at("/replies/alice@example.test/0").asInt()).isEqualTo(250);
    assertThat(result.at("/replies/bob+lists@example.test/0").asInt()).isEqualTo(250);
    assertThat(stored("alice")).contains(
        "<multi@it> " + result.at("/sha256/alice@example.test").asText());
    assertThat(stored("bob")).contains(
        "<multi@it> " + result.at("/sha256/bob+lists@example.test").asText());
  }

  @Test
  void unknownRecipientGets550AndTheOthersTheirMessage() throws Exception {
    Path msg = message("mixed.eml", "Message-ID: <mixed@it>\r\n\r\n", "x\r\n".getBytes());
    JsonNode result = send(msg, "--to", "nobody@example.test", "--to", "alice@example.test");
    assertThat(result.at("/replies/nobody@example.test/0").asInt()).isEqualTo(550);
    assertThat(result.at("/rcpt/nobody@example.test/1").asText()).startsWith("5.1.1");
    assertThat(result.at("/replies/alice@example.test/0").asInt()).isEqualTo(250);
  }

  @Test
  void pipelinedDotStuffedEightBitMessageArrivesIntact() throws Exception {
    byte[] body = (".leading dot\r\n..two dots\r\n.\r\nnot the end\r\n"
        + "caf\u00e9 \u00fcber \u2603\r\n").getBytes(StandardCharsets.UTF_8);
    Path msg = message("dots.eml", "Message-ID: <dots@it>\r\nContent-Type: text/plain;"
        + " charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n", body);
    JsonNode result = send(msg, "--to", "alice@example.test", "--pipelined");
    assertThat(result.get("pipelining_advertised").asBoolean()).isTrue();
    assertThat(result.at("/replies/alice@example.test/0").asInt()).isEqualTo(250);
    assertThat(stored("alice")).contains(
        "<dots@it> " + result.at("/sha256/alice@example.test").asText());
  }

  @Test
  void largeMessageArrivesIntact() throws Exception {
    byte[] body = new byte[8 << 20];
    Random random = new Random(5);
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (i % 100 == 99 ? '\n' : 'a' + random.nextInt(26));
    }
    Path msg = message("large.eml", "Message-ID: <large@it>\r\n\r\n", body);
    JsonNode result = send(msg, "--to", "bob@example.test");
    assertThat(result.at("/replies/bob@example.test/0").asInt()).isEqualTo(250);
    assertThat(stored("bob")).contains(
        "<large@it> " + result.at("/sha256/bob@example.test").asText());
  }

  @Test
  void oversizeMessageGets552AndNothingIsStored() throws Exception {
    byte[] body = new byte[21 << 20];
    java.util.Arrays.fill(body, (byte) 'x');
    for (int i = 998; i < body.length; i += 1000) {
      body[i] = '\r';
      body[i + 1] = '\n';
    }
    Path msg = message("huge.eml", "Message-ID: <huge@it>\r\n\r\n", body);
    JsonNode result = send(msg, "--to", "bob@example.test");
    assertThat(result.at("/replies/bob@example.test/0").asInt()).isEqualTo(552);
    assertThat(stored("bob")).noneMatch(pair -> pair.startsWith("<huge@it>"));
  }

  @Test
  void malformedCommandsGetErrorsAndTheSessionGoesOn() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", service.lmtpPort())) {
      socket.setSoTimeout(10_000);
      java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
          socket.getInputStream(), StandardCharsets.US_ASCII));
      java.io.OutputStream out = socket.getOutputStream();
      assertThat(in.readLine()).startsWith("220 ");
      assertThat(exchange(in, out, "HELO client")).startsWith("500 5.5.1");
      assertThat(exchange(in, out, "MAIL FROM:<s@x.test>")).startsWith("503 5.5.1");
      exchange(in, out, "LHLO client");
      while (!in.readLine().startsWith("250 ")) {
        // the rest of the LHLO capability lines
      }
      assertThat(exchange(in, out, "RCPT TO:<alice@x.test>")).startsWith("503 5.5.1");
      assertThat(exchange(in, out, "MAIL FROM:<not an address")).startsWith("501 5.1.7");
      assertThat(exchange(in, out, "X".repeat(5000))).startsWith("500 5.5.2");
      assertThat(exchange(in, out, "MAIL FROM:<s@x.test> SIZE=999999999999"))
          .startsWith("552 5.3.4");
      assertThat(exchange(in, out, "VRFY alice")).startsWith("252");
      assertThat(exchange(in, out, "MAIL FROM:<s@x.test>")).startsWith("250");
      assertThat(exchange(in, out, "RCPT TO:<alice@x.test>")).startsWith("250");
      assertThat(exchange(in, out, "DATA")).startsWith("354");
      assertThat(exchange(in, out, "Message-ID: <after-errors@it>\r\n\r\nstill fine\r\n."))
          .startsWith("250 2.0.0");
      assertThat(exchange(in, out, "QUIT")).startsWith("221");
    }
    assertThat(stored("alice")).anyMatch(pair -> pair.startsWith("<after-errors@it>"));
  }

  private static String exchange(java.io.BufferedReader in, java.io.OutputStream out, String line)
      throws java.io.IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return in.readLine();
  }

  @Test
  void statusReportsUsersAndJournal() throws Exception {
    ServiceProcess.Result status = service.cli(null, "status", "--json");
    assertThat(status.exitCode()).isZero();
    JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(status.output());
    assertThat(json.get("appliance").asText()).isEqualTo("it-a");
    assertThat(json.get("role").asText()).isEqualTo("primary");
    assertThat(json.at("/store/users").asInt()).isEqualTo(2);
    assertThat(json.at("/journal/last_seq").asLong()).isPositive();
  }
}
