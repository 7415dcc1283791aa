package io.tandem.replication;

import io.tandem.alert.Alert.Severity;
import io.tandem.alert.Alerts;
import io.tandem.hardware.HardwareHealth;
import io.tandem.journal.Journal;
import io.tandem.lifecycle.RoleState;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tandem failover} on the primary: a controlled hand-over to the replica with no mail
 * lost. It stops taking writes (LMTP answers 451 and the MTAs retry), waits until the replica
 * has every entry, checks that every user is identical, then hands over with the partner's next
 * epoch and becomes the replica. A check that fails calls it off and writes resume; a hand-over without
 * an answer leaves this appliance a replica (nobody writes until an operator looks: mail waits
 * at the MTAs, none is lost, and there are never two primaries).
 */
public final class Failover {
  private static final Logger LOG = LoggerFactory.getLogger(Failover.class);
  /** The replica may be at most this many operations behind when a failover is asked. */
  static final long MAX_LAG_OPS = 100_000;
  private static final long DRAIN_SECONDS = 60;
  private static final long ANSWER_SECONDS = 30;

  private final RoleState role;
  private final Journal journal;
  private final PeerState state;
  private final PeerVerifier verifier;
  private final Supplier<PeerLink> link;
  private final Awaited<Long> handovers;
  private final Alerts alerts;

  private final HardwareCheck hardware;

  /**
   * This appliance's hardware health, and where the replica's answer to a {@link
   * HardwareMessage.HardwareRequest} arrives.
   */
  record HardwareCheck(Supplier<HardwareHealth> ours,
      Awaited<HardwareHealth> reports) {}

  Failover(RoleState role, Journal journal, PeerState state, PeerVerifier verifier,
      Supplier<PeerLink> link, Awaited<Long> handovers, Alerts alerts,
      HardwareCheck hardware) {
    this.hardware = hardware;
    this.role = role;
    this.journal = journal;
    this.state = state;
    this.verifier = verifier;
    this.link = link;
    this.handovers = handovers;
    this.alerts = alerts;
  }

  /** What happened: the new epoch, the last seq both have, and how long writes were refused. */
  public record Result(long epoch, long lastSeq, long writesPausedMillis) {}

  /**
   * Runs the hand-over.
   *
   * @param force hand over even when the replica's hardware is in a worse state than ours
   * @throws IOException with the reason when it was refused or failed
   */
  public synchronized Result run(boolean force) throws IOException, InterruptedException {
    if (!role.isPrimary()) {
      throw new IOException("failover runs on the primary; this appliance is a replica");
    }
    if (!state.isConnected()) {
      throw new IOException("the replica is not connected (" + state.problem() + "); a"
          + " failover needs it. If this appliance must go now, stop it and run 'tandem"
          + " promote --force' on the replica");
    }
    long lag = state.lagOps(true);
    if (lag < 0 || lag > MAX_LAG_OPS) {
      throw new IOException("the replica is " + (lag < 0 ? "at an unknown position" : lag
          + " operations behind") + "; wait until it has caught up (tandem status)");
    }
    if (!force) {
      compareHardware();
    }
    long started = System.nanoTime();
    role.beginHandover();
    LOG.warn("Failover: no new writes; waiting for the replica to have every entry");
    try {
      long last = drain();
      PeerVerifier.Report report = verifier.verify(null, false);
      if (!report.differences().isEmpty() || !report.unsettled().isEmpty()) {
        throw new IOException("the replica differs: " + String.join("; ",
            report.differences()) + String.join("; ", report.unsettled())
            + "; run 'tandem verify-peer --repair' first");
      }
      return handOver(last, started);
    } catch (IOException | RuntimeException e) {
      if (role.isPrimary()) {
        role.cancelHandover();
        LOG.warn("Failover called off, taking writes again: {}", e.getMessage());
      }
      throw e;
    }
  }

  /**
   * Refuses to make the replica the primary when its hardware is in a worse state than ours
   * (its array degraded, a power supply down): it would hold the only writable copy.
   */
  private void compareHardware() throws IOException, InterruptedException {
    PeerLink current = link.get();
    if (current == null) {
      throw new IOException("the link to the replica closed");
    }
    var answer = hardware.reports().expect();
    current.send(new HardwareMessage.HardwareRequest());
    HardwareHealth theirs;
    try {
      theirs = answer.get(ANSWER_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the replica did not say how sound its hardware is ("
          + (e.getCause() != null ? e.getCause().getMessage() : "no answer in "
              + ANSWER_SECONDS + " s") + "); use 'tandem failover --force' to hand over"
          + " without comparing");
    }
    HardwareHealth ours = hardware.ours().get();
    if (theirs.worseThan(ours)) {
      throw new IOException("the replica's hardware is in a worse state than this"
          + " appliance's (replica: " + theirs.describe() + "; here: " + ours.describe()
          + "): it would hold the only writable copy. Fix it first, or use 'tandem failover"
          + " --force' if this appliance must go anyway");
    }
  }

  /** Waits until the journal stands still and the replica acknowledged all of it. */
  private long drain() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
    long last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = journal.lastSeq();
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      }
      boolean settled = System.nanoTime() - stableSince >= TimeUnit.MILLISECONDS.toNanos(200);
      if (settled && state.acked() == last) {
        return last;
      }
      if (!state.isConnected()) {
        throw new IOException("the replica went away during the failover");
      }
      Thread.sleep(5);
    }
    throw new IOException("the replica did not confirm every entry within " + DRAIN_SECONDS
        + " s (it is at seq " + state.acked() + ", this appliance at " + journal.lastSeq() + ")");
  }

  private Result handOver(long last, long started) throws IOException, InterruptedException {
    PeerLink current = link.get();
    if (current == null) {
      throw new IOException("the link to the replica closed during the failover");
    }
    long newEpoch = role.partnerNextEpoch();
    var answer = handovers.expect();
    current.send(new PeerMessage.Handover(newEpoch, last));
    try {
      long epoch = answer.get(ANSWER_SECONDS, TimeUnit.SECONDS);
      role.stepDown(epoch);
      current.close(); // the new primary dials us as its replica
      long paused = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      LOG.warn("Failover done: the partner is the primary of epoch {}; this appliance is its"
          + " replica (writes were refused for {} ms)", epoch, paused);
      return new Result(epoch, last, paused);
    } catch (ExecutionException | TimeoutException e) {
      // The replica may or may not have taken over: never write again without knowing.
      role.stepDown(role.epoch());
      String why = "The hand-over to the replica got no answer (" + e + "); this appliance"
          + " stepped down to be safe. Check the partner: if it is primary (tandem status),"
          + " all is well; if not, run 'tandem promote --force' on one of the two";
      alerts.raise("replication.failover", Severity.CRITICAL, "replication", why);
      throw new IOException(why);
    }
  }
}
