package io.tandem.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one reconciliation after a forced failover found and did, as {@code tandem divergence
 * show} lists it. Both appliances keep one: the old primary (whose actions they are, and which
 * keeps their bodies) and the new primary (which carried them out).
 *
 * @param id names the divergence: the old primary and its divergent seqs
 * @param side {@code old-primary} or {@code new-primary}: which of the two this record is
 * @param peer the other appliance
 * @param detected when the divergence was found
 * @param commonSeq the last journal seq both appliances shared
 * @param divergentThrough the old primary's last seq: it wrote {@code commonSeq + 1} to this alone
 * @param reconciled true once the new primary carried out every action
 * @param result the new primary's summary of what it did ({@code ""} before)
 * @param items each action with its outcome ({@code ""} while not carried out)
 */
public record DivergenceRecord(String id, String side, String peer, Instant detected,
    long commonSeq, long divergentThrough, boolean reconciled, String result, List<Item> items) {

  /** The old primary's record. */
  public static final String OLD_PRIMARY = "old-primary";
  /** The new primary's record. */
  public static final String NEW_PRIMARY = "new-primary";

  /** One action and what became of it. */
  public record Item(DivergentAction action, String outcome) {
    public Item {
      Objects.requireNonNull(action, "action");
      outcome = Objects.requireNonNullElse(outcome, "");
    }
  }

  public DivergenceRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(detected, "detected");
    result = Objects.requireNonNullElse(result, "");
    items = List.copyOf(items);
  }

  /** The id of a divergence: the old primary's name and its first and last divergent seq. */
  public static String idFor(String oldPrimary, long commonSeq, long through) {
    return oldPrimary.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + (commonSeq + 1) + "-" + through;
  }

  /** The same record with these outcomes (by action index), reconciled and result as given. */
  public DivergenceRecord withOutcomes(List<String> outcomes, boolean done, String summary) {
    List<Item> updated = new java.util.ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      updated.add(new Item(items.get(i).action(), i < outcomes.size() ? outcomes.get(i) : ""));
    }
    return new DivergenceRecord(id, side, peer, detected, commonSeq, divergentThrough, done,
        summary, updated);
  }

  /** Counts for the alert and the summary line. */
  public String summary() {
    long delivered = 0;
    long replayed = 0;
    long listed = 0;
    for (Item item : items) {
      if (item.action().kind() == DivergentAction.Kind.DELIVER) {
        delivered++;
      } else if (item.action().kind().replayed()) {
        replayed++;
      } else {
        listed++;
      }
    }
    return (divergentThrough - commonSeq) + " operations after seq " + commonSeq + ": "
        + delivered + " messages to deliver again, " + replayed + " other changes to replay, "
        + listed + " listed but not replayed";
  }
}
