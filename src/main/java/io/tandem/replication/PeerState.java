package io.tandem.replication;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What this appliance knows about its link to the partner, shared by the sender or receiver
 * that runs it, the status page, the alert monitor and (in {@code replication.ack = peer} mode)
 * the deliveries waiting for the replica. Thread-safe.
 *
 * <p>On the primary, {@code acked} is the replica's last acknowledged seq; on the replica,
 * {@code known} is the primary's newest seq this appliance has heard of.
 */
public final class PeerState {
  private final String peer;
  private final Clock clock;
  private final LongSupplier lastSeq;
  /**
   * Commit time (ms) of the first entry of each batch in flight: sent and not yet acknowledged
   * (primary), or received and not yet applied (replica).
   */
  private final ConcurrentSkipListMap<Long, Long> unackedBatches = new ConcurrentSkipListMap<>();
  private boolean connected;
  private String partner = "";
  private String activity = "not connected yet";
  private String problem = "";
  private long downSinceMillis;
  /** Primary: the replica's last acknowledged seq; -1 while unknown. */
  private long acked = -1;
  /** Replica: the newest seq the primary is known to have. */
  private long known;
  private long rttNanos = -1;

  /**
   * @param peer the partner's configured address (or this appliance's listen address on a
   *     replica), for the status
   * @param lastSeq this appliance's last durable seq
   * @param ackedAtStart the replica's acknowledgement recorded before a restart; -1 if none
   */
  public PeerState(String peer, Clock clock, LongSupplier lastSeq, long ackedAtStart) {
    this.peer = peer;
    this.clock = clock;
    this.lastSeq = lastSeq;
    this.acked = ackedAtStart;
    this.downSinceMillis = clock.millis();
  }

  /** The link is up with {@code partnerName} and doing {@code what}. */
  public synchronized void connected(String partnerName, String what) {
    connected = true;
    partner = partnerName;
    activity = what;
    problem = "";
  }

  /** What the live link is doing now. */
  public synchronized void activity(String what) {
    activity = what;
  }

  /** The link is down (or was refused); {@code why} in plain words. */
  public synchronized void disconnected(String why) {
    if (connected) {
      downSinceMillis = clock.millis();
    }
    connected = false;
    activity = "not connected";
    problem = why;
    unackedBatches.clear();
    notifyAll();
  }

  public synchronized boolean isConnected() {
    return connected;
  }

  /** Milliseconds the link has been down; 0 while it is up. */
  public synchronized long downMillis() {
    return connected ? 0 : clock.millis() - downSinceMillis;
  }

  public synchronized String problem() {
    return problem;
  }

  // ---- primary side ----

  /** A batch starting at {@code firstSeq}, committed at {@code millis}, went to the replica. */
  public void sent(long firstSeq, long millis) {
    unackedBatches.putIfAbsent(firstSeq, millis);
  }

  /**
   * A session starts from the replica's own word on what it holds. Normally that is at or past
   * the last acknowledgement; lower means the replica lost entries it had made durable.
   *
   * @return the acknowledgement recorded before, when it was higher than {@code seq}; else -1
   */
  public synchronized long restartFrom(long seq) {
    long before = acked;
    acked = seq;
    unackedBatches.clear();
    notifyAll();
    return before > seq ? before : -1;
  }

  /** The replica made everything up to {@code seq} durable. */
  public synchronized void acked(long seq) {
    if (seq > acked) {
      acked = seq;
      unackedBatches.headMap(seq, true).clear();
      notifyAll();
    }
  }

  /** The replica's last acknowledged seq; -1 while unknown. */
  public synchronized long acked() {
    return acked;
  }

  /**
   * Waits until the replica acknowledged {@code seq}, the link went down, or the timeout
   * passed.
   *
   * @return true when acknowledged
   */
  public synchronized boolean awaitAck(long seq, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (acked < seq && connected) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return acked >= seq;
  }

  // ---- replica side ----

  /** The primary has at least {@code seq} (from its hello). */
  public synchronized void primaryHas(long seq) {
    known = Math.max(known, seq);
  }

  /** Entries {@code firstSeq..lastSeq}, the first committed at {@code millis}, arrived. */
  public synchronized void received(long firstSeq, long lastSeq, long millis) {
    known = Math.max(known, lastSeq);
    unackedBatches.putIfAbsent(firstSeq, millis);
  }

  /** Everything up to {@code seq} is applied and durable here. */
  public void applied(long seq) {
    unackedBatches.headMap(seq, true).clear();
  }

  /** Replica: the newest seq the primary is known to have. */
  public synchronized long knownPrimarySeq() {
    return known;
  }

  /** A ping's round trip. */
  public synchronized void roundTrip(long nanos) {
    rttNanos = nanos;
  }

  /**
   * Operations the replica still lacks: on the primary from its acknowledgements (-1 while
   * unknown), on the replica from the newest seq it heard of.
   */
  public synchronized long lagOps(boolean primary) {
    long last = lastSeq.getAsLong();
    if (primary) {
      return acked < 0 ? -1 : Math.max(0, last - acked);
    }
    return Math.max(0, known - last);
  }

  /**
   * How old the oldest operation the replica lacks is, in ms: 0 when it lacks none, -1 when
   * unknown.
   */
  public synchronized long lagMillis(boolean primary) {
    long ops = lagOps(primary);
    if (ops <= 0) {
      return ops;
    }
    long now = clock.millis();
    Map.Entry<Long, Long> oldest = unackedBatches.firstEntry();
    if (oldest != null) {
      return Math.max(0, now - oldest.getValue());
    }
    return connected ? 0 : now - downSinceMillis;
  }

  /** The {@code replication} object of the status (DESIGN §4 names, then extras). */
  public synchronized Map<String, Object> status(boolean primary) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("peer", peer);
    out.put("connected", connected);
    out.put("lag_ops", lagOps(primary));
    out.put("lag_ms", lagMillis(primary));
    out.put("last_seq", lastSeq.getAsLong());
    if (primary) {
      out.put("acked_seq", acked);
    } else {
      out.put("primary_seq", known);
    }
    out.put("partner", partner);
    out.put("activity", activity);
    out.put("rtt_ms", rttNanos < 0 ? -1 : rttNanos / 1_000_000.0);
    out.put("problem", problem);
    return out;
  }
}
