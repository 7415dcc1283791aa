package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliver in a loop and SIGKILL the service at random moments, 20 times, restarting it each
 * time (and, separately, stop it with SIGTERM under load). Afterwards every message that got a
 * 250 is in the maildir exactly once with its hash, every stored message was at least sent (no
 * invented or half-written mail), and the index and journal verify clean.
 */
class CrashRecoveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KILLS = 20;
  private static final List<String> USERS = List.of("u1", "u2", "u3");

  @TempDir Path dir;

  @Test
  void everyAcknowledgedMessageSurvivesKillNine() throws Exception {
    ServiceProcess service = newService();
    Random random = new Random(20261128);
    for (int round = 0; round < KILLS; round++) {
      service.start();
      int before = completeLines(dir.resolve("acked.jsonl")).size();
      Process load = startLoad(service, round);
      // Kill mid-stream: once deliveries flow (however slow the machine), at a random moment.
      awaitAcknowledgements(before + 3);
      Thread.sleep(random.nextInt(800));
      service.kill();
      // The client writes a line only after a 250, so stopping it now loses no acknowledgement
      // (at worst a line cut short, which the checks below skip).
      load.destroyForcibly();
      load.waitFor(10, TimeUnit.SECONDS);
    }
    service.start();
    assertThat(service.stop()).isZero();
    assertEveryAcknowledgedMessageIsStoredOnce(service);
  }

  @Test
  void sigtermUnderLoadFinishesOrRefusesEveryDeliveryAndExitsZero() throws Exception {
    ServiceProcess service = newService();
    for (int round = 0; round < 3; round++) {
      service.start();
      int before = completeLines(dir.resolve("acked.jsonl")).size();
      Process load = startLoad(service, round);
      awaitAcknowledgements(before + 3);
      Thread.sleep(500);
      assertThat(service.stop()).as("exit code after SIGTERM under load").isZero();
      assertThat(service.log()).contains("Stopped");
      load.destroyForcibly();
      load.waitFor(10, TimeUnit.SECONDS);
      try (var spool = Files.list(service.mailRoot().resolve(".tandem-spool"))) {
        assertThat(spool).as("spool after a clean stop").isEmpty();
      }
    }
    assertEveryAcknowledgedMessageIsStoredOnce(service);
  }

  private ServiceProcess newService() throws Exception {
    ServiceProcess service = new ServiceProcess(dir.resolve("a"), "crash-a", "");
    for (String user : USERS) {
      service.addUser(user, user + "-password");
    }
    return service;
  }

  private void assertEveryAcknowledgedMessageIsStoredOnce(ServiceProcess service)
      throws Exception {
    Map<String, Set<String>> storedByUser = new HashMap<>();
    Map<String, Integer> copies = new HashMap<>();
    for (String user : USERS) {
      JsonNode dump = PythonTool.run("maildir_dump.py",
          service.mailRoot().resolve(user).resolve("Maildir").toString());
      Set<String> stored = new HashSet<>();
      for (JsonNode m : dump.get("messages")) {
        String key = m.get("message_id").asText() + " " + m.get("sha256").asText();
        stored.add(key);
        copies.merge(user + " " + key, 1, Integer::sum);
      }
      storedByUser.put(user, stored);
    }
    List<String> ackedLines = completeLines(dir.resolve("acked.jsonl"));
    assertThat(ackedLines).as("acknowledged deliveries").hasSizeGreaterThan(10);
    for (String line : ackedLines) {
      JsonNode a = JSON.readTree(line);
      String user = a.get("rcpt").asText().split("@")[0];
      String key = a.get("message_id").asText() + " " + a.get("sha256").asText();
      assertThat(storedByUser.get(user)).as("acknowledged " + key).contains(key);
      assertThat(copies.get(user + " " + key)).as("copies of " + key).isEqualTo(1);
    }
    Set<String> sent = new HashSet<>();
    for (String line : completeLines(dir.resolve("attempts.jsonl"))) {
      sent.add(JSON.readTree(line).get("message_id").asText());
    }
    for (Set<String> stored : storedByUser.values()) {
      for (String key : stored) {
        assertThat(sent).as("stored message was sent").contains(key.split(" ")[0]);
      }
    }
    ServiceProcess.Result index = service.cli(null, "index", "verify");
    assertThat(index.exitCode()).as(index.output()).isZero();
    ServiceProcess.Result journal = service.cli(null, "journal", "verify");
    assertThat(journal.exitCode()).as(journal.output()).isZero();
  }

  private void awaitAcknowledgements(int lines) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (completeLines(dir.resolve("acked.jsonl")).size() < lines) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no deliveries were acknowledged within 60 s");
      }
      Thread.sleep(20);
    }
  }

  /** The lines of a JSON-lines file that parse; a client killed mid-write may cut the last. */
  private static List<String> completeLines(Path file) throws Exception {
    List<String> lines = new java.util.ArrayList<>();
    if (!Files.exists(file)) {
      return lines;
    }
    for (String line : Files.readAllLines(file)) {
      try {
        JSON.readTree(line);
        lines.add(line);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        // A line cut off by the kill.
      }
    }
    return lines;
  }

  private Process startLoad(ServiceProcess service, int round) throws Exception {
    Path acked = dir.resolve("acked.jsonl");
    Path attempts = dir.resolve("attempts.jsonl");
    return new ProcessBuilder("python3", PythonTool.script("lmtp_send.py").toString(),
        "--host", "127.0.0.1", "--port", Integer.toString(service.lmtpPort()),
        "--count", "100000", "--users", String.join(",", USERS), "--rcpts", "2",
        "--size", "2048", "--seed", Integer.toString(round), "--out", acked.toString(),
        "--attempts", attempts.toString(), "--deadline", "30", "--give-up", "2")
        .redirectErrorStream(true).redirectOutput(service.dir.resolve("load-" + round + ".log")
            .toFile()).start();
  }
}
