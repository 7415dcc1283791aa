package io.tandem.replication;

import io.tandem.journal.EpochHistory;
import io.tandem.reconcile.DivergentAction;
import io.tandem.util.Sha256;
import java.util.List;
import java.util.Objects;

/**
 * The messages of a rejoin after a forced failover, when the returning appliance holds entries
 * the new primary never had. The primary sends {@link Diverged}; the replica finds the last seq
 * both share, and sends {@link Begin}, then each {@link Action} (a delivery's body, as {@link
 * PeerMessage.MessageBody} chunks, just before it); the primary carries them out as new
 * operations and answers {@link Reconciled}. A full resync of the replica follows.
 */
public sealed interface ReconcileMessage extends PeerMessage {

  /**
   * Primary to replica: our histories diverged; here is the primary's epoch history (oldest
   * first) and last seq, to find the last common seq.
   */
  record Diverged(List<EpochHistory.Start> history, long lastSeq) implements ReconcileMessage {
    public Diverged {
      history = List.copyOf(history);
    }
  }

  /**
   * Replica to primary: the replica wrote seqs {@code commonSeq + 1} to {@code throughSeq} alone;
   * {@code actions} {@link Action}s follow.
   */
  record Begin(String id, long commonSeq, long throughSeq, long actions)
      implements ReconcileMessage {
    public Begin {
      Objects.requireNonNull(id, "id");
    }
  }

  /** Replica to primary: action {@code index} (from 0) of the divergence. */
  record Action(long index, DivergentAction action) implements ReconcileMessage {
    public Action {
      Objects.requireNonNull(action, "action");
      if (!action.sha256().isEmpty()) {
        Sha256.require(action.sha256());
      }
      if (action.needsBody() && action.sha256().isEmpty()) {
        throw new IllegalArgumentException("a delivery needs the hash of its body");
      }
    }
  }

  /** Primary to replica: every action of {@code id} was carried out; {@code summary} says how. */
  record Reconciled(String id, String summary) implements ReconcileMessage {
    public Reconciled {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(summary, "summary");
    }
  }
}
