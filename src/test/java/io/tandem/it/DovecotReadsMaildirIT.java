package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.config.ConfigLoader;
import io.tandem.lifecycle.ExitCode;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.MessageIntents.FlagMode;
import io.tandem.store.write.StoreSettings;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dovecot 2.3 (Debian dovecot-imapd), pointed at Tandem's maildirs with its own index elsewhere,
 * lists every folder and message with the flags Tandem stored.
 */
class DovecotReadsMaildirIT {
  @TempDir Path dir;

  @Test
  void dovecotListsFoldersMessagesAndFlags() throws Exception {
    // Dovecot reads mail as the unprivileged 'mail' user; JUnit makes temp folders 0700.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    ServiceProcess service = new ServiceProcess(dir.resolve("a"), "dc-a", "");
    service.addUser("alice", "alice-password");
    service.start();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path msg = dir.resolve("m" + i + ".eml");
      Files.writeString(msg, "Message-ID: <dc" + i + "@it>\r\nSubject: " + i + "\r\n\r\nbody "
          + i + "\r\n", StandardCharsets.US_ASCII);
      PythonTool.run("lmtp_send.py", "--host", "127.0.0.1", "--port",
          Integer.toString(service.lmtpPort()), "--from", "s@example.test", "--to",
          "alice@example.test", "--file", msg.toString());
      ids.add("<dc" + i + "@it>");
    }
    assertThat(service.stop()).isZero();
    changeFlagsAndFolders(service.config);

    Path users = dir.resolve("dovecot-users");
    Files.writeString(users, "alice:alice-password\n");
    int port = freePort();
    Path dovecot = dir.resolve("dovecot");
    run("start", dovecot.toString(), service.mailRoot().toString(), Integer.toString(port),
        users.toString());
    try {
      JsonNode listing = PythonTool.run("imap_list.py", "--host", "127.0.0.1", "--port",
          Integer.toString(port), "--user", "alice", "--password", "alice-password");
      JsonNode folders = listing.get("folders");
      assertThat(folders.has("INBOX")).isTrue();
      for (String folder : List.of("Archive", "Drafts", "Junk", "Sent", "Trash")) {
        assertThat(folders.has(folder)).as(folder).isTrue();
      }
      JsonNode inbox = folders.get("INBOX").get("messages");
      assertThat(inbox).hasSize(2);
      assertThat(flagsOf(inbox, "<dc0@it>")).containsExactlyInAnyOrder("\\Seen", "\\Flagged");
      assertThat(flagsOf(inbox, "<dc1@it>")).isEmpty();
      JsonNode archive = folders.get("Archive").get("messages");
      assertThat(archive).hasSize(1);
      assertThat(flagsOf(archive, "<dc2@it>")).containsExactly("\\Answered");
    } finally {
      run("stop", dovecot.toString());
    }
  }

  /** Flags and a move through the store itself, as IMAP will do them. */
  private static void changeFlagsAndFolders(Path config) throws Exception {
    StoreSettings settings = StoreSettings.of(ConfigLoader.load(config));
    try (MailStore store = MailStore.open(settings, Clock.systemUTC(), 1, () -> 1, () -> false,
        (ExitCode code, String message, Throwable cause) -> {
          throw new IllegalStateException(message, cause);
        })) {
      store.execute(MessageIntents.setFlags("alice", "INBOX", List.of(1L), FlagMode.ADD,
          List.of("\\Seen", "\\Flagged")));
      store.execute(MessageIntents.setFlags("alice", "INBOX", List.of(3L), FlagMode.ADD,
          List.of("\\Answered")));
      store.execute(MessageIntents.copy("alice", "INBOX", List.of(3L), "Archive", true));
    }
  }

  private static List<String> flagsOf(JsonNode messages, String messageId) {
    for (JsonNode m : messages) {
      if (messageId.equals(m.get("message_id").asText())) {
        List<String> flags = new ArrayList<>();
        m.get("flags").forEach(f -> flags.add(f.asText()));
        flags.remove("\\Recent");
        return flags;
      }
    }
    throw new AssertionError("Dovecot does not list " + messageId + ": " + messages);
  }

  private static void run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash",
        PythonTool.script("dovecot_reader.sh").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("dovecot_reader.sh " + args[0] + ": " + output).isZero();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
