package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.command.CommandRunner;
import io.tandem.command.CommandWords;
import io.tandem.fence.FenceException;
import io.tandem.fence.PeerFence;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem promote --force --fence} with the real ipmitool against OpenIPMI's ipmi_sim
 * standing in for the old primary's BMC: the fence powers the chassis off and confirms it before
 * the replica takes over; a BMC that does not answer refuses the promotion, says why and raises
 * the alert.
 */
class FencedPromotionIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private IpmiSim bmc;
  private ServiceProcess primary;
  private ServiceProcess replica;

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {primary, replica, bmc}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  @Test
  void peerFencePowersTheSimulatedChassisOffAndConfirmsIt() throws Exception {
    bmc = IpmiSim.start(dir.resolve("bmc"));
    assertThat(bmc.power()).isEqualTo("1");
    PeerFence fence = PeerFence.of(CommandWords.split(bmc.ipmiCommand()));

    PeerFence.Confirmation confirmed = fence.powerOff();

    assertThat(confirmed.bmc()).isEqualTo("127.0.0.1 port " + bmc.port());
    assertThat(confirmed.note()).isEqualTo("power off acknowledged");
    assertThat(bmc.power()).isEqualTo("0");
    assertThat(bmc.chassisLog()).contains("set power 0");
    CommandRunner.Result status = new CommandRunner().run(
        CommandWords.split(bmc.ipmiCommand() + " chassis power status"), Duration.ofSeconds(10));
    assertThat(status.stdout()).isEqualTo("Chassis Power is off\n");
  }

  @Test
  void peerFenceAgainstAPortWithoutBmcFailsWithIpmitoolsError() throws Exception {
    int port = IpmiSim.freeUdpPort();
    PeerFence fence = PeerFence.of(CommandWords.split("ipmitool -I lanplus -C 3 -N 1 -R 1 -H"
        + " 127.0.0.1 -p " + port + " -U admin -P password"));

    assertThatThrownBy(fence::powerOff)
        .isInstanceOf(FenceException.class)
        .hasMessageStartingWith("could not power off the old primary through its BMC 127.0.0.1"
            + " port " + port + ": 'chassis power off' failed: exit 1, 'Error: Unable to"
            + " establish IPMI v2 / RMCP+ session'. Nothing was promoted.");
  }

  /** The replica of a pair whose primary is killed: fence, promote, take mail. */
  @Test
  void promoteWithFencePowersTheOldPrimaryOffThenTakesOver() throws Exception {
    bmc = IpmiSim.start(dir.resolve("bmc"));
    startPair("peer.ipmi.command = " + bmc.ipmiCommand() + "\n");
    primary.addUser("u1", "u1-password");
    awaitReplicaAt(primary.status().path("journal").path("last_seq").asLong());

    primary.kill();
    ServiceProcess.Result promoted = promoteUntilTheLinkIsDown("promote", "--force", "--fence");

    assertThat(promoted.exitCode()).as(promoted.output()).isZero();
    assertThat(promoted.output()).contains("beta is now the primary, epoch 2; the old primary"
        + " was powered off through its BMC 127.0.0.1 port " + bmc.port()
        + " (confirmed off after ");
    assertThat(bmc.power()).isEqualTo("0");
    assertThat(bmc.chassisLog()).contains("set power 0");
    JsonNode status = replica.status();
    assertThat(status.path("role").asText()).isEqualTo("primary");
    assertThat(status.path("epoch").asLong()).isEqualTo(2);
    JsonNode fence = status.path("replication").path("fence");
    assertThat(fence.path("state").asText()).isEqualTo("powered_off");
    assertThat(fence.path("bmc").asText()).isEqualTo("127.0.0.1 port " + bmc.port());
    assertThat(replica.log()).contains("Fenced the old primary: its BMC 127.0.0.1 port "
        + bmc.port() + " reports the power off");
    ServiceProcess.Result text = replica.cli(null, "status");
    assertThat(text.output()).contains("fence      powered_off at ");
    replica.addUser("u2", "u2-password"); // the new primary takes writes
  }

  /** The replica whose primary is gone, but whose BMC does not answer: nothing changes. */
  @Test
  void promoteWithFenceAgainstADeadBmcPromotesNothing() throws Exception {
    int port = IpmiSim.freeUdpPort();
    startLoneReplica("peer.ipmi.command = ipmitool -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p "
        + port + " -U admin -P 'pass word'\n");

    ServiceProcess.Result refused = replica.cli(null, "promote", "--force", "--fence");

    assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
    assertThat(refused.output())
        .contains("could not power off the old primary through its BMC 127.0.0.1 port " + port
            + ": 'chassis power off' failed: exit 1, 'Error: Unable to establish IPMI v2 /"
            + " RMCP+ session'. Nothing was promoted. Check the BMC")
        .contains("run 'tandem promote --force' without --fence")
        .contains("-P *** chassis power status")
        .doesNotContain("pass word");
    JsonNode status = replica.status();
    assertThat(status.path("role").asText()).isEqualTo("replica");
    assertThat(status.path("epoch").asLong()).isEqualTo(1);
    assertThat(status.path("replication").path("fence").path("state").asText())
        .isEqualTo("failed");
    JsonNode alert = null;
    for (JsonNode each : status.path("alerts")) {
      if (each.path("id").asText().equals("replication.fence")) {
        alert = each;
      }
    }
    assertThat(alert).as("alert replication.fence in %s", status.path("alerts")).isNotNull();
    assertThat(alert.path("severity").asText()).isEqualTo("critical");

    // Without --fence the operator can still promote, once sure the old primary is off.
    ServiceProcess.Result promoted = replica.cli(null, "promote", "--force");
    assertThat(promoted.exitCode()).as(promoted.output()).isZero();
    assertThat(promoted.output()).contains("beta is now the primary, epoch 2")
        .doesNotContain("powered off");
  }

  @Test
  void fenceWithoutPeerIpmiCommandIsRefusedWithTheReason() throws Exception {
    startLoneReplica("");

    ServiceProcess.Result refused = replica.cli(null, "promote", "--force", "--fence");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.output()).contains("--fence needs peer.ipmi.command");
    assertThat(replica.status().path("role").asText()).isEqualTo("replica");
  }

  private void startPair(String replicaExtra) throws Exception {
    ServicePair pair = new ServicePair(dir, "2s", "", replicaExtra);
    primary = pair.primary;
    replica = pair.replica;
    pair.start();
  }

  /** A replica whose primary never comes (gone before this test began). */
  private void startLoneReplica(String extra) throws Exception {
    ServiceProcess gone = new ServiceProcess(dir.resolve("a"), "alpha", "");
    ServicePair.initTls(gone);
    replica = new ServiceProcess(dir.resolve("b"), "beta", "role.initial = replica\n"
        + "replication.listen = 127.0.0.1:0\nreplication.tls.peer_cert = "
        + dir.resolve("a/state/tls/appliance.crt") + "\n" + extra);
    ServicePair.initTls(replica);
    replica.start();
  }

  private void awaitReplicaAt(long seq) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (replica.status().path("journal").path("last_seq").asLong() < seq) {
      assertThat(System.nanoTime()).as("the replica did not catch up").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** The replica refuses while it still believes its primary connected (up to the timeout). */
  private ServiceProcess.Result promoteUntilTheLinkIsDown(String... args) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    ServiceProcess.Result result = replica.cli(null, args);
    while (result.exitCode() != 0 && result.output().contains("is connected")
        && System.nanoTime() < deadline) {
      assertThat(bmc.power()).as("nothing is fenced while the primary is connected")
          .isEqualTo("1");
      Thread.sleep(200);
      result = replica.cli(null, args);
    }
    return result;
  }
}
