package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.backup.store.Manifest;
import io.tandem.backup.store.Manifests;
import io.tandem.backup.store.MessageEntry;
import io.tandem.backup.store.ObjectStore;
import io.tandem.util.Sha256;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem backup run|list|verify} and {@code tandem restore} through the CLI against a real
 * service process; the service killed with SIGKILL in the middle of a run (slowed by backup.rate,
 * killed once it reports objects written): the earlier run still restores byte for byte, and the
 * next run completes from where the last complete one stopped.
 */
class BackupIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private ServiceProcess service;

  @AfterEach
  void tearDown() throws Exception {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void aRunKilledHalfWayLeavesTheLastBackupAndTheNextRunCompletes() throws Exception {
    Path target = dir.resolve("target");
    Files.createDirectories(target);
    service = new ServiceProcess(dir.resolve("a"), "alpha", "backup.target = " + target
        + "\nbackup.allow_same_device = true\nbackup.rate = 1G\n");
    service.start();
    service.addUser("u1", "u1-password");
    deliver(20, "first");
    ServiceProcess.Result first = service.cli(null, "backup", "run");
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.output()).contains("(full)", "20 messages put", "20 new objects");
    Manifests manifests = new Manifests(target);
    Manifest run1 = manifests.latestComplete().orElseThrow();

    // A slow run (16 KiB/s) over 60 new messages of 2 KB, killed once it has written some.
    deliver(60, "second");
    service.stop();
    service.set("backup.rate", "16K");
    service.start();
    Process slow = new ProcessBuilder("java", "-jar", ServiceProcess.jar().toString(), "backup",
        "run", "--config", service.config.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("slow.log").toFile()).start();
    awaitObjectsWritten(3);
    service.kill();
    assertThat(slow.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(slow.exitValue()).isNotZero();
    assertThat(manifests.ids()).containsExactly(run1.runId());
    ServiceProcess.Result verify = service.cli(null, "backup", "verify");
    assertThat(verify.exitCode()).as(verify.output()).isZero();

    // The next run (at full speed) completes as an incremental one from run 1.
    service.set("backup.rate", "1G");
    service.start();
    ServiceProcess.Result next = service.cli(null, "backup", "run", "--json");
    assertThat(next.exitCode()).as(next.output()).isZero();
    JsonNode result = JSON.readTree(next.output()).path("result");
    assertThat(result.path("full").asBoolean()).isFalse();
    assertThat(result.path("puts").asLong()).isEqualTo(60);
    assertThat(result.path("objects_written").asLong()).isLessThan(60);
    ServiceProcess.Result list = service.cli(null, "backup", "list");
    assertThat(list.output()).contains(run1.runId(), "full", "delta of " + run1.runId(),
        "2 runs");

    // Run 1 restores byte for byte: the 20 first messages, into Restored/INBOX.
    ServiceProcess.Result restore = service.cli(null, "restore", "--user", "u1", "--as-of",
        run1.runId());
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    assertThat(restore.output()).contains("restored 20 messages");
    Set<String> expected = new TreeSet<>();
    manifests.chain(run1.runId()).forEach(m -> m.added().stream().map(MessageEntry::sha256)
        .forEach(expected::add));
    assertThat(hashesIn(service.mailRoot().resolve("u1/Maildir/.Restored.INBOX")))
        .isEqualTo(expected);

    // A stored object corrupted on the target: verify names it and exits 7.
    Path object = new ObjectStore(target).pathOf(expected.iterator().next());
    Files.writeString(object, "bit rot\n");
    ServiceProcess.Result bad = service.cli(null, "backup", "verify");
    assertThat(bad.exitCode()).isEqualTo(7);
    assertThat(bad.output()).contains("CORRUPT_OBJECT", object.toString());

    JsonNode status = service.status().path("backup");
    assertThat(status.path("last_run").asText()).isEqualTo(result.path("run").asText());
    assertThat(status.path("age_s").asLong()).isGreaterThanOrEqualTo(0);
  }

  private void awaitObjectsWritten(long count) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + service.adminPort() + "/api/backup")).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode job = JSON.readTree(response.body());
      if ("running".equals(job.path("state").asText())
          && job.path("objects_written").asLong() >= count) {
        return;
      }
      assertThat(job.path("state").asText()).as(response.body()).isNotEqualTo("finished");
      Thread.sleep(20);
    }
    throw new AssertionError("the slow backup run never reported " + count + " objects");
  }

  private static Set<String> hashesIn(Path folder) throws Exception {
    Set<String> out = new TreeSet<>();
    for (String sub : List.of("new", "cur")) {
      try (Stream<Path> files = Files.list(folder.resolve(sub))) {
        for (Path file : files.toList()) {
          out.add(Sha256.ofFile(file));
        }
      }
    }
    return out;
  }

  private void deliver(int count, String tag) throws Exception {
    Path acked = dir.resolve("acked-" + tag + ".jsonl");
    Process load = new ProcessBuilder("python3", PythonTool.script("lmtp_send.py").toString(),
        "--host", "127.0.0.1", "--port", Integer.toString(service.lmtpPort()),
        "--count", Integer.toString(count), "--users", "u1", "--size", "2000",
        "--out", acked.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("load-" + tag + ".log").toFile())
        .start();
    assertThat(load.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readAllLines(acked)).hasSize(count);
  }
}
