package io.tandem.replication;

import java.util.Objects;

/**
 * What the primary does with a replica that just said hello.
 *
 * @param action the decision
 * @param fromSeq STREAM and UP_TO_DATE: send every entry after this seq; FULL_RESYNC and
 *     RECONCILE: snapshot every user, then stream after this seq; REFUSE: 0, nothing is sent
 * @param stepDown true when the peer proved a newer primary exists: this appliance must stop
 *     accepting writes at once (fencing)
 * @param reason the decision in plain words, for the log, the alert and {@code Refuse}
 */
public record CatchUpPlan(Action action, long fromSeq, boolean stepDown, String reason) {

  /** The possible decisions; ZooKeeper's DIFF, SNAP and a refusal in place of TRUNC. */
  public enum Action {
    /** The replica has every entry; keep the link open and stream new ones as they come. */
    UP_TO_DATE,
    /** Send the journal entries the replica lacks, then keep streaming. */
    STREAM,
    /** The entries the replica needs were pruned: send every user's snapshot, then stream. */
    FULL_RESYNC,
    /**
     * The peer's history diverged from ours (it wrote entries alone as primary, then a forced
     * failover replaced it): take what it did alone as new operations here, then resync it in
     * full and stream. Never repaired by overwriting alone, which would drop accepted mail.
     */
    RECONCILE,
    /** Do not replicate: the peer is incompatible, or fenced us; an operator decides. */
    REFUSE
  }

  public CatchUpPlan {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
  }

  static CatchUpPlan refuse(String reason) {
    return new CatchUpPlan(Action.REFUSE, 0, false, reason);
  }
}
