package io.tandem.replication;

import io.tandem.alert.Alert.Severity;
import io.tandem.alert.Alerts;
import io.tandem.config.UnreachablePolicy;
import io.tandem.delivery.AckGate;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code replication.ack = peer}: a delivery is acknowledged only once the replica made it
 * durable. When the replica does not confirm within {@code replication.ack_timeout}, or has been
 * unreachable that long already, {@code replication.unreachable} decides: {@code tempfail}
 * answers 451 (nothing acknowledged exists on one box only), {@code local} answers 250 and
 * raises a critical alert (mail keeps flowing; the pair is not in step until the link is back).
 */
public final class PeerAckGate implements AckGate {
  static final String ALERT = "replication.ack-peer";

  private final PeerState state;
  private final Duration timeout;
  private final UnreachablePolicy policy;
  private final Alerts alerts;

  public PeerAckGate(PeerState state, Duration timeout, UnreachablePolicy policy, Alerts alerts) {
    this.state = state;
    this.timeout = timeout;
    this.policy = policy;
    this.alerts = alerts;
  }

  @Override
  public Optional<String> refuseNewMail() {
    long down = state.downMillis();
    if (policy == UnreachablePolicy.TEMPFAIL && down >= timeout.toMillis()) {
      return Optional.of("The replica has been unreachable for " + down / 1000 + " s and this"
          + " pair acknowledges mail only once both appliances have it; try again later");
    }
    return Optional.empty();
  }

  @Override
  public Optional<String> awaitReplica(long seq) throws InterruptedException {
    if (state.awaitAck(seq, timeout.toMillis())) {
      alerts.clear(ALERT);
      return Optional.empty();
    }
    String why = state.isConnected()
        ? "the replica did not confirm it within " + timeout.toMillis() + " ms"
        : "the replica is unreachable (" + state.problem() + ")";
    if (policy == UnreachablePolicy.LOCAL) {
      alerts.raise(ALERT, Severity.CRITICAL, "replication", "Mail is acknowledged on this"
          + " appliance alone because " + why + " (replication.ack = peer, replication"
          + ".unreachable = local). It reaches the replica once the link is back; until then a"
          + " loss of this appliance would lose it");
      return Optional.empty();
    }
    return Optional.of("Stored, but " + why + "; try again later");
  }
}
