package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
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
  @TempDir Path dir;
  private ServicePair pair;
  private ServiceProcess primary;
  private ServiceProcess replica;

  @AfterEach
  void tearDown() throws Exception {
    if (pair != null) {
      pair.close();
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
    pair = new ServicePair(dir, "scrub.rate = 1G\n", "scrub.rate = 1G\n");
    primary = pair.primary;
    replica = pair.replica;
    pair.start();
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
    ServicePair.awaitInStep(primary, replica);
  }

  /** u1's message files, oldest (lowest UID) first. */
  private static List<Path> files(Path root) throws Exception {
    try (Stream<Path> files = Files.walk(root.resolve("u1/Maildir/new"))) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
