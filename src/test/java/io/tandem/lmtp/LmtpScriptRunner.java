package io.tandem.lmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tandem.lmtp.MailDrop.Kind;
import io.tandem.lmtp.MailDrop.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Plays a {@code .test} transcript against an {@link LmtpConnection} over in-memory streams.
 *
 * <pre>
 * C: text        client line, CRLF appended         L: text   client line, bare LF appended
 * S: regex       the next server line must match it entirely (Java regex)
 * &#64;settings k=v ...   LmtpSettings fields (idleTimeout in ms); before the first C/L/S line
 * &#64;unknown ADDR  &#64;unavailable ADDR  &#64;outcome ADDR KIND text  &#64;begin-fails REPLY
 * &#64;shutdown      raise the server's shutdown signal
 * &#64;expect-body TEXT   the last delivered body, byte for byte
 * &#64;expect-deliveries N  &#64;expect-closed (the server closed the connection)
 * </pre>
 *
 * Client lines between two server lines are sent in one write, as a pipelining client would.
 * Text escapes: {@code \r \n \t \\ \xHH}, and {@code \*Nc} for the character c repeated N times.
 * At the end the client closes its side; no server line may be left unread and no spool open.
 */
final class LmtpScriptRunner {
  private static final long SERVER_LINE_TIMEOUT_MILLIS = 5000;

  private final FakeMailDrop drop = new FakeMailDrop();
  private final InMemoryConnection connection = new InMemoryConnection();
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private ScriptSettings settings = new ScriptSettings();
  private Thread server;
  private int lineNumber;
  private String scriptName;

  static void run(Path script) throws Exception {
    new LmtpScriptRunner().play(script);
  }

  private void play(Path script) throws Exception {
    scriptName = script.getFileName().toString();
    List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
    for (String line : lines) {
      lineNumber++;
      if (!line.isBlank() && !line.startsWith("#")) {
        step(line);
      }
    }
    finish();
  }

  private void step(String line) throws Exception {
    if (line.startsWith("@")) {
      directive(line.substring(1).split(" ", 2));
      return;
    }
    startServer();
    String text = line.length() > 3 ? line.substring(3) : "";
    boolean spaced = line.length() == 2 || (line.length() > 2 && line.charAt(2) == ' ');
    switch (spaced ? line.substring(0, 2) : line) {
      case "C:" -> pending.write(Escapes.decode(text + "\\r\\n"));
      case "L:" -> pending.write(Escapes.decode(text + "\\n"));
      case "S:" -> expectLine(text);
      default -> fail(where() + "unknown line: " + line);
    }
  }

  private void directive(String[] parts) throws Exception {
    String arg = parts.length > 1 ? parts[1] : "";
    switch (parts[0]) {
      case "settings" -> settings = settings.with(arg);
      case "unknown" -> drop.unknownUser(arg);
      case "unavailable" -> drop.unavailableUser(arg);
      case "outcome" -> {
        String[] o = arg.split(" ", 3);
        drop.outcome(o[0], new Outcome(Kind.valueOf(o[1]), o.length > 2 ? o[2] : ""));
      }
      case "begin-fails" -> drop.failBegin(arg);
      case "shutdown" -> {
        sendPending();
        connection.shutdown.request();
      }
      case "expect-body" -> assertThat(new String(lastBody(), StandardCharsets.ISO_8859_1))
          .as(where() + "delivered body")
          .isEqualTo(new String(Escapes.decode(arg), StandardCharsets.ISO_8859_1));
      case "expect-deliveries" -> assertThat(drop.deliveries()).as(where() + "deliveries")
          .hasSize(Integer.parseInt(arg));
      case "expect-closed" -> {
        sendPending();
        assertThat(readServerLine()).as(where() + "server should have closed").isNull();
      }
      default -> fail(where() + "unknown directive @" + parts[0]);
    }
  }

  private void startServer() {
    if (server != null) {
      return;
    }
    LmtpConnection lmtp =
        new LmtpConnection(connection, drop, settings.build(), System::nanoTime);
    server = new Thread(() -> {
      try {
        lmtp.run();
      } finally {
        connection.fromServer.close();
      }
    }, "lmtp-script-" + scriptName);
    server.start();
  }

  private void expectLine(String regex) throws IOException {
    sendPending();
    String line = readServerLine();
    assertThat(line).as(where() + "expected a server line matching " + regex).isNotNull();
    assertThat(Pattern.compile(regex).matcher(line).matches())
        .as(where() + "server line '" + line + "' should match " + regex).isTrue();
  }

  private void finish() throws Exception {
    startServer();
    sendPending();
    connection.toServer.close();
    server.join(SERVER_LINE_TIMEOUT_MILLIS);
    assertThat(server.isAlive()).as(scriptName + ": server thread should end").isFalse();
    assertThat(readServerLine()).as(scriptName + ": unexpected server output").isNull();
    assertThat(drop.openSpools()).as(scriptName + ": spools left open").isZero();
  }

  private void sendPending() throws IOException {
    if (pending.size() > 0) {
      byte[] bytes = pending.toByteArray();
      connection.toServer.write(bytes, 0, bytes.length);
      pending.reset();
    }
  }

  /** A CRLF-terminated server line without its CRLF, or null when the server closed. */
  private String readServerLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] one = new byte[1];
    while (true) {
      int n = connection.fromServer.read(one, 0, 1, SERVER_LINE_TIMEOUT_MILLIS);
      if (n < 0) {
        assertThat(line.size()).as(where() + "partial line at close").isZero();
        return null;
      }
      line.write(one[0]);
      String text = line.toString(StandardCharsets.ISO_8859_1);
      if (text.endsWith("\n")) {
        assertThat(text).as(where() + "server lines end with CRLF").endsWith("\r\n");
        return text.substring(0, text.length() - 2);
      }
    }
  }

  private byte[] lastBody() {
    List<FakeMailDrop.Delivery> deliveries = drop.deliveries();
    assertThat(deliveries).as(where() + "deliveries").isNotEmpty();
    return deliveries.get(deliveries.size() - 1).body();
  }

  private String where() {
    return scriptName + ":" + lineNumber + ": ";
  }

  /** Script-adjustable settings with small defaults, so limits are easy to reach. */
  private record ScriptSettings(String values) {
    ScriptSettings() {
      this("");
    }

    ScriptSettings with(String more) {
      return new ScriptSettings(values + " " + more);
    }

    LmtpSettings build() {
      String hostname = "lmtp.test";
      long maxMessageSize = 10_000;
      int maxRecipients = 5;
      int maxLineLength = 512;
      int maxInvalidCommands = 20;
      Duration idle = Duration.ofSeconds(10);
      for (String pair : values.strip().split(" +")) {
        if (pair.isEmpty()) {
          continue;
        }
        String[] kv = pair.split("=", 2);
        switch (kv[0]) {
          case "hostname" -> hostname = kv[1];
          case "maxMessageSize" -> maxMessageSize = Long.parseLong(kv[1]);
          case "maxRecipients" -> maxRecipients = Integer.parseInt(kv[1]);
          case "maxLineLength" -> maxLineLength = Integer.parseInt(kv[1]);
          case "maxInvalidCommands" -> maxInvalidCommands = Integer.parseInt(kv[1]);
          case "idleTimeout" -> idle = Duration.ofMillis(Long.parseLong(kv[1]));
          default -> throw new IllegalArgumentException("unknown setting " + kv[0]);
        }
      }
      return new LmtpSettings(hostname, maxMessageSize, maxRecipients, maxLineLength,
          maxInvalidCommands, idle, 10, 10);
    }
  }
}
