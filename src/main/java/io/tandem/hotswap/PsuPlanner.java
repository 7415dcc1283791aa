package io.tandem.hotswap;

import io.tandem.hardware.HardwareSnapshot;
import io.tandem.hardware.Psu;
import io.tandem.hardware.PsuState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The verdict for pulling a power supply (pure): SAFE only when another supply is present, has
 * AC and reports no failure (not even a predicted one), so it can carry the appliance alone;
 * UNKNOWN when the BMC's readings are stale, missing or not configured ({@code ipmi.command}).
 */
final class PsuPlanner {
  private final HardwareSnapshot snapshot;
  private final HotswapTarget target;

  PsuPlanner(HardwareSnapshot snapshot, HotswapTarget target) {
    this.snapshot = snapshot;
    this.target = target;
  }

  HotswapPlan plan(Instant now, Duration maxAge) {
    Findings findings = new Findings();
    String problem = snapshot.psus().problem();
    if (problem != null && problem.startsWith("not configured")) {
      return findings.add(Finding.unknown("The appliance cannot see its power supplies ("
          + problem + ").", "Set ipmi.command in the configuration, or check both supplies'"
              + " LEDs by hand and follow the chassis manual.")).plan(target, List.of());
    }
    Freshness.check(snapshot.psus(), "the power supplies", now, maxAge).ifPresent(findings::add);
    if (findings.verdict() != Verdict.SAFE) {
      return findings.plan(target, List.of());
    }
    List<Psu> psus = snapshot.psus().value();
    Optional<Psu> psu = psus.stream().filter(p -> p.id() == target.number()).findFirst();
    if (psu.isEmpty()) {
      return findings.add(Finding.unknown("The BMC reports no power supply " + target.number()
          + " (it reports " + ids(psus) + ").", "Check the number on the chassis label."))
          .plan(target, List.of());
    }
    if (psu.get().state() == PsuState.ABSENT) {
      return findings.add(Finding.safe("Power supply " + target.number() + " is not present:"
          + " there is nothing to pull.")).plan(target, List.of("Insert the replacement"
              + " supply, plug its cord in and check that 'tandem status' shows it ok."));
    }
    findings.add(judge(psu.get(), psus.stream().filter(p -> p.id() != target.number())
        .toList()));
    return findings.plan(target, pullSteps());
  }

  private Finding judge(Psu psu, List<Psu> others) {
    String own = psu.state() == PsuState.OK ? "" : " Power supply " + psu.id() + " is "
        + words(psu) + ".";
    Optional<Psu> carrier = others.stream().filter(p -> p.state() == PsuState.OK).findFirst();
    if (carrier.isPresent()) {
      return Finding.safe("Power supply " + carrier.get().id() + " is present, has AC and no"
          + " failure: it carries the appliance alone while " + psu.id() + " is out." + own);
    }
    if (others.isEmpty()) {
      return Finding.unsafe("Power supply " + psu.id() + " is the only one the BMC reports:"
          + " pulling it turns the appliance off.", "Fail over to the partner first"
              + " ('tandem failover') and shut the appliance down before replacing it.");
    }
    Optional<Psu> unknown = others.stream().filter(p -> p.state() == PsuState.UNKNOWN)
        .findFirst();
    if (unknown.isPresent()) {
      return Finding.unknown("The state of power supply " + unknown.get().id() + " is unknown"
          + detail(unknown.get()) + ", so the guard cannot tell whether it can carry the"
          + " appliance alone.", "Check power supply " + unknown.get().id() + "'s LED.");
    }
    Psu other = others.get(0);
    return Finding.unsafe("Power supply " + other.id() + " is " + words(other) + ": without "
        + psu.id() + " it could not carry the appliance." + own, restore(other));
  }

  private static String restore(Psu other) {
    return switch (other.state()) {
      case AC_LOST -> "Restore AC to power supply " + other.id() + " first: check its cord"
          + " and circuit.";
      case ABSENT -> "Insert power supply " + other.id() + " first and plug its cord in.";
      case PREDICTIVE_FAILURE -> "Replace power supply " + other.id() + " first, or fail over"
          + " to the partner ('tandem failover') before working on both.";
      default -> "Replace power supply " + other.id() + " first.";
    };
  }

  private static String words(Psu psu) {
    String word = switch (psu.state()) {
      case AC_LOST -> "without AC power";
      case FAILED -> "failed";
      case ABSENT -> "not present";
      case PREDICTIVE_FAILURE -> "predicting its own failure";
      default -> psu.state().word();
    };
    return word + detail(psu);
  }

  private static String detail(Psu psu) {
    return psu.detail().isEmpty() ? "" : " (" + psu.sensor() + ": " + psu.detail() + ")";
  }

  private List<String> pullSteps() {
    return List.of(
        "Unplug the power cord of power supply " + target.number() + ".",
        "Press its release latch and pull power supply " + target.number() + " out.",
        "Insert the replacement, plug its cord in and check that 'tandem status' shows power"
            + " supply " + target.number() + " ok.");
  }

  private static String ids(List<Psu> psus) {
    return psus.isEmpty() ? "none" : String.join(", ",
        psus.stream().map(p -> String.valueOf(p.id())).toList());
  }
}
