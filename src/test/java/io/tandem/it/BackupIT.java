package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.backup.store.Manifest;
import io.tandem.backup.store.Manifests;
import io.tandem.backup.store.RunInfo;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * next run completes from where the last complete one stopped. And the scenario with a
 * real IMAP client (src/test/python/backup_imap.py): flags set, a message deleted (STORE \Deleted,
 * EXPUNGE) and messages moved (MOVE, and COPY + EXPUNGE) over IMAP between two runs; a deleted
 * message, a folder as of the first run and the whole user restored through the CLI come back, as
 * read over IMAP and from the maildir, with the bytes and flags they had at that point.
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
    Path target = startWithTarget();
    deliver(20, "first");
    ServiceProcess.Result first = service.cli(null, "backup", "run");
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.output()).contains("(full)", "20 messages put", "20 new objects");
    Manifests manifests = new Manifests(target);
    RunInfo run1 = manifests.latestComplete().orElseThrow();

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

  @Test
  void changesMadeOverImapRestoreByteForByteWithTheFlagsOfTheirPointInTime() throws Exception {
    Path target = startWithTarget();
    assertThat(service.imapPort()).as("imap= in the ready line").isPositive();
    Map<String, String> delivered = deliver(8, "first");
    imap("flags");
    Map<String, List<String>> atRun1 = byFolder(imap("dump"), delivered);
    assertThat(atRun1.get("INBOX")).hasSize(8);

    ServiceProcess.Result first = service.cli(null, "backup", "run");
    assertThat(first.exitCode()).as(first.output()).isZero();
    RunInfo run1 = new Manifests(target).latestComplete().orElseThrow();
    Instant beforeChanges = Instant.now();
    imap("change");
    Map<String, List<String>> atRun2 = byFolder(imap("dump"), delivered);
    // 8 - 2 moved - 1 copied and expunged - 1 deleted; Work holds the three moved.
    assertThat(atRun2.get("INBOX")).hasSize(4);
    assertThat(atRun2.get("Work")).hasSize(3);
    ServiceProcess.Result second = service.cli(null, "backup", "run", "--json");
    assertThat(second.exitCode()).as(second.output()).isZero();
    JsonNode run2 = JSON.readTree(second.output()).path("result");
    assertThat(run2.path("full").asBoolean()).isFalse();
    assertThat(run2.path("objects_written").asLong()).as("moves and flags add no body").isZero();

    // The deleted message (the 7th): as the last run before its deletion had it.
    restore("--deleted-since", beforeChanges.toString(), "--into", "FromDeleted");
    // INBOX as of run 1: all eight, with run 1's flags.
    restore("--mailbox", "INBOX", "--as-of", run1.time().toString(), "--into", "AsOfRun1");
    // The whole user as the newest run (2) has it.
    restore("--into", "Whole");

    Map<String, List<String>> after = byFolder(imap("dump"), delivered);
    String deleted = atRun1.get("INBOX").get(6);
    assertThat(after.get("FromDeleted/INBOX")).containsExactly(deleted);
    assertThat(after.get("AsOfRun1/INBOX"))
        .containsExactlyInAnyOrderElementsOf(atRun1.get("INBOX"));
    assertThat(after.get("Whole/INBOX")).containsExactlyInAnyOrderElementsOf(atRun2.get("INBOX"));
    assertThat(after.get("Whole/Work")).containsExactlyInAnyOrderElementsOf(atRun2.get("Work"));
    // And on disk: the restored files are the delivered bytes.
    Path maildir = service.mailRoot().resolve("u1/Maildir");
    assertThat(hashesIn(maildir.resolve(".Whole.Work")))
        .isEqualTo(shas(atRun2.get("Work")));
    assertThat(hashesIn(maildir.resolve(".AsOfRun1.INBOX")))
        .isEqualTo(shas(atRun1.get("INBOX")));
  }

  /** A service backing up to a folder beside it, at full speed, with user u1; the target. */
  private Path startWithTarget() throws Exception {
    Path target = Files.createDirectories(dir.resolve("target"));
    service = new ServiceProcess(dir.resolve("a"), "alpha", "backup.target = " + target
        + "\nbackup.allow_same_device = true\nbackup.rate = 1G\n");
    service.start();
    service.addUser("u1", "u1-password");
    return target;
  }

  private void restore(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("restore", "--user", "u1"));
    command.addAll(List.of(args));
    ServiceProcess.Result result = service.cli(null, command.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  private JsonNode imap(String what) throws Exception {
    JsonNode out = PythonTool.run("backup_imap.py", what, "--port",
        Integer.toString(service.imapPort()), "--user", "u1", "--password", "u1-password");
    assertThat(out.path("error").isMissingNode()).as(out.toString()).isTrue();
    return out;
  }

  /**
   * Each folder's messages as "message-id sha256 flags", checking on the way that every body
   * read over IMAP is byte for byte the one delivered (its hash as lmtp_send.py computed it).
   */
  private static Map<String, List<String>> byFolder(JsonNode dump,
      Map<String, String> delivered) {
    Map<String, List<String>> out = new TreeMap<>();
    for (JsonNode message : dump.path("messages")) {
      String id = message.path("message_id").asText();
      String sha = message.path("sha256").asText();
      assertThat(sha).as("the bytes of " + id + " over IMAP").isEqualTo(delivered.get(id));
      out.computeIfAbsent(message.path("folder").asText(), f -> new java.util.ArrayList<>())
          .add(id + " " + sha + " " + message.path("flags"));
    }
    return out;
  }

  private static Set<String> shas(List<String> messages) {
    Set<String> out = new TreeSet<>();
    messages.forEach(m -> out.add(m.split(" ")[1]));
    return out;
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

  /** Delivers over LMTP; returns each message's Message-ID and the SHA-256 of its stored bytes. */
  private Map<String, String> deliver(int count, String tag) throws Exception {
    Path acked = dir.resolve("acked-" + tag + ".jsonl");
    Process load = new ProcessBuilder("python3", PythonTool.script("lmtp_send.py").toString(),
        "--host", "127.0.0.1", "--port", Integer.toString(service.lmtpPort()),
        "--count", Integer.toString(count), "--users", "u1", "--size", "2000",
        "--out", acked.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("load-" + tag + ".log").toFile())
        .start();
    assertThat(load.waitFor(120, TimeUnit.SECONDS)).isTrue();
    List<String> lines = Files.readAllLines(acked);
    assertThat(lines).hasSize(count);
    Map<String, String> out = new TreeMap<>();
    for (String line : lines) {
      JsonNode ack = JSON.readTree(line);
      out.put(ack.path("message_id").asText(), ack.path("sha256").asText());
    }
    return out;
  }
}
