package io.tandem.hotswap.swap;

import io.tandem.hardware.HardwareSnapshot;
import io.tandem.hardware.MdArray;
import io.tandem.hardware.MemberState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the front panel, the status and the log tell the technician at each step of a swap
 * (pure): short upper-case lines for a 20-character display, most urgent first.
 */
public final class SwapPrompts {
  private SwapPrompts() {}

  /** The prompt lines for {@code swap} now; empty once it is done. */
  public static List<String> lines(Swap swap, HardwareSnapshot snapshot) {
    int n = swap.target().number();
    if (swap.state() == SwapState.DONE) {
      return List.of();
    }
    if (!swap.isDisk()) {
      return switch (swap.state()) {
        case PREPARED -> List.of("PULL PSU " + n, "THE OTHER ONE STAYS");
        case PULLED -> List.of("INSERT NEW PSU " + n, "AND PLUG IT IN");
        default -> List.of("NEW PSU " + n + " NOT OK", "CHECK ITS CORD");
      };
    }
    var wrong = SwapMachine.wronglyEmptied(swap, SwapMachine.presentByBay(snapshot));
    if (!wrong.isEmpty() && snapshot.disks().fresh()) {
      // The wrong disk is out: putting it back comes before anything else.
      return List.of("WRONG DISK PULLED", "PUT BACK BAY " + wrong.firstKey(),
          "SERIAL " + wrong.get(wrong.firstKey()));
    }
    return switch (swap.state()) {
      case PREPARED -> List.of("PULL BAY " + n, "SERIAL " + swap.serial(), "ITS LED BLINKS");
      case PULLED -> List.of("INSERT NEW DISK", "IN BAY " + n);
      case REPLACED -> swap.problem().isEmpty() ? List.of("CHECKING NEW DISK", "IN BAY " + n)
          : List.of("BAY " + n + " DISK REFUSED", "SEE TANDEM STATUS");
      default -> rebuilding(swap, snapshot);
    };
  }

  private static List<String> rebuilding(Swap swap, HardwareSnapshot snapshot) {
    List<String> lines = new ArrayList<>();
    Set<String> arrays = swap.members().stream().map(Swap.Member::array)
        .collect(Collectors.toSet());
    if (snapshot.arrays().value() != null) {
      for (MdArray array : snapshot.arrays().value()) {
        boolean rebuilding = array.members().stream()
            .anyMatch(m -> m.state() == MemberState.REBUILDING);
        if (arrays.contains(array.name()) && rebuilding && array.sync().percent() >= 0) {
          String eta = array.sync().etaSeconds() < 0 ? ""
              : " " + Math.max(1, Math.round(array.sync().etaSeconds() / 60.0)) + "MIN";
          lines.add(String.format(Locale.ROOT, "%s %.0f%%%s", array.name().toUpperCase(
              Locale.ROOT), array.sync().percent(), eta));
        }
      }
    }
    List<String> out = new ArrayList<>();
    out.add("REBUILDING BAY " + swap.target().number());
    out.addAll(lines.isEmpty() ? List.of("WAITING FOR MD") : lines);
    return out.subList(0, Math.min(3, out.size()));
  }
}
