package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.testing.StoreComparison;
import io.tandem.util.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's disaster, end to end, following docs/operations.md ("Disaster: both appliances
 * lost"): a pair takes mail over LMTP and changes over IMAP (flags, a keyword, a folder, moves, a
 * deletion; src/test/python/backup_imap.py), the primary backs up, then both appliances lose
 * their stores and state (identities included). Alpha is installed again with the same
 * config, {@code tandem tls init}, {@code backup verify}, started, and {@code restore
 * --disaster}; IMAP then shows every user's folders and messages with the bytes and flags they
 * had. Beta, empty, is paired again and resyncs from it; {@code verify-peer} agrees, mail
 * delivered afterwards replicates, the next backup run is a full one, and the two stores end
 * identical file by file and row by row.
 */
class BackupDisasterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> USERS = List.of("u1", "u2");

  @TempDir Path dir;
  private ServicePair pair;

  @AfterEach
  void tearDown() throws Exception {
    if (pair != null) {
      pair.close();
    }
  }

  @Test
  void aDisasterRestoredPrimaryResyncsItsEmptyPartnerAndReplicatesNewMail() throws Exception {
    Path target = Files.createDirectories(dir.resolve("backup-share"));
    String backup = "backup.target = " + target + "\nbackup.allow_same_device = true\n"
        + "backup.rate = 1G\n";
    pair = new ServicePair(dir, backup, backup);
    ServiceProcess alpha = pair.primary;
    ServiceProcess beta = pair.replica;
    pair.start();
    for (String user : USERS) {
      alpha.addUser(user, user + "-password");
    }
    deliver(alpha, "u1", 9, "before-u1");
    deliver(alpha, "u2", 3, "before-u2");
    imap(alpha, "u1", "flags");
    imap(alpha, "u1", "change");
    List<String> before = mailOverImap(alpha);
    assertThat(before).hasSize(11);
    ServicePair.awaitInStep(alpha, beta);
    ServiceProcess.Result run = alpha.cli(null, "backup", "run");
    assertThat(run.exitCode()).as(run.output()).isZero();

    // Both appliances lost: stopped, their store.root and store.state gone.
    alpha.kill();
    beta.kill();
    for (ServiceProcess appliance : List.of(alpha, beta)) {
      deleteTree(appliance.mailRoot());
      deleteTree(appliance.stateDir());
    }

    // Steps 1-4: alpha installed again (role.initial is primary, its default), verified,
    // started, restored.
    ServicePair.initTls(alpha);
    ServicePair.initTls(beta);
    ServiceProcess.Result verify = alpha.cli(null, "backup", "verify");
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    alpha.start();
    ServiceProcess.Result restore = alpha.cli(null, "restore", "--disaster");
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    assertThat(restore.output()).contains("restored 2 users");
    JsonNode store = alpha.status().path("store");
    assertThat(store.path("users").asLong()).as(store.toString()).isEqualTo(2);
    assertThat(store.path("messages").asLong()).as(store.toString()).isEqualTo(11);
    assertThat(mailOverImap(alpha)).isEqualTo(before);

    // Step 5: the partner, empty, is paired again and resyncs; verify-peer agrees.
    beta.start();
    ServicePair.awaitInStep(alpha, beta);
    ServiceProcess.Result peer = alpha.cli(null, "verify-peer");
    assertThat(peer.exitCode()).as(peer.output()).isZero();

    // New mail replicates; step 6: the first run after the disaster is a full one.
    Set<String> fresh = deliver(alpha, "u2", 4, "after");
    ServicePair.awaitInStep(alpha, beta);
    ServiceProcess.Result next = alpha.cli(null, "backup", "run", "--json");
    assertThat(next.exitCode()).as(next.output()).isZero();
    assertThat(JSON.readTree(next.output()).path("result").path("full").asBoolean()).isTrue();

    assertThat(alpha.stop()).isZero();
    assertThat(beta.stop()).isZero();
    StoreComparison.assertIdentical(alpha.mailRoot(), alpha.stateDir(), beta.mailRoot(),
        beta.stateDir());
    assertThat(hashesIn(beta.mailRoot().resolve("u2/Maildir"))).containsAll(fresh);
  }

  /** Every user's mail over IMAP as "user folder message-id sha256 flags", sorted. */
  private List<String> mailOverImap(ServiceProcess appliance) throws Exception {
    List<String> out = new ArrayList<>();
    for (String user : USERS) {
      for (JsonNode message : imap(appliance, user, "dump").path("messages")) {
        out.add(user + " " + message.path("folder").asText() + " "
            + message.path("message_id").asText() + " " + message.path("sha256").asText() + " "
            + message.path("flags"));
      }
    }
    out.sort(null);
    return out;
  }

  private static JsonNode imap(ServiceProcess appliance, String user, String what)
      throws Exception {
    JsonNode out = PythonTool.run("backup_imap.py", what, "--port",
        Integer.toString(appliance.imapPort()), "--user", user, "--password",
        user + "-password");
    assertThat(out.path("error").isMissingNode()).as(out.toString()).isTrue();
    return out;
  }

  /** Delivers over LMTP to {@code user}; returns the SHA-256 of each stored message. */
  private Set<String> deliver(ServiceProcess appliance, String user, int count, String tag)
      throws Exception {
    Path acked = dir.resolve("acked-" + tag + ".jsonl");
    Process load = new ProcessBuilder("python3", PythonTool.script("lmtp_send.py").toString(),
        "--host", "127.0.0.1", "--port", Integer.toString(appliance.lmtpPort()),
        "--count", Integer.toString(count), "--users", user, "--size", "1500",
        "--seed", Integer.toString(tag.hashCode()), "--out", acked.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("load-" + tag + ".log").toFile())
        .start();
    assertThat(load.waitFor(120, TimeUnit.SECONDS)).isTrue();
    List<String> lines = Files.readAllLines(acked);
    assertThat(lines).hasSize(count);
    Set<String> out = new TreeSet<>();
    for (String line : lines) {
      out.add(JSON.readTree(line).path("sha256").asText());
    }
    return out;
  }

  private static Set<String> hashesIn(Path maildir) throws Exception {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.walk(maildir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String parent = file.getParent().getFileName().toString();
        if (parent.equals("cur") || parent.equals("new")) {
          out.add(Sha256.ofFile(file));
        }
      }
    }
    return out;
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
