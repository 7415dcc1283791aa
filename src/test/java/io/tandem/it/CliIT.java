package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator commands as a real process: what they print and their exit codes. */
class CliIT {
  @TempDir Path dir;

  @Test
  void configCheckNamesFileLineAndReasonWithExitFive() throws Exception {
    ServiceProcess appliance = new ServiceProcess(dir.resolve("a"), "cli-a",
        "lmtp.max_mesage_size = 10M\n");
    ServiceProcess.Result result = appliance.cli(null, "config", "check");
    assertThat(result.exitCode()).isEqualTo(5);
    // The line after ServiceProcess's defaults, however many there are.
    int line = Files.readAllLines(appliance.config).indexOf("lmtp.max_mesage_size = 10M") + 1;
    assertThat(line).isPositive();
    assertThat(result.output()).contains("cli-a.conf:" + line + ": unknown key"
        + " 'lmtp.max_mesage_size' (did you mean 'lmtp.max_message_size'?)");
  }

  @Test
  void usersJournalAndIndexToolsWorkOfflineAndSayWhatIsWrong() throws Exception {
    ServiceProcess appliance = new ServiceProcess(dir.resolve("a"), "cli-a", "");
    assertThat(appliance.cli(null, "config", "check").output()).contains("lmtp.max_message_size");
    appliance.addUser("alice", "a-good-password");
    ServiceProcess.Result again = appliance.cli("a-good-password\n", "user", "add", "alice");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.output()).contains("user 'alice' already exists");
    ServiceProcess.Result shortPassword = appliance.cli("short\n", "user", "add", "bob");
    assertThat(shortPassword.output()).contains("at least 8 characters");
    ServiceProcess.Result hostile = appliance.cli("a-good-password\n", "user", "add", "../etc");
    assertThat(hostile.exitCode()).isEqualTo(1);
    assertThat(hostile.output()).contains("user name '../etc' may only hold");
    assertThat(appliance.cli(null, "user", "list").output()).contains("alice");

    appliance.start();
    Path msg = dir.resolve("m.eml");
    Files.writeString(msg, "Message-ID: <cli@it>\r\n\r\nhello\r\n");
    PythonTool.run("lmtp_send.py", "--host", "127.0.0.1", "--port",
        Integer.toString(appliance.lmtpPort()), "--from", "s@x.test", "--to", "alice@x.test",
        "--file", msg.toString());
    ServiceProcess.Result online = appliance.cli("another-password\n", "user", "add", "carol");
    assertThat(online.exitCode()).as(online.output()).isZero();
    ServiceProcess.Result locked = appliance.cli(null, "index", "verify");
    assertThat(locked.exitCode()).isEqualTo(6);
    assertThat(appliance.stop()).isZero();

    ServiceProcess.Result dump = appliance.cli(null, "journal", "dump");
    assertThat(dump.output()).contains("add-user", "deliver", "user=alice", "user=carol");
    assertThat(appliance.cli(null, "journal", "verify").output()).contains("journal ok");
    ServiceProcess.Result verified = appliance.cli(null, "index", "verify");
    assertThat(verified.exitCode()).as(verified.output()).isZero();

    Path file = onlyFile(appliance.mailRoot().resolve("alice/Maildir/new"));
    Files.writeString(file, "tampered", StandardCharsets.US_ASCII);
    ServiceProcess.Result corrupt = appliance.cli(null, "index", "verify");
    assertThat(corrupt.exitCode()).isEqualTo(7);
    assertThat(corrupt.output()).contains("alice/INBOX: UID 1", "does not match its SHA-256");

    ServiceProcess.Result rebuilt = appliance.cli(null, "index", "rebuild");
    assertThat(rebuilt.exitCode()).as(rebuilt.output()).isZero();
    assertThat(rebuilt.output()).contains("index rebuilt from");
  }

  @Test
  void damagedJournalStopsStartUpWithExitElevenAndVerifyNamesIt() throws Exception {
    ServiceProcess appliance = new ServiceProcess(dir.resolve("a"), "cli-a", "");
    appliance.addUser("alice", "a-good-password");
    appliance.addUser("bob", "a-good-password");
    Path segment = onlyFile(appliance.dir.resolve("state/journal"));
    byte[] bytes = Files.readAllBytes(segment);
    bytes[40] ^= 0x5a;
    Files.write(segment, bytes);
    ServiceProcess.Result verify = appliance.cli(null, "journal", "verify");
    assertThat(verify.exitCode()).isEqualTo(7);
    assertThat(verify.output()).contains("corrupt", "a valid record follows");
    ServiceProcess.Result serve = appliance.cli(null, "serve");
    assertThat(serve.exitCode()).isEqualTo(11);
    assertThat(serve.output()).contains("the journal is damaged");
  }

  @Test
  void aFullStoreAnswers452SoTheMtaKeepsTheMail() throws Exception {
    // More free space demanded than any test disk has: the store counts as full.
    ServiceProcess appliance = new ServiceProcess(dir.resolve("full"), "full-a",
        "store.min_free = 100T\n");
    appliance.addUser("alice", "a-good-password");
    appliance.start();
    try {
      Path msg = dir.resolve("full.eml");
      Files.writeString(msg, "Message-ID: <full@it>\r\n\r\nhello\r\n");
      com.fasterxml.jackson.databind.JsonNode result = PythonTool.run("lmtp_send.py", "--host",
          "127.0.0.1", "--port", Integer.toString(appliance.lmtpPort()), "--from", "s@x.test",
          "--to", "alice@x.test", "--file", msg.toString());
      assertThat(result.at("/replies/alice@x.test/0").asInt()).isEqualTo(452);
      assertThat(result.at("/replies/alice@x.test/1").asText()).startsWith("4.3.1");
    } finally {
      assertThat(appliance.stop()).isZero();
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(
        appliance.mailRoot().resolve("alice/Maildir/new"))) {
      assertThat(files.iterator().hasNext()).isFalse();
    }
  }

  private static Path onlyFile(Path folder) throws Exception {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
      return files.iterator().next();
    }
  }
}
