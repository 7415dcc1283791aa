package io.tandem.hotswap;

/**
 * The pair's part of a disk verdict (pure): taking an in-sync member out of the store's array
 * leaves that array without redundancy, so the other appliance must hold a current copy first.
 * On a primary the replica must be connected and within {@link PairState#MAX_LAG_OPS}
 * operations and {@link PairState#MAX_LAG}; on a replica the primary must be connected (it
 * holds every operation the replica lacks, but while the link is down nobody can tell that it
 * is still there).
 */
final class PairRule {
  private PairRule() {}

  /** @param arrays the arrays the pull would degrade, named for an operator */
  static Finding check(PairState pair, String arrays) {
    String status = "Wait until 'tandem status' shows the replication connected and its lag"
        + " under " + PairState.MAX_LAG_OPS + " operations and " + PairState.MAX_LAG.toSeconds()
        + " s.";
    return switch (pair.role()) {
      case NONE -> Finding.safe("No partner appliance is configured: while " + arrays
          + " runs degraded, its disks hold the only copy of the mail.");
      case PRIMARY -> primary(pair, arrays, status);
      case REPLICA -> pair.connected()
          ? Finding.safe("The primary is connected and holds every operation of the mail.")
          : Finding.unsafe("The primary is not connected: nobody can tell that its copy of the"
              + " mail is still there, and this appliance's " + arrays + " would run"
              + " degraded with what may be the only copy.", "Bring the link to the primary"
              + " back first ('tandem status' shows replication connected).");
    };
  }

  private static Finding primary(PairState pair, String arrays, String status) {
    String only = ": while " + arrays + " runs degraded it would hold the only current copy"
        + " of the mail.";
    if (!pair.connected()) {
      return Finding.unsafe("The replica is not connected" + only,
          "Bring the replica back first. " + status);
    }
    if (pair.lagOps() < 0) {
      return Finding.unknown("The replica has not yet told what it holds, so the guard"
          + " cannot tell whether it is in sync.", status);
    }
    if (!pair.lagWithinBound()) {
      return Finding.unsafe("The replica lags " + pair.lagOps() + " operations ("
          + pair.lagMillis() + " ms) behind, more than the bound of " + PairState.MAX_LAG_OPS
          + " operations / " + PairState.MAX_LAG.toSeconds() + " s" + only, status);
    }
    return Finding.safe("The replica is connected and in sync (" + pair.lagOps()
        + " operations behind): it holds a current copy of the mail.");
  }
}
