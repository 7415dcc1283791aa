package io.tandem.hotswap.swap;

import io.tandem.hotswap.HotswapTarget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One hot-swap in progress, as persisted (it survives a restart of the service).
 *
 * @param target the bay or power supply being swapped
 * @param state where it stands
 * @param serial a disk swap: the serial of the disk to pull; {@code ""} for a power supply
 * @param members a disk swap: the array members the disk held (array and device), each failed
 *     and removed at prepare time, to be replaced by the new disk's matching partitions
 * @param baysAtPrepare a disk swap: every bay's serial when it was prepared, to tell a wrong
 *     pull at once
 * @param newSerial the serial of the new disk once one is in; {@code ""} before
 * @param problem what stops it now, in plain words ({@code ""} when nothing does)
 * @param forcedReason the operator's reason when it was prepared against the guard's advice;
 *     {@code ""} when it was not forced
 * @param started when it was prepared
 * @param sizeBytes a disk swap: the pulled disk's size, which the new one must reach
 * @param wipe the operator allowed the new disk's md superblocks and tables to be wiped
 */
public record Swap(HotswapTarget target, SwapState state, String serial, List<Member> members,
    Map<Integer, String> baysAtPrepare, String newSerial, String problem, String forcedReason,
    Instant started, long sizeBytes, boolean wipe) {

  /** An array member of the disk: {@code md0} and {@code sdb1}. */
  public record Member(String array, String device) {
    public Member {
      Objects.requireNonNull(array, "array");
      Objects.requireNonNull(device, "device");
    }
  }

  public Swap {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(state, "state");
    serial = Objects.requireNonNullElse(serial, "");
    members = List.copyOf(members);
    baysAtPrepare = Map.copyOf(baysAtPrepare);
    newSerial = Objects.requireNonNullElse(newSerial, "");
    problem = Objects.requireNonNullElse(problem, "");
    forcedReason = Objects.requireNonNullElse(forcedReason, "");
    Objects.requireNonNull(started, "started");
  }

  Swap with(SwapState next, String newSerialNow, String problemNow) {
    return new Swap(target, next, serial, members, baysAtPrepare, newSerialNow, problemNow,
        forcedReason, started, sizeBytes, wipe);
  }

  /** The same swap, allowed (or not) to wipe the new disk. */
  Swap withWipe(boolean allowed) {
    return new Swap(target, state, serial, members, baysAtPrepare, newSerial, problem,
        forcedReason, started, sizeBytes, allowed);
  }

  /** True for a disk swap. */
  public boolean isDisk() {
    return target.kind() == HotswapTarget.Kind.DISK;
  }
}
