package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.testing.FaultProxy;
import io.tandem.testing.StoreComparison;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two appliances as two processes on loopback, with pinned TLS between them: mail delivered
 * over LMTP and users changed with the CLI on the primary end up identical on the replica,
 * through a replica killed mid-stream, a link that drops, stalls and blackholes, and never from
 * a partner with the wrong certificate.
 */
class ReplicationIT {
  private static final List<String> USERS = List.of("u1", "u2", "u3");
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path dir;
  private ServiceProcess primary;
  private ServiceProcess replica;
  private FaultProxy proxy;

  @AfterEach
  void tearDown() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (primary != null) {
      primary.close();
    }
    if (replica != null) {
      replica.close();
    }
  }

  /** Makes both appliances and their identities; starts the replica, then the primary. */
  private void startPair(String primaryExtra, boolean throughProxy) throws Exception {
    ServicePair pair = new ServicePair(dir, primaryExtra, "");
    primary = pair.primary;
    replica = pair.replica;
    replica.start();
    // Fixed from now on, so that a restarted replica is where the primary dials.
    replica.set("replication.listen", "127.0.0.1:" + replica.replicationPort());
    int port = replica.replicationPort();
    if (throughProxy) {
      proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", port));
      port = proxy.port();
    }
    primary.set("replication.peer", "127.0.0.1:" + port);
    primary.start();
    for (String user : USERS) {
      primary.addUser(user, user + "-password");
    }
  }

  /**
   * A pair configured as in production: both listen and both dial (each only while primary),
   * so the roles can swap.
   */
  private void startSymmetricPair() throws Exception {
    startSymmetricPair("", false);
  }

  /**
   * As above, with {@code extra} config lines on both appliances and, with {@code
   * throughProxy}, the primary's link to the replica through the {@link FaultProxy}.
   */
  private void startSymmetricPair(String extra, boolean throughProxy) throws Exception {
    startPair("replication.listen = 127.0.0.1:0\n" + extra, throughProxy);
    primary.set("replication.listen", "127.0.0.1:" + primary.replicationPort());
    replica.stop();
    replica.set("replication.peer", "127.0.0.1:" + primary.replicationPort());
    for (String line : extra.lines().toList()) {
      String[] keyValue = line.split("=", 2);
      replica.set(keyValue[0].strip(), keyValue[1].strip());
    }
    replica.start();
    awaitInStep();
  }

  private void awaitInStep() throws Exception {
    ServicePair.awaitInStep(primary, replica);
  }

  /** Stops both with SIGTERM and compares their stores file by file and row by row. */
  private void assertStoresIdentical() throws Exception {
    assertThat(primary.stop()).isZero();
    assertThat(replica.stop()).isZero();
    StoreComparison.assertIdentical(primary.mailRoot(), primary.stateDir(), replica.mailRoot(),
        replica.stateDir());
  }

  private Process load(int count, int seed, String tag) throws Exception {
    return new ProcessBuilder("python3", PythonTool.script("lmtp_send.py").toString(),
        "--host", "127.0.0.1", "--port", Integer.toString(primary.lmtpPort()),
        "--count", Integer.toString(count), "--users", String.join(",", USERS), "--rcpts", "2",
        "--size", "3000", "--seed", Integer.toString(seed),
        "--out", dir.resolve("acked-" + tag + ".jsonl").toString(), "--deadline", "120")
        .redirectErrorStream(true).redirectOutput(dir.resolve("load-" + tag + ".log").toFile())
        .start();
  }

  private long acknowledged(String tag) throws Exception {
    Path file = dir.resolve("acked-" + tag + ".jsonl");
    return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).size() : 0;
  }

  private void awaitAcknowledged(String tag, long lines) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (acknowledged(tag) < lines) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + acknowledged(tag) + " deliveries acknowledged");
      }
      Thread.sleep(20);
    }
  }

  private static void finish(Process load) throws Exception {
    assertThat(load.waitFor(300, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void mailAndUserChangesReachTheReplicaIdentically() throws Exception {
    startPair("", false);
    ServiceProcess.Result passwd = primary.cli("new-password\n", "user", "passwd", "u2");
    assertThat(passwd.exitCode()).as(passwd.output()).isZero();
    finish(load(150, 1, "first"));

    awaitInStep();
    JsonNode replication = primary.status().path("replication");
    assertThat(replication.path("connected").asBoolean()).isTrue();
    assertThat(replication.path("lag_ops").asLong()).isZero();
    assertThat(replication.path("partner").asText()).isEqualTo("beta");
    JsonNode onReplica = replica.status();
    assertThat(onReplica.path("role").asText()).isEqualTo("replica");
    assertThat(onReplica.path("replication").path("connected").asBoolean()).isTrue();
    assertThat(onReplica.path("store").path("users").asInt()).isEqualTo(3);
    String metrics = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
            + primary.adminPort() + "/api/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("tandem_replication_connected 1\n")
        .contains("tandem_replication_lag_ops 0\n");
    ServiceProcess.Result verify = primary.cli(null, "verify-peer");
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertThat(verify.output()).contains("identical: 3 users compared with the replica");
    ServiceProcess.Result onTheReplica = replica.cli(null, "verify-peer");
    assertThat(onTheReplica.exitCode()).isEqualTo(1);
    assertThat(onTheReplica.output()).contains("verify-peer runs on the primary");
    assertStoresIdentical();
  }

  @Test
  void aReplicaKilledMidStreamCatchesUpWhileMailKeepsFlowing() throws Exception {
    startPair("", false);
    Process load = load(400, 2, "kill");
    awaitAcknowledged("kill", 60);
    replica.kill();
    awaitAcknowledged("kill", 160);
    JsonNode down = primary.status().path("replication");
    assertThat(down.path("connected").asBoolean()).isFalse();
    replica.start();
    finish(load);

    awaitInStep();
    assertStoresIdentical();
  }

  @Test
  void aLinkThatDropsStallsAndBlackholesHealsAndConverges() throws Exception {
    startPair("", true);
    Process load = load(300, 3, "faults");
    awaitAcknowledged("faults", 40);
    proxy.drop();
    awaitAcknowledged("faults", 80);

    proxy.stall();
    awaitAcknowledged("faults", 140);
    assertThat(primary.status().path("replication").path("lag_ops").asLong()).isPositive();
    proxy.pass();

    proxy.blackhole();
    awaitAcknowledged("faults", 200);
    awaitLinkDown();
    proxy.pass();
    finish(load);

    awaitInStep();
    assertStoresIdentical();
  }

  @Test
  void aNewReplicaJoiningAPrunedPrimaryGetsAWholeCopyEvenIfKilledHalfWay() throws Exception {
    startPair("journal.segment_size = 64K\njournal.keep = 1s\n", true);
    finish(load(300, 4, "before"));
    awaitInStep();
    Thread.sleep(1500); // past journal.keep
    ServiceProcess.Result pruned = primary.cli(null, "journal", "prune");
    assertThat(pruned.exitCode()).as(pruned.output()).isZero();
    assertThat(primary.status().path("journal").path("first_seq").asLong()).isGreaterThan(1);

    // The replica's disks are replaced: same identity (its TLS key), empty store.
    replica.kill();
    Path state = replica.stateDir();
    try (var entries = Files.list(state)) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals("tls")) {
          io.tandem.util.FileTrees.delete(entry);
        }
      }
    }
    io.tandem.util.FileTrees.delete(replica.mailRoot());
    replica.start();

    // Killed in the middle of the copy: the link is stalled once the copy has begun.
    Path marker = state.resolve("resync-in-progress");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!Files.exists(marker)) {
      assertThat(System.nanoTime()).as("the full resync never began").isLessThan(deadline);
      Thread.sleep(2);
    }
    proxy.stall();
    replica.kill();
    assertThat(marker).exists();
    replica.start();
    proxy.pass();

    awaitInStep();
    ServiceProcess.Result verify = primary.cli(null, "verify-peer");
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertStoresIdentical();
  }

  @Test
  void aForcedPromotionTakesMailAndTheOldPrimaryStepsDownWhenItReturns() throws Exception {
    startPair("", false);
    Path message = dir.resolve("message.eml");
    Files.writeString(message, "Subject: before\n\nbefore the crash\n");
    assertThat(send(message).path("replies").path("u1@example.org").get(0).asInt())
        .isEqualTo(250);
    awaitInStep();

    primary.kill();
    ServiceProcess.Result promoted = promoteReplicaByForce();
    assertThat(promoted.output()).contains("beta is now the primary, epoch 2");
    JsonNode reply = PythonTool.run("lmtp_send.py", "--host", "127.0.0.1", "--port",
        Integer.toString(replica.lmtpPort()), "--from", "s@example.org", "--to",
        "u1@example.org", "--file", message.toString());
    assertThat(reply.path("replies").path("u1@example.org").get(0).asInt()).isEqualTo(250);

    primary.start();
    awaitSteppedDown(primary);
    assertThat(primary.status().path("epoch").asLong()).isEqualTo(2);
    assertThat(send(message).path("replies").path("u1@example.org").get(0).asInt())
        .as("a stepped-down primary refuses mail").isEqualTo(451);
  }

  @Test
  void aControlledFailoverUnderMailFromAnMtaLosesNothingAndFailbackToo() throws Exception {
    startSymmetricPair();
    Path acked = dir.resolve("acked-mta.jsonl");
    Process mta = new ProcessBuilder("python3", PythonTool.script("lmtp_mta.py").toString(),
        "--hosts", "127.0.0.1:" + primary.lmtpPort() + ",127.0.0.1:" + replica.lmtpPort(),
        "--count", "400", "--users", String.join(",", USERS), "--out", acked.toString(),
        "--deadline", "240")
        .redirectErrorStream(false).redirectError(dir.resolve("mta.err").toFile()).start();
    awaitLines(acked, 60);

    long started = System.nanoTime();
    ServiceProcess.Result over = primary.cli(null, "failover");
    long switchMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(over.exitCode()).as(over.output()).isZero();
    assertThat(over.output()).contains("the partner is the primary of epoch 2");
    System.out.println("controlled failover took " + switchMillis + " ms (CLI included): "
        + over.output().strip());
    awaitLines(acked, 200);

    ServiceProcess.Result back = replica.cli(null, "failover");
    assertThat(back.exitCode()).as(back.output()).isZero();
    assertThat(back.output()).contains("the partner is the primary of epoch 3");
    assertThat(mta.waitFor(300, TimeUnit.SECONDS)).isTrue();
    JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(new String(mta.getInputStream().readAllBytes()));
    assertThat(summary.path("permfails").asInt()).as("no 5xx: " + summary).isZero();
    assertThat(summary.path("acked").asInt()).isEqualTo(400);

    awaitInStep();
    assertEveryAcknowledgedMessageOnceOn(primary, acked);
    assertStoresIdentical();
  }

  @Test
  void aForcedFailoverLosesNothingAndTheOldPrimaryRejoinsWithWhatItTookAlone()
      throws Exception {
    forcedFailoverUnderMail("", false);
  }

  @Test
  void withAckPeerAForcedFailoverNeedsNoRedelivery() throws Exception {
    forcedFailoverUnderMail("replication.ack = peer\nreplication.ack_timeout = 2s\n", true);
  }

  /**
   * Mail from an MTA that knows both appliances; the primary is killed with SIGKILL mid-stream,
   * the replica promoted by force, the MTA goes on with it; the old primary restarts, steps
   * down and rejoins. Every message acknowledged by either side is then on the new primary. With
   * {@code ack = peer} nothing is delivered again by the rejoin (nothing was accepted alone);
   * a message may still be there more than once, as {@code replication.unreachable = tempfail}
   * documents: each attempt the new primary stored but answered 451 (no replica to confirm it)
   * is kept. With {@code ack = local} a message the old primary stored but could not
   * acknowledge before dying was retried by the MTA and is also delivered again from the
   * divergence: at least once, never zero times.
   */
  private void forcedFailoverUnderMail(String extra, boolean ackPeer) throws Exception {
    startSymmetricPair(extra, true);
    Path acked = dir.resolve("acked-forced.jsonl");
    Process mta = new ProcessBuilder("python3", PythonTool.script("lmtp_mta.py").toString(),
        "--hosts", "127.0.0.1:" + primary.lmtpPort() + ",127.0.0.1:" + replica.lmtpPort(),
        "--count", "300", "--users", String.join(",", USERS), "--out", acked.toString(),
        "--deadline", "240")
        .redirectErrorStream(false).redirectError(dir.resolve("mta.err").toFile()).start();
    awaitLines(acked, 60);
    // The link stalls: from now on the primary takes mail its replica never sees (with ack =
    // peer it stores it but answers 451 once ack_timeout passes), then it dies.
    proxy.stall();
    if (ackPeer) {
      Thread.sleep(3000);
    } else {
      awaitLines(acked, 90);
    }
    primary.kill();
    proxy.pass();
    promoteReplicaByForce();
    if (!ackPeer) {
      awaitLines(acked, 160);
    }
    // With ack = peer the new primary answers 451 until a replica acknowledges again.
    primary.start();
    assertThat(mta.waitFor(300, TimeUnit.SECONDS)).isTrue();
    JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(new String(mta.getInputStream().readAllBytes()));
    assertThat(summary.path("permfails").asInt()).as("no 5xx: " + summary).isZero();
    assertThat(summary.path("acked").asInt()).isEqualTo(300);
    awaitSteppedDown(primary);
    ServicePair.awaitInStep(replica, primary);

    assertEveryAcknowledgedMessageOn(replica, acked, false);
    ServiceProcess.Result shown = replica.cli(null, "divergence", "show", "--json");
    assertThat(shown.exitCode()).as(shown.output()).isZero();
    JsonNode records = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(shown.output());
    assertThat(records).as("the old primary took mail alone: a divergence").hasSize(1);
    for (JsonNode record : records) {
      assertThat(record.path("reconciled").asBoolean()).as(record.toString()).isTrue();
      for (JsonNode action : record.path("actions")) {
        if (ackPeer) {
          assertThat(action.path("kind").asText()).as("nothing to deliver again with ack ="
              + " peer: " + action).isNotEqualTo("deliver");
        }
      }
    }
    System.out.println("forced failover (" + (ackPeer ? "ack = peer" : "ack = local") + "): "
        + summary + "; divergence: " + replica.cli(null, "divergence", "show").output());
    assertStoresIdentical();
  }

  @Test
  void twoAppliancesBothConfiguredAsPrimaryMeetAndTheLowerEpochStepsDown() throws Exception {
    Path certA = dir.resolve("a/state/tls/appliance.crt");
    Path certB = dir.resolve("b/state/tls/appliance.crt");
    String common = "replication.listen = 127.0.0.1:0\nreplication.peer = 127.0.0.1:9\n"
        + "replication.timeout = 3s\n";
    primary = new ServiceProcess(dir.resolve("a"), "alpha", common
        + "replication.tls.peer_cert = " + certB + "\n");
    replica = new ServiceProcess(dir.resolve("b"), "beta", common
        + "replication.tls.peer_cert = " + certA + "\n");
    ServicePair.initTls(primary);
    ServicePair.initTls(replica);
    Path message = dir.resolve("message.eml");

    // Each starts alone, configured as primary (role.initial's default), and takes mail.
    replica.start();
    replica.set("replication.listen", "127.0.0.1:" + replica.replicationPort());
    replica.addUser("u1", "u1-password");
    Files.writeString(message, "Subject: to beta\nMessage-ID: <beta@example.org>\n\nb\n");
    assertThat(sendTo(replica, message)).isEqualTo(250);
    assertThat(replica.status().path("epoch").asLong()).as("beta opens even epochs")
        .isEqualTo(2);
    replica.stop();
    primary.set("replication.peer", "127.0.0.1:" + replica.replicationPort());
    primary.start();
    primary.set("replication.listen", "127.0.0.1:" + primary.replicationPort());
    primary.addUser("u1", "u1-password");
    Files.writeString(message, "Subject: to alpha\nMessage-ID: <alpha@example.org>\n\na\n");
    assertThat(sendTo(primary, message)).isEqualTo(250);
    assertThat(primary.status().path("epoch").asLong()).as("alpha opens odd epochs")
        .isEqualTo(1);

    // They meet: alpha, of the lower epoch, steps down and hands over what it took.
    replica.set("replication.peer", "127.0.0.1:" + primary.replicationPort());
    replica.start();
    awaitSteppedDown(primary);
    ServicePair.awaitInStep(replica, primary);
    assertThat(replica.status().path("role").asText()).isEqualTo("primary");
    JsonNode dump = PythonTool.run("maildir_dump.py",
        replica.mailRoot().resolve("u1").resolve("Maildir").toString());
    List<String> ids = new java.util.ArrayList<>();
    dump.get("messages").forEach(m -> ids.add(m.get("message_id").asText()));
    assertThat(ids).containsExactlyInAnyOrder("<beta@example.org>", "<alpha@example.org>");
    ServiceProcess.Result journal = replica.cli(null, "journal", "dump");
    assertThat(journal.output().lines().filter(line -> !line.isBlank()))
        .as("nothing of epoch 1 applied on beta").allMatch(line -> line.contains(" epoch=2 "));
    assertStoresIdentical();
  }

  /** Promotes the replica by force, once it has noticed its primary is gone. */
  private ServiceProcess.Result promoteReplicaByForce() throws Exception {
    ServiceProcess.Result promoted = replica.cli(null, "promote", "--force");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (promoted.exitCode() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      promoted = replica.cli(null, "promote", "--force");
    }
    assertThat(promoted.exitCode()).as(promoted.output()).isZero();
    return promoted;
  }

  private static void awaitSteppedDown(ServiceProcess service) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!service.status().path("role").asText().equals("replica")) {
      assertThat(System.nanoTime()).as(service + " did not step down").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static int sendTo(ServiceProcess service, Path message) throws Exception {
    return PythonTool.run("lmtp_send.py", "--host", "127.0.0.1", "--port",
        Integer.toString(service.lmtpPort()), "--from", "sender@example.org", "--to",
        "u1@example.org", "--file", message.toString())
        .path("replies").path("u1@example.org").get(0).asInt();
  }

  private static void awaitLines(Path file, int lines) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!Files.exists(file) || Files.readAllLines(file).size() < lines) {
      assertThat(System.nanoTime()).as("fewer than " + lines + " deliveries in " + file)
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static void assertEveryAcknowledgedMessageOnceOn(ServiceProcess service, Path acked)
      throws Exception {
    assertEveryAcknowledgedMessageOn(service, acked, true);
  }

  /** Each acknowledged message is on {@code service}: exactly once, or at least once. */
  private static void assertEveryAcknowledgedMessageOn(ServiceProcess service, Path acked,
      boolean exactlyOnce) throws Exception {
    java.util.Map<String, Integer> copies = new java.util.HashMap<>();
    for (String user : USERS) {
      JsonNode dump = PythonTool.run("maildir_dump.py",
          service.mailRoot().resolve(user).resolve("Maildir").toString());
      for (JsonNode m : dump.get("messages")) {
        copies.merge(user + " " + m.get("message_id").asText() + " " + m.get("sha256").asText(),
            1, Integer::sum);
      }
    }
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (String line : Files.readAllLines(acked)) {
      JsonNode a = json.readTree(line);
      String key = a.get("rcpt").asText().split("@")[0] + " " + a.get("message_id").asText()
          + " " + a.get("sha256").asText();
      if (exactlyOnce) {
        assertThat(copies.get(key)).as("copies of acknowledged " + key).isEqualTo(1);
      } else {
        assertThat(copies.get(key)).as("copies of acknowledged " + key).isNotNull()
            .isPositive();
      }
    }
  }

  /** The dead-link timeout (3 s here) notices a silent link and raises the alert. */
  private void awaitLinkDown() throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonNode status = primary.status();
      boolean alerted = false;
      for (JsonNode alert : status.path("alerts")) {
        alerted |= alert.path("id").asText().equals("replication.link");
      }
      if (!status.path("replication").path("connected").asBoolean() && alerted) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("a blackholed link was not declared dead: " + status);
      }
      Thread.sleep(100);
    }
  }

  @Test
  void aPartnerWithTheWrongCertificateIsRefusedAndAlerted() throws Exception {
    Path impostor = dir.resolve("impostor");
    ServiceProcess other = new ServiceProcess(impostor, "impostor", "");
    ServicePair.initTls(other);
    startPair("", false);
    primary.stop();
    // The primary now presents a certificate the replica has not pinned.
    Files.copy(impostor.resolve("state/tls/appliance.p12"),
        dir.resolve("a/state/tls/appliance.p12"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(impostor.resolve("state/tls/appliance.p12.pass"),
        dir.resolve("a/state/tls/appliance.p12.pass"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    long replicaBefore = replica.status().path("journal").path("last_seq").asLong();
    primary.start();
    primary.addUser("u4", "u4-password");

    awaitAlert(replica, "replication.tls-incoming");
    awaitAlert(primary, "replication.tls");
    assertThat(replica.status().path("journal").path("last_seq").asLong())
        .isEqualTo(replicaBefore);
    assertThat(primary.status().path("replication").path("connected").asBoolean()).isFalse();
  }

  private static void awaitAlert(ServiceProcess service, String id) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonNode status = service.status();
      for (JsonNode alert : status.path("alerts")) {
        if (alert.path("id").asText().equals(id)) {
          assertThat(alert.path("severity").asText()).isEqualTo("critical");
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no alert " + id + ": " + status.path("alerts"));
      }
      Thread.sleep(100);
    }
  }

  @Test
  void ackPeerAnswers250OnlyOnceTheReplicaHasTheMessage() throws Exception {
    startPair("replication.ack = peer\nreplication.ack_timeout = 2s\n", false);
    Path message = dir.resolve("message.eml");
    Files.writeString(message, "Subject: both boxes\n\nheld on two appliances\n");

    JsonNode sent = send(message);
    assertThat(sent.path("replies").path("u1@example.org").get(0).asInt()).isEqualTo(250);
    // At the moment of the 250 the replica has it durably: its journal holds the delivery.
    long primaryLast = primary.status().path("journal").path("last_seq").asLong();
    assertThat(replica.status().path("journal").path("last_seq").asLong())
        .isEqualTo(primaryLast);

    replica.stop();
    JsonNode refused = send(message);
    int code = refused.path("replies").path("u1@example.org").get(0).asInt();
    assertThat(code).isEqualTo(451);
  }

  private JsonNode send(Path message) throws Exception {
    return PythonTool.run("lmtp_send.py", "--host", "127.0.0.1", "--port",
        Integer.toString(primary.lmtpPort()), "--from", "sender@example.org", "--to",
        "u1@example.org", "--file", message.toString());
  }
}
