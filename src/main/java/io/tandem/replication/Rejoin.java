package io.tandem.replication;

import io.tandem.reconcile.DivergenceRecords;

/**
 * What both halves of a rejoin after a forced failover need, besides the session's context.
 *
 * @param records this appliance's divergence records
 * @param bodies finds the bodies of messages the old primary took alone
 * @param redeliver false when {@code replication.ack = peer} with {@code unreachable =
 *     tempfail}: no delivery was acknowledged without the partner, so the senders retried every
 *     one the new primary never had, and delivering them again would duplicate them
 */
record Rejoin(DivergenceRecords records, BodyLocator bodies, boolean redeliver) {}
