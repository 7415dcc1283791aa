package io.tandem.replication;

import io.tandem.alert.Alert.Severity;
import io.tandem.alert.Alerts;
import io.tandem.lifecycle.RoleState;
import io.tandem.store.attic.Attic;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a second: raises or clears the link and lag alerts, records the replica's acknowledged
 * position (so pruning and lag survive a restart) and prunes the attic below it. The attic is
 * pruned only on the primary; on a replica nothing needs the bodies, so it is emptied.
 */
final class ReplicationMonitor implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicationMonitor.class);
  static final String ALERT_LINK = "replication.link";
  static final String ALERT_LAG = "replication.lag";

  private final PeerState state;
  private final RoleState role;
  private final Alerts alerts;
  private final Attic attic;
  private final AckedSeqFile ackedFile;
  private final Duration linkAlert;
  private final Duration lagAlert;
  private final String peer;
  private long recordedAcked = -1;

  ReplicationMonitor(PeerState state, RoleState role, Alerts alerts, Attic attic,
      AckedSeqFile ackedFile, Duration linkAlert, Duration lagAlert, String peer) {
    this.state = state;
    this.role = role;
    this.alerts = alerts;
    this.attic = attic;
    this.ackedFile = ackedFile;
    this.linkAlert = linkAlert;
    this.lagAlert = lagAlert;
    this.peer = peer;
  }

  @Override
  public void run() {
    try {
      check();
    } catch (RuntimeException e) {
      // A periodic check must never die silently: log and try again next second.
      LOG.error("Replication check failed: {}", e.toString(), e);
    }
  }

  private void check() {
    boolean primary = role.isPrimary();
    long down = state.downMillis();
    if (down >= linkAlert.toMillis()) {
      alerts.raise(ALERT_LINK, Severity.CRITICAL, "replication", "The link to the partner "
          + peer + " has been down for " + down / 1000 + " s (" + state.problem() + ")."
          + (primary ? " Mail written now is on this appliance only." : " This replica is"
              + " falling behind the primary.") + " Check the partner and the network");
    } else if (down == 0) {
      alerts.clear(ALERT_LINK);
    }
    long lag = state.lagMillis(primary);
    if (lag >= lagAlert.toMillis()) {
      alerts.raise(ALERT_LAG, Severity.WARNING, "replication", "The replica is " + lag
          + " ms (" + state.lagOps(primary) + " operations) behind, over replication.lag_alert"
          + " (" + lagAlert.toMillis() + " ms)");
    } else if (lag >= 0) {
      alerts.clear(ALERT_LAG);
    }
    if (primary) {
      long acked = state.acked();
      if (acked >= 0 && acked != recordedAcked) {
        record(acked);
        attic.pruneThrough(acked);
      }
    } else if (attic.size() > 0) {
      attic.pruneThrough(Long.MAX_VALUE);
    }
  }

  private void record(long acked) {
    try {
      ackedFile.write(acked);
      recordedAcked = acked;
    } catch (IOException e) {
      LOG.warn("Could not record the replica's position {}: {}", acked, e.toString());
    }
  }
}
