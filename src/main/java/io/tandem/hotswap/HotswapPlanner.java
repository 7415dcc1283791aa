package io.tandem.hotswap;

import io.tandem.hardware.HardwareSnapshot;
import java.time.Duration;
import java.time.Instant;

/**
 * The hot-swap guard (pure, thread-safe: no state): may the technician pull this disk or power
 * supply now? Reads one hardware snapshot and the pair's replication state; answers SAFE,
 * UNSAFE or UNKNOWN with reasons and steps ({@link HotswapPlan}). UNKNOWN (a reading failed,
 * is older than {@code maxAge} or could not be understood) means do not pull.
 *
 * <p>Disks: every md array the disk's partitions are members of must keep a complete copy
 * ({@link Redundancy}), the disk must not feed a running rebuild, its arrays must not be in a
 * resync, reshape or repair; another failing disk makes a healthy one UNSAFE (wrong bay); taking
 * an in-sync member out of the store's array needs the partner in sync ({@link PairRule}).
 * Power supplies: another must be present, have AC and no failure.
 */
public final class HotswapPlanner {
  private HotswapPlanner() {}

  /**
   * @param now the time to judge the readings' age against
   * @param maxAge the oldest a reading may be (the service uses three hardware polls)
   */
  public static HotswapPlan plan(HardwareSnapshot snapshot, PairState pair,
      HotswapTarget target, Instant now, Duration maxAge) {
    return switch (target.kind()) {
      case DISK -> new DiskPlanner(snapshot, pair, target).plan(now, maxAge);
      case PSU -> new PsuPlanner(snapshot, target).plan(now, maxAge);
    };
  }
}
