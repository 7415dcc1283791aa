package io.tandem.replication;

import io.tandem.replication.CatchUpPlan.Action;
import io.tandem.replication.PeerMessage.Hello;

/**
 * Decides, on the primary, how a replica that just connected catches up. A pure function of its
 * {@link CatchUpInput}: no clock, no I/O, so every case is a row of a unit-tested table. The
 * rules, first match wins:
 *
 * <ol>
 *   <li>The peer speaks another protocol version, or its hello is impossible: REFUSE.
 *   <li>The peer's epoch is higher than ours: REFUSE and step down (a newer primary exists).
 *   <li>The peer is a primary in our own epoch: REFUSE (two primaries; an operator decides).
 *   <li>The peer applied a seq we never wrote, or its entry at that seq is from another epoch
 *       than ours: RECONCILE (the histories diverged: it was a primary alone; what it did is
 *       taken here as new operations, then it is resynced in full).
 *   <li>The peer has our last entry: UP_TO_DATE.
 *   <li>We pruned an entry it needs ({@code journalFirstSeq > lastAppliedSeq + 1}): FULL_RESYNC.
 *   <li>Otherwise: STREAM after its last applied seq.
 * </ol>
 */
public final class CatchUpPlanner {
  static final String PRIMARY = "primary";
  static final String REPLICA = "replica";

  /** Returns the plan for this input. */
  public CatchUpPlan plan(CatchUpInput input) {
    Hello peer = input.replica();
    String invalid = invalidHello(peer);
    if (invalid != null) {
      return CatchUpPlan.refuse(invalid);
    }
    if (peer.epoch() > input.epoch()) {
      return new CatchUpPlan(Action.REFUSE, 0, true, "the peer " + peer.appliance()
          + " is at epoch " + peer.epoch() + " and we are at " + input.epoch()
          + ": a newer primary was promoted, so this appliance must stop accepting writes"
          + " and step down to replica");
    }
    if (peer.role().equals(PRIMARY) && peer.epoch() == input.epoch()) {
      return CatchUpPlan.refuse("the peer " + peer.appliance() + " is also primary in epoch "
          + peer.epoch() + ": two primaries; an operator must choose one before replication"
          + " can resume");
    }
    String diverged = divergence(input, peer);
    if (diverged != null) {
      return new CatchUpPlan(Action.RECONCILE, input.journalFirstSeq() - 1, false, diverged);
    }
    long applied = peer.lastAppliedSeq();
    if (applied == input.journalLastSeq()) {
      return new CatchUpPlan(Action.UP_TO_DATE, applied, false, "the peer has every entry up"
          + " to seq " + applied + "; streaming new entries as they come");
    }
    if (input.journalFirstSeq() > applied + 1) {
      return new CatchUpPlan(Action.FULL_RESYNC, input.journalFirstSeq() - 1, false, "the peer"
          + " needs entries from seq " + (applied + 1) + " but the journal was pruned up to seq "
          + (input.journalFirstSeq() - 1) + ": resyncing every user, then streaming");
    }
    return new CatchUpPlan(Action.STREAM, applied, false, "streaming "
        + (input.journalLastSeq() - applied) + " entries from seq " + (applied + 1));
  }

  /** Why a hello cannot be planned for, or null when it can. */
  private static String invalidHello(Hello peer) {
    if (peer.protocolVersion() != PeerCodec.PROTOCOL_VERSION) {
      return "the peer speaks protocol version " + peer.protocolVersion() + " and we speak "
          + PeerCodec.PROTOCOL_VERSION;
    }
    if (!peer.role().equals(PRIMARY) && !peer.role().equals(REPLICA)) {
      return "the peer's hello names an unknown role '" + peer.role() + "'";
    }
    boolean appliedNothing = peer.lastAppliedSeq() == 0 && peer.lastAppliedEpoch() == 0;
    boolean appliedSome = peer.lastAppliedSeq() > 0 && peer.lastAppliedEpoch() >= 1
        && peer.lastAppliedEpoch() <= peer.epoch();
    if (peer.epoch() < 1 || !(appliedNothing || appliedSome)) {
      return "the peer's hello is impossible: epoch " + peer.epoch() + ", last applied seq "
          + peer.lastAppliedSeq() + " of epoch " + peer.lastAppliedEpoch();
    }
    return null;
  }

  /** Why the peer's applied history is not a prefix of ours, or null when it is. */
  private static String divergence(CatchUpInput input, Hello peer) {
    long applied = peer.lastAppliedSeq();
    if (applied > input.journalLastSeq()) {
      return "the peer applied up to seq " + applied + " but our journal ends at seq "
          + input.journalLastSeq() + ": it holds writes this primary never had (it was primary"
          + " in epoch " + peer.lastAppliedEpoch() + "); reconciling them, then resyncing it";
    }
    if (applied > 0 && input.epochAt(applied) != peer.lastAppliedEpoch()) {
      long common = Math.min(applied, input.lastSeqBefore(peer.lastAppliedEpoch()));
      return "the peer's seq " + applied + " was written in epoch " + peer.lastAppliedEpoch()
          + " but ours in epoch " + input.epochAt(applied) + ": the histories agree at most up"
          + " to seq " + common + "; reconciling what it wrote alone, then resyncing it";
    }
    return null;
  }
}
