package io.tandem.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.alert.Alert;
import io.tandem.alert.Alerts;
import io.tandem.config.UnreachablePolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** replication.ack = peer: when a delivery may be acknowledged, and what happens otherwise. */
class PeerAckGateTest {
  private final Alerts alerts = new Alerts(Clock.systemUTC());
  private final PeerState state = new PeerState("b:7425", Clock.systemUTC(), () -> 10, 5);

  private PeerAckGate gate(UnreachablePolicy policy, Duration timeout) {
    return new PeerAckGate(state, timeout, policy, alerts);
  }

  @Test
  void aDeliveryWaitsUntilTheReplicaAcknowledgesIt() throws Exception {
    state.connected("beta", "streaming");
    PeerAckGate gate = gate(UnreachablePolicy.TEMPFAIL, Duration.ofMinutes(1));
    CompletableFuture<java.util.Optional<String>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return gate.awaitReplica(8);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    state.acked(7);
    assertThat(waiting).isNotDone();
    state.acked(8);
    assertThat(waiting.get(1, TimeUnit.MINUTES)).isEmpty();
  }

  @Test
  void tempfailAnswersWithTheReasonWhenTheReplicaDoesNotConfirmInTime() throws Exception {
    state.connected("beta", "streaming");
    assertThat(gate(UnreachablePolicy.TEMPFAIL, Duration.ofMillis(50)).awaitReplica(9))
        .hasValueSatisfying(reason -> assertThat(reason)
            .contains("the replica did not confirm it within 50 ms"));
    assertThat(alerts.open()).isEmpty();
  }

  @Test
  void tempfailRefusesNewMailOnceTheReplicaIsUnreachableForTheTimeout() throws Exception {
    state.disconnected("connection refused");
    PeerAckGate gate = gate(UnreachablePolicy.TEMPFAIL, Duration.ofMillis(1));
    Thread.sleep(5);
    assertThat(gate.refuseNewMail()).hasValueSatisfying(reason -> assertThat(reason)
        .contains("The replica has been unreachable"));
    assertThat(gate.awaitReplica(9)).hasValueSatisfying(reason -> assertThat(reason)
        .contains("the replica is unreachable (connection refused)"));
  }

  @Test
  void localAcknowledgesAloneWithACriticalAlertUntilTheReplicaConfirmsAgain() throws Exception {
    state.disconnected("connection refused");
    PeerAckGate gate = gate(UnreachablePolicy.LOCAL, Duration.ofMillis(1));
    Thread.sleep(5);
    assertThat(gate.refuseNewMail()).isEmpty();
    assertThat(gate.awaitReplica(9)).isEmpty();
    assertThat(alerts.open()).singleElement().satisfies(a -> {
      assertThat(a.id()).isEqualTo(PeerAckGate.ALERT);
      assertThat(a.severity()).isEqualTo(Alert.Severity.CRITICAL);
    });

    state.connected("beta", "streaming");
    state.acked(10);
    assertThat(gate.awaitReplica(10)).isEmpty();
    assertThat(alerts.open()).isEmpty();
  }
}
