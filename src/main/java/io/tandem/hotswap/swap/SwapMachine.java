package io.tandem.hotswap.swap;

import io.tandem.alert.Alert.Severity;
import io.tandem.hardware.ArrayState;
import io.tandem.hardware.Disk;
import io.tandem.hardware.HardwareSnapshot;
import io.tandem.hardware.MdArray;
import io.tandem.hardware.MemberState;
import io.tandem.hardware.Psu;
import io.tandem.hardware.PsuState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The hot-swap state machine (pure): from a swap and the latest hardware snapshot, the next
 * state and what must be done. A disk swap goes prepared (pull it) -> pulled (the disk left its
 * bay) -> replaced (another serial is in that bay: check, partition and add it) -> rebuilding
 * (its arrays recover onto it) -> done (every array it is in is clean again). A power supply
 * swap goes prepared -> pulled (absent) -> done (present and ok) or replaced (present but not
 * ok). At every step a part pulled that was not the one prepared is a critical alert at once,
 * naming the part to put back. A snapshot whose part was not read fresh changes nothing.
 */
public final class SwapMachine {
  /** Another part was pulled than the one prepared. */
  public static final String WRONG_PART = "hotswap.wrong-part";
  /** The new part was refused, or reports a fault. */
  public static final String NEW_PART = "hotswap.new-part";

  private SwapMachine() {}

  /** The swap after one step, and what to do. */
  public record Step(Swap swap, List<SwapAction> actions) {}

  /** One step on {@code snapshot}. */
  public static Step advance(Swap swap, HardwareSnapshot snapshot) {
    if (swap.state() == SwapState.DONE) {
      return new Step(swap, List.of());
    }
    return swap.isDisk() ? disk(swap, snapshot) : psu(swap, snapshot);
  }

  /** The new disk was checked, partitioned and added: its arrays rebuild now. */
  public static Swap added(Swap swap) {
    return swap.with(SwapState.REBUILDING, swap.newSerial(), "");
  }

  /** The new disk was refused ({@code why}): it stays replaced until another one is put in. */
  public static Step refused(Swap swap, String why) {
    return new Step(swap.with(SwapState.REPLACED, swap.newSerial(), why), List.of(
        new SwapAction.Raise(NEW_PART, Severity.CRITICAL, "The disk put in bay "
            + swap.target().number() + " (serial " + swap.newSerial() + ") was refused: " + why
            + ". Put in another disk, or run 'tandem hotswap prepare disk "
            + swap.target().number() + " --wipe' to take it anyway")));
  }

  private static Step disk(Swap swap, HardwareSnapshot snapshot) {
    if (!snapshot.disks().fresh()) {
      return new Step(swap, List.of());
    }
    int bay = swap.target().number();
    Map<Integer, Disk> present = presentByBay(snapshot);
    List<SwapAction> actions = new ArrayList<>(wrongDisks(swap, present));
    Disk here = present.get(bay);
    Swap next = swap;
    switch (swap.state()) {
      case PREPARED, PULLED -> {
        if (here == null) {
          next = swap.with(SwapState.PULLED, "", "");
        } else if (here.serial().equals(swap.serial())) {
          next = swap.with(SwapState.PREPARED, "", swap.state() == SwapState.PULLED
              ? "the disk that was pulled (serial " + swap.serial() + ") is back in bay " + bay
                  + "; it is out of its arrays: pull it again and put in the new disk"
              : swap.problem());
        } else {
          next = swap.with(SwapState.REPLACED, here.serial(), "");
          actions.add(new SwapAction.Clear(NEW_PART));
          actions.add(new SwapAction.AddNewDisk(bay, here.device()));
        }
      }
      case REPLACED -> {
        if (here == null) {
          next = swap.with(SwapState.PULLED, "", "");
          actions.add(new SwapAction.Clear(NEW_PART));
        } else if (!here.serial().equals(swap.newSerial())) {
          next = swap.with(SwapState.REPLACED, here.serial(), "");
          actions.add(new SwapAction.Clear(NEW_PART));
          actions.add(new SwapAction.AddNewDisk(bay, here.device()));
        }
      }
      case REBUILDING -> {
        if (rebuilt(swap, snapshot)) {
          next = swap.with(SwapState.DONE, swap.newSerial(), "");
          actions.add(new SwapAction.LedOff(bay));
          actions.add(new SwapAction.Clear(NEW_PART));
        }
      }
      default -> { }
    }
    return new Step(next, actions);
  }

  /**
   * The bays, other than the one prepared, whose disk is not the one they held at prepare time
   * (bay to the serial that belongs there), in bay order.
   */
  static java.util.SortedMap<Integer, String> wronglyEmptied(Swap swap,
      Map<Integer, Disk> present) {
    java.util.SortedMap<Integer, String> missing = new java.util.TreeMap<>();
    for (Map.Entry<Integer, String> bay : swap.baysAtPrepare().entrySet()) {
      Disk now = present.get(bay.getKey());
      if (bay.getKey() != swap.target().number()
          && (now == null || !now.serial().equals(bay.getValue()))) {
        missing.put(bay.getKey(), bay.getValue());
      }
    }
    return missing;
  }

  /** The disks present now, by bay. */
  static Map<Integer, Disk> presentByBay(HardwareSnapshot snapshot) {
    Map<Integer, Disk> present = new HashMap<>();
    if (snapshot.disks().value() != null) {
      for (Disk disk : snapshot.disks().value()) {
        if (disk.device() != null && disk.bay() != null) {
          present.put(disk.bay(), disk);
        }
      }
    }
    return present;
  }

  /** A critical alert while a disk other than the prepared one is out of its bay. */
  private static List<SwapAction> wrongDisks(Swap swap, Map<Integer, Disk> present) {
    List<String> missing = new ArrayList<>();
    wronglyEmptied(swap, present).forEach((bay, serial) ->
        missing.add("bay " + bay + " (serial " + serial + ")"));
    if (missing.isEmpty()) {
      return List.of(new SwapAction.Clear(WRONG_PART));
    }
    return List.of(new SwapAction.Raise(WRONG_PART, Severity.CRITICAL, "The wrong disk was"
        + " pulled: " + String.join(", ", missing) + " is out, but bay "
        + swap.target().number() + " (serial " + swap.serial() + ") was the one to pull. Put "
        + String.join(" and ", missing) + " back now, into the same bay"));
  }

  /** Every array the old disk was in is clean, with nothing rebuilding. */
  private static boolean rebuilt(Swap swap, HardwareSnapshot snapshot) {
    if (!snapshot.arrays().fresh()) {
      return false;
    }
    Set<String> arrays = swap.members().stream().map(Swap.Member::array)
        .collect(Collectors.toSet());
    for (MdArray array : snapshot.arrays().value()) {
      if (arrays.contains(array.name()) && (array.state() != ArrayState.CLEAN
          || array.members().stream().anyMatch(m -> m.state() == MemberState.REBUILDING))) {
        return false;
      }
    }
    return true;
  }

  private static Step psu(Swap swap, HardwareSnapshot snapshot) {
    if (!snapshot.psus().fresh()) {
      return new Step(swap, List.of());
    }
    int number = swap.target().number();
    Optional<Psu> psu = snapshot.psus().value().stream().filter(p -> p.id() == number)
        .findFirst();
    List<SwapAction> actions = new ArrayList<>();
    List<String> others = snapshot.psus().value().stream()
        .filter(p -> p.id() != number && p.state() != PsuState.OK)
        .map(p -> "power supply " + p.id() + " (" + p.state().word() + ")").toList();
    actions.add(others.isEmpty() ? new SwapAction.Clear(WRONG_PART)
        : new SwapAction.Raise(WRONG_PART, Severity.CRITICAL, "The wrong power supply is out"
            + " or without power: " + String.join(", ", others) + "; power supply " + number
            + " was the one to pull. Put it back and plug it in now"));
    boolean absent = psu.isEmpty() || psu.get().state() == PsuState.ABSENT;
    Swap next = swap;
    if (absent) {
      next = swap.with(SwapState.PULLED, "", "");
    } else if (swap.state() != SwapState.PREPARED) {
      if (psu.get().state() == PsuState.OK) {
        next = swap.with(SwapState.DONE, "", "");
        actions.add(new SwapAction.Clear(NEW_PART));
      } else {
        String why = "the new power supply " + number + " reports " + psu.get().state().word()
            + (psu.get().detail().isEmpty() ? "" : " (" + psu.get().detail() + ")");
        next = swap.with(SwapState.REPLACED, "", why);
        actions.add(new SwapAction.Raise(NEW_PART, Severity.CRITICAL, why
            + ": check its power cord, or replace it"));
      }
    }
    return new Step(next, actions);
  }
}
