package io.tandem.hotswap;

import io.tandem.hardware.Disk;
import io.tandem.hardware.DiskHealth;
import io.tandem.hardware.HardwareSnapshot;
import io.tandem.hardware.MdArray;
import io.tandem.hardware.MdArray.MdMember;
import io.tandem.hardware.MemberState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict for pulling the disk in one bay (pure): fresh readings first, then every array
 * the disk's partitions are members of ({@link ArrayJudge}), wrong-bay protection (another disk
 * is the failing one) and the pair ({@link PairRule}).
 */
final class DiskPlanner {
  private final HardwareSnapshot snapshot;
  private final PairState pair;
  private final HotswapTarget target;

  DiskPlanner(HardwareSnapshot snapshot, PairState pair, HotswapTarget target) {
    this.snapshot = snapshot;
    this.pair = pair;
    this.target = target;
  }

  HotswapPlan plan(Instant now, Duration maxAge) {
    Findings findings = new Findings();
    Freshness.check(snapshot.arrays(), "the md arrays", now, maxAge).ifPresent(findings::add);
    Freshness.check(snapshot.disks(), "the disks and their bays", now, maxAge)
        .ifPresent(findings::add);
    if (findings.verdict() != Verdict.SAFE) {
      return findings.plan(target, List.of());
    }
    List<Disk> disks = snapshot.disks().value();
    Optional<Disk> inBay = disks.stream().filter(d -> Objects.equals(d.bay(), target.number()))
        .min(Comparator.comparing(d -> d.device() == null));
    if (inBay.isEmpty()) {
      return findings.add(Finding.unknown("No disk is known in bay " + target.number()
          + " (disks are known in " + bays(disks) + ").", "Check the bay number on the"
              + " chassis label and the bays.N lines of the configuration.")).plan(target,
                  List.of());
    }
    Disk disk = inBay.get();
    if (disk.device() == null) {
      return findings.add(Finding.safe("Bay " + target.number() + " is empty: the disk"
          + (disk.serial().isEmpty() ? "" : " with serial " + disk.serial()) + " has left it."))
          .plan(target, List.of("Put the replacement disk into bay " + target.number()
              + " and run 'tandem hotswap done " + target.word() + "'."));
    }
    judge(disk, findings);
    return findings.plan(target, pullSteps(disk));
  }

  private void judge(Disk disk, Findings findings) {
    DiskNames names = new DiskNames(snapshot.disks().value());
    String label = DiskNames.disk(disk);
    List<String> degraded = new ArrayList<>();
    boolean member = false;
    for (MdArray array : snapshot.arrays().value()) {
      List<MdMember> mine = membersOn(array, disk);
      if (mine.isEmpty()) {
        continue;
      }
      member = true;
      ArrayJudge.Judgement judgement = new ArrayJudge(array, mine, names, label).judge();
      findings.addAll(judgement.findings());
      if (judgement.degrades() && holdsTheStore(array)) {
        degraded.add(array.name());
      }
    }
    if (!member) {
      findings.add(Finding.safe(label + " is a member of no md array: nothing the appliance"
          + " relies on is on it."));
    }
    boolean failing = failing(disk);
    if (failing) {
      findings.add(Finding.safe(label + " is the failing disk" + why(disk) + ": replace it."));
    } else {
      wrongBay(disk).ifPresent(findings::add);
    }
    if (!degraded.isEmpty()) {
      findings.add(PairRule.check(pair, String.join(" and ", degraded)));
    }
  }

  /** Another disk is failing and this one is not: the technician may be at the wrong bay. */
  private Optional<Finding> wrongBay(Disk disk) {
    List<Disk> failing = snapshot.disks().value().stream()
        .filter(d -> d.device() != null && !d.device().equals(disk.device()) && failing(d))
        .toList();
    if (failing.isEmpty()) {
      return Optional.empty();
    }
    String which = String.join("; ", failing.stream()
        .map(d -> DiskNames.disk(d) + ", is the failing disk" + why(d)).toList());
    Integer bay = failing.stream().map(Disk::bay).filter(Objects::nonNull).findFirst()
        .orElse(null);
    return Optional.of(Finding.unsafe(which + "; bay " + target.number() + " is healthy."
        + " Pulling it would take a good disk out while the failing one stays.",
        bay == null ? "Find the failing disk by its serial first."
            : "Replace the failing disk first: 'tandem hotswap plan disk " + bay + "'."));
  }

  /** SMART says failing, or md has marked one of its members faulty. */
  private boolean failing(Disk disk) {
    if (disk.health() == DiskHealth.FAILING) {
      return true;
    }
    return snapshot.arrays().value().stream().flatMap(a -> membersOn(a, disk).stream())
        .anyMatch(m -> m.state() == MemberState.FAULTY);
  }

  private String why(Disk disk) {
    List<String> parts = new ArrayList<>();
    for (MdArray array : snapshot.arrays().value()) {
      if (membersOn(array, disk).stream().anyMatch(m -> m.state() == MemberState.FAULTY)) {
        parts.add("faulty in " + array.name());
      }
    }
    if (disk.health() == DiskHealth.FAILING) {
      parts.add("SMART: " + (disk.reasons().isEmpty() ? "failing"
          : String.join(", ", disk.reasons())));
    }
    return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
  }

  private boolean holdsTheStore(MdArray array) {
    String store = snapshot.storeArray().value();
    return store == null || store.equals(array.name());
  }

  private List<String> pullSteps(Disk disk) {
    String serial = disk.serial().isEmpty() ? "" : ", check that its label reads serial "
        + disk.serial() + " (if not, push it back and stop)";
    return List.of(
        "Run 'tandem hotswap prepare " + target.word() + "': it takes the disk out of its"
            + " arrays and makes the LED of bay " + target.number() + " blink.",
        "Press the release lever of bay " + target.number() + ", the one whose LED blinks"
            + serial + ", and pull the disk out.",
        "Put the replacement into the same bay and run 'tandem hotswap done " + target.word()
            + "'; the arrays rebuild onto it ('tandem status' shows the progress).");
  }

  private static List<MdMember> membersOn(MdArray array, Disk disk) {
    return array.members().stream().filter(m -> m.device() != null
        && io.tandem.hardware.HardwareConditions.wholeDisk(m.device()).equals(disk.device()))
        .toList();
  }

  private static String bays(List<Disk> disks) {
    List<String> bays = disks.stream().map(Disk::bay).filter(Objects::nonNull).distinct()
        .sorted().map(String::valueOf).toList();
    return bays.isEmpty() ? "no bay" : "bays " + String.join(", ", bays);
  }
}
