package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem scrub} through the CLI against two real service processes: files damaged on the
 * primary come back from the replica, one damaged on both is listed and makes the command exit
 * 7, and the same works from the replica's side.
 */
class ScrubIT {
  private static final Duration WAIT = Duration.ofSeconds(120);

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
  void theCliRepairsFromThePartnerAndReportsWhatIsBadOnBoth() throws Exception {
    startPair();
    deliver(12);
    awaitInStep();
    List<Path> primaryFiles = files(primary.mailRoot());
    List<Path> replicaFiles = files(replica.mailRoot());
    assertThat(primaryFiles).hasSize(12);
    Path corrupt = primaryFiles.get(0);
    Path deleted = primaryFiles.get(1);
    Path badOnBoth = primaryFiles.get(2);
    Path badOnBothThere = replica.mailRoot().resolve(primary.mailRoot().relativize(badOnBoth));
    byte[] good0 = Files.readAllBytes(corrupt);
    byte[] good1 = Files.readAllBytes(deleted);
    byte[] good2 = Files.readAllBytes(badOnBoth);
    Files.writeString(corrupt, "CORRUPT\n");
    Files.delete(deleted);
    Files.writeString(badOnBoth, "CORRUPT TOO\n");
    Files.writeString(badOnBothThere, "CORRUPT TOO\n");

    ServiceProcess.Result scrub = primary.cli(null, "scrub");
    assertThat(scrub.exitCode()).as(scrub.output()).isEqualTo(7);
    assertThat(scrub.output()).contains("repaired", "unrepairable", "12 files",
        "2 repaired, 1 unrepairable");
    assertThat(Files.readAllBytes(corrupt)).isEqualTo(good0);
    assertThat(Files.readAllBytes(deleted)).isEqualTo(good1);
    assertThat(Files.readString(badOnBoth)).isEqualTo("CORRUPT TOO\n");
    JsonNode status = primary.status();
    assertThat(status.path("scrub").path("unrepairable").asLong()).isEqualTo(1);
    assertThat(status.path("alerts").toString()).contains("scrub.unrepairable.u1/INBOX/");

    // The operator restores the file on the primary (from a backup); the replica's copy is
    // then repaired from the primary, and a new scrub on the primary clears the alert.
    Files.write(badOnBoth, good2);
    ServiceProcess.Result onReplica = replica.cli(null, "scrub", "--user", "u1", "--json");
    assertThat(onReplica.exitCode()).as(onReplica.output()).isZero();
    JsonNode report = new ObjectMapper().readTree(onReplica.output());
    assertThat(report.path("repaired").asLong()).isEqualTo(1);
    assertThat(report.path("findings").get(0).path("detail").asText()).contains("partner");
    assertThat(Files.readAllBytes(badOnBothThere)).isEqualTo(good2);
    assertThat(replicaFiles).hasSize(12);

    ServiceProcess.Result again = primary.cli(null, "scrub");
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.output()).contains("0 bad");
    assertThat(primary.status().path("alerts").toString()).doesNotContain("scrub.");

    ServiceProcess.Result noUser = primary.cli(null, "scrub", "--user", "nobody");
    assertThat(noUser.exitCode()).isEqualTo(1);
    assertThat(noUser.output()).contains("no user 'nobody'");
  }

  private void startPair() throws Exception {
    Path certA = dir.resolve("a/state/tls/appliance.crt");
    Path certB = dir.resolve("b/state/tls/appliance.crt");
    replica = new ServiceProcess(dir.resolve("b"), "beta", "role.initial = replica\n"
        + "replication.listen = 127.0.0.1:0\nreplication.tls.peer_cert = " + certA
        + "\nreplication.timeout = 3s\nscrub.rate = 1G\n");
    primary = new ServiceProcess(dir.resolve("a"), "alpha", "replication.peer = 127.0.0.1:9\n"
        + "replication.tls.peer_cert = " + certB + "\nreplication.timeout = 3s\n"
        + "scrub.rate = 1G\n");
    for (ServiceProcess service : List.of(primary, replica)) {
      ServiceProcess.Result init = service.cli(null, "tls", "init");
      assertThat(init.exitCode()).as(init.output()).isZero();
    }
    replica.start();
    primary.set("replication.peer", "127.0.0.1:" + replica.replicationPort());
    primary.start();
    primary.addUser("u1", "u1-password");
  }

  private void deliver(int count) throws Exception {
    Process load = new ProcessBuilder("python3", PythonTool.script("lmtp_send.py").toString(),
        "--host", "127.0.0.1", "--port", Integer.toString(primary.lmtpPort()),
        "--count", Integer.toString(count), "--users", "u1", "--size", "2000",
        "--out", dir.resolve("acked.jsonl").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("load.log").toFile()).start();
    assertThat(load.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readAllLines(dir.resolve("acked.jsonl"))).hasSize(count);
  }

  private void awaitInStep() throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonNode a = primary.status();
      long last = a.path("journal").path("last_seq").asLong();
      long acked = a.path("replication").path("acked_seq").asLong();
      long replicaLast = replica.status().path("journal").path("last_seq").asLong();
      if (last > 0 && acked == last && replicaLast == last) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the replica did not catch up: " + a.path("replication"));
      }
      Thread.sleep(50);
    }
  }

  /** u1's message files, oldest (lowest UID) first. */
  private static List<Path> files(Path root) throws Exception {
    try (Stream<Path> files = Files.walk(root.resolve("u1/Maildir/new"))) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
