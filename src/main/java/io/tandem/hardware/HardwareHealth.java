package io.tandem.hardware;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How sound an appliance's hardware is, in a form two appliances can compare before a
 * controlled failover (the new primary should not be the one with the degraded array or the
 * failed power supply). Only what is known counts: a part that is not watched or not read is
 * neither good nor bad here.
 *
 * @param arraysAtRisk md arrays without full redundancy (degraded, rebuilding, failed, inactive)
 * @param psusDown power supplies not ok (failed, AC lost, absent, predicting failure)
 * @param disksFailing disks SMART calls failing
 * @param problems each of those in plain words
 */
public record HardwareHealth(int arraysAtRisk, int psusDown, int disksFailing,
    List<String> problems) {

  /** An appliance whose hardware is not watched. */
  public static final HardwareHealth UNWATCHED = new HardwareHealth(0, 0, 0, List.of());

  public HardwareHealth {
    problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
  }

  /** The health of a snapshot. */
  public static HardwareHealth of(HardwareSnapshot snapshot) {
    List<String> problems = new ArrayList<>();
    int arrays = 0;
    int psus = 0;
    int disks = 0;
    for (MdArray array : orEmpty(snapshot.arrays().value())) {
      switch (array.state()) {
        case DEGRADED, RECOVERING, FAILED, INACTIVE -> {
          arrays++;
          problems.add(array.name() + " " + array.state().word());
        }
        default -> { }
      }
    }
    for (Psu psu : orEmpty(snapshot.psus().value())) {
      if (psu.state() != PsuState.OK && psu.state() != PsuState.UNKNOWN) {
        psus++;
        problems.add("power supply " + psu.id() + " " + psu.state().word());
      }
    }
    for (Disk disk : orEmpty(snapshot.disks().value())) {
      if (disk.device() != null && disk.health() == DiskHealth.FAILING) {
        disks++;
        problems.add("disk " + disk.label() + " failing");
      }
    }
    return new HardwareHealth(arrays, psus, disks, problems);
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /**
   * True when this is worse than {@code other}: an array without redundancy weighs more than a
   * power supply down, which weighs more than a failing disk still in a sound array.
   */
  public boolean worseThan(HardwareHealth other) {
    return score() > other.score();
  }

  private long score() {
    return arraysAtRisk * 10_000L + psusDown * 100L + disksFailing;
  }

  /** "md0 degraded, power supply 2 ac_lost", or "sound" when nothing is known wrong. */
  public String describe() {
    return problems.isEmpty() ? "sound" : String.join(", ", problems);
  }
}
