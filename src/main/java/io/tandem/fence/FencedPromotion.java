package io.tandem.fence;

import io.tandem.alert.Alert.Severity;
import io.tandem.alert.Alerts;
import io.tandem.lifecycle.RoleState;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tandem promote} as the running service answers it ({@code POST /api/promote}), with
 * the optional fence: when asked, the old primary is powered off through its BMC ({@link
 * PeerFence}) and confirmed off before the role changes; a fence that cannot be confirmed
 * promotes nothing and raises the critical alert {@value #ALERT}. The last fence is kept for the
 * status ({@code replication.fence}). Thread-safe; one promotion at a time.
 */
public final class FencedPromotion {
  public static final String ALERT = "replication.fence";
  private static final Logger LOG = LoggerFactory.getLogger(FencedPromotion.class);

  /** The promotion itself ({@code ReplicationService.promote}). */
  @FunctionalInterface
  public interface Promoter {
    /** Promotes; {@code force}: even while a primary is connected. Returns the new epoch. */
    long promote(boolean force) throws IOException;
  }

  private final RoleState role;
  private final BooleanSupplier primaryConnected;
  private final Promoter promoter;
  private final Optional<PeerFence> fence;
  private final Alerts alerts;
  private final Clock clock;
  private final ReentrantLock running = new ReentrantLock();
  private volatile Map<String, Object> lastFence;

  /**
   * @param primaryConnected whether a primary is connected to this appliance right now
   * @param fence built from {@code peer.ipmi.command}; empty when it is not set
   */
  public FencedPromotion(RoleState role, BooleanSupplier primaryConnected, Promoter promoter,
      Optional<PeerFence> fence, Alerts alerts, Clock clock) {
    this.role = role;
    this.primaryConnected = primaryConnected;
    this.promoter = promoter;
    this.fence = fence;
    this.alerts = alerts;
    this.clock = clock;
  }

  /**
   * Promotes this replica, fencing its partner first when {@code withFence}.
   *
   * @param force promote even while a primary is connected (without a fence only)
   * @return {@code role}, {@code epoch}, {@code fenced}, and for a fence {@code fence_bmc} and
   *     {@code fence_ms}
   * @throws IOException with the operator-facing reason when nothing was promoted
   */
  public Map<String, Object> promote(boolean force, boolean withFence)
      throws IOException, InterruptedException {
    if (!withFence) {
      return result(promoter.promote(force), null);
    }
    if (!running.tryLock()) {
      throw new IOException("a promotion with --fence is already under way");
    }
    try {
      return fenceThenPromote(force);
    } finally {
      running.unlock();
    }
  }

  private Map<String, Object> fenceThenPromote(boolean force)
      throws IOException, InterruptedException {
    if (fence.isEmpty()) {
      throw new IOException("--fence needs peer.ipmi.command, the command that reaches the old"
          + " primary's BMC (such as 'ipmitool -I lanplus -H BMC-ADDRESS -U USER -f"
          + " PASSWORD-FILE'), and it is not set: set it in appliance.conf and restart the"
          + " service, or make sure the old primary is off and promote without --fence");
    }
    if (role.isPrimary()) {
      throw new IOException("this appliance is already the primary (epoch " + role.epoch()
          + "); nothing was fenced");
    }
    if (!force && primaryConnected.getAsBoolean()) {
      throw new IOException("the primary is connected and streaming to this appliance, so it"
          + " is not gone; nothing was fenced. For maintenance run 'tandem failover' on it (no"
          + " mail is lost); if it misbehaves while connected, stop it first");
    }
    PeerFence peer = fence.get();
    LOG.warn("Fencing the old primary: powering it off through its BMC {} before promoting",
        peer.bmc());
    PeerFence.Confirmation confirmed;
    try {
      confirmed = peer.powerOff();
    } catch (FenceException e) {
      record(peer.bmc(), "failed", e.getMessage(), -1);
      alerts.raise(ALERT, Severity.CRITICAL, "replication", "Forced promotion refused: "
          + e.getMessage());
      LOG.error("Fence failed, not promoted: {}", e.getMessage());
      throw e;
    }
    long millis = confirmed.elapsed().toMillis();
    LOG.warn("Fenced the old primary: its BMC {} reports the power off after {} ms ({}, {}"
        + " status queries)", confirmed.bmc(), millis, confirmed.note(),
        confirmed.statusQueries());
    alerts.clear(ALERT);
    long epoch;
    try {
      // The old primary is off: a link that still looks connected is a dead one.
      epoch = promoter.promote(true);
    } catch (IOException e) {
      record(confirmed.bmc(), "powered_off", "the old primary is powered off, but this"
          + " appliance could not be promoted: " + e.getMessage(), millis);
      alerts.raise(ALERT, Severity.CRITICAL, "replication", "The old primary was powered off"
          + " through its BMC " + confirmed.bmc() + " but this appliance could not be promoted ("
          + e.getMessage() + "): no appliance takes mail; run 'tandem promote --force' again");
      throw new IOException("the old primary was powered off through its BMC "
          + confirmed.bmc() + ", but the promotion failed: " + e.getMessage(), e);
    }
    record(confirmed.bmc(), "powered_off", "the old primary was powered off through its BMC "
        + confirmed.bmc() + " and confirmed off after " + millis + " ms, then this appliance"
        + " became the primary of epoch " + epoch, millis);
    return result(epoch, confirmed);
  }

  private void record(String bmc, String state, String message, long millis) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("bmc", bmc);
    entry.put("state", state);
    entry.put("at", clock.instant().toString());
    entry.put("elapsed_ms", millis);
    entry.put("message", message);
    lastFence = Map.copyOf(entry);
  }

  /**
   * The last fence since the service started, for the status ({@code replication.fence}):
   * {@code bmc}, {@code state} ({@code powered_off} or {@code failed}), {@code at}, {@code
   * elapsed_ms}, {@code message}.
   */
  public Optional<Map<String, Object>> lastFence() {
    Map<String, Object> entry = lastFence;
    if (entry == null) {
      return Optional.empty();
    }
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (String key : new String[] {"bmc", "state", "at", "elapsed_ms", "message"}) {
      ordered.put(key, entry.get(key));
    }
    return Optional.of(ordered);
  }

  private static Map<String, Object> result(long epoch, PeerFence.Confirmation fence) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("role", "primary");
    out.put("epoch", epoch);
    out.put("fenced", fence != null);
    if (fence != null) {
      out.put("fence_bmc", fence.bmc());
      out.put("fence_ms", fence.elapsed().toMillis());
    }
    return out;
  }
}
