package io.tandem.hotswap;

import java.time.Duration;
import java.util.Objects;

/**
 * What the guard needs to know of the partner appliance: this appliance's role and whether the
 * other copy of the mail is current. A primary's replica is "in sync" while it is connected and
 * lags by at most {@link #MAX_LAG_OPS} operations and {@link #MAX_LAG}; a replica only needs
 * its primary connected (the primary holds every operation the replica lacks).
 *
 * @param role this appliance's part in the pair, or NONE when no partner is configured
 * @param connected whether the peer link is up
 * @param lagOps operations the replica lacks; -1 when not known yet (a primary that has not
 *     heard the replica's acknowledgement since it started)
 * @param lagMillis how old the oldest operation the replica lacks is, in ms; -1 when unknown
 */
public record PairState(Role role, boolean connected, long lagOps, long lagMillis) {
  /** The most operations a replica may lack and still count as in sync. */
  public static final long MAX_LAG_OPS = 1000;
  /** The oldest operation a replica may lack and still count as in sync. */
  public static final Duration MAX_LAG = Duration.ofSeconds(5);

  /** This appliance's part in the pair. */
  public enum Role { PRIMARY, REPLICA, NONE }

  public PairState {
    Objects.requireNonNull(role, "role");
  }

  /** No partner configured: this appliance's disks hold the only copy. */
  public static PairState none() {
    return new PairState(Role.NONE, false, 0, 0);
  }

  /** A primary and what it knows of its replica. */
  public static PairState primary(boolean connected, long lagOps, long lagMillis) {
    return new PairState(Role.PRIMARY, connected, lagOps, lagMillis);
  }

  /** A replica and its link to the primary. */
  public static PairState replica(boolean connected, long lagOps, long lagMillis) {
    return new PairState(Role.REPLICA, connected, lagOps, lagMillis);
  }

  /** Whether the lag is within the bound (false when unknown). */
  boolean lagWithinBound() {
    return lagOps >= 0 && lagOps <= MAX_LAG_OPS && lagMillis <= MAX_LAG.toMillis();
  }
}
