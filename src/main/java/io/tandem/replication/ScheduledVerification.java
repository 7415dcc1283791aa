package io.tandem.replication;

import io.tandem.alert.Alert.Severity;
import io.tandem.alert.Alerts;
import io.tandem.lifecycle.RoleState;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares every user with the replica once each time the replica has caught up after
 * connecting, and then every {@code replication.verify_interval}. A difference raises a
 * critical alert naming the users and the repair; a clean comparison clears it. Repairs stay an
 * operator's decision ({@code tandem verify-peer --repair}). Runs on the replication timer
 * thread, polled once a second.
 */
final class ScheduledVerification implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledVerification.class);
  static final String ALERT = "replication.verify";

  private final PeerVerifier verifier;
  private final PeerState state;
  private final RoleState role;
  private final Alerts alerts;
  private final long intervalNanos;
  private boolean wasConnected;
  private boolean dueAfterCatchUp;
  private long lastRun = System.nanoTime();

  ScheduledVerification(PeerVerifier verifier, PeerState state, RoleState role, Alerts alerts,
      Duration interval) {
    this.verifier = verifier;
    this.state = state;
    this.role = role;
    this.alerts = alerts;
    this.intervalNanos = interval.toNanos();
  }

  @Override
  public void run() {
    boolean connected = state.isConnected();
    if (connected && !wasConnected) {
      dueAfterCatchUp = true;
    }
    wasConnected = connected;
    if (!connected || !role.isPrimary() || intervalNanos == 0) {
      return;
    }
    boolean caughtUp = state.lagOps(true) == 0;
    boolean intervalPassed = System.nanoTime() - lastRun >= intervalNanos;
    if (!(caughtUp && (dueAfterCatchUp || intervalPassed))) {
      return;
    }
    dueAfterCatchUp = false;
    lastRun = System.nanoTime();
    try {
      PeerVerifier.Report report = verifier.verify(null, false);
      if (report.differences().isEmpty()) {
        alerts.clear(ALERT);
        LOG.info("Verified {} users against the replica: identical{}", report.users(),
            report.unsettled().isEmpty() ? "" : " (" + report.unsettled().size()
                + " were changing too fast to compare; next time)");
      } else {
        alerts.raise(ALERT, Severity.CRITICAL, "replication", "The replica differs from this"
            + " primary: " + String.join("; ", report.differences()) + ". Run 'tandem"
            + " verify-peer --repair' to give those users a fresh copy on the replica");
      }
    } catch (IOException e) {
      LOG.warn("The scheduled comparison with the replica did not run: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("The scheduled comparison with the replica failed: {}", e.toString(), e);
    }
  }
}
