package io.tandem.hardware;

import java.util.List;
import java.util.Objects;

/**
 * Everything the appliance knows of its hardware at one moment, each part with the time it was
 * read and, when its last reading failed, why (the status shows both: the last known state and
 * that it is stale).
 *
 * @param arrays the md arrays
 * @param disks the disks, present ones and those that left a bay empty
 * @param psus the power supplies; its problem says so when {@code ipmi.command} is not set
 * @param sensors temperatures and fans of the machine, where it has them
 * @param storeArray the md array the store's filesystem sits on, or the problem when it does
 *     not (checked at start)
 */
public record HardwareSnapshot(Reading<List<MdArray>> arrays, Reading<List<Disk>> disks,
    Reading<List<Psu>> psus, Reading<Sensors> sensors, Reading<String> storeArray) {

  /** Nothing read yet (the first poll is under way). */
  public static final HardwareSnapshot EMPTY = new HardwareSnapshot(
      Reading.none("not read yet"), Reading.none("not read yet"), Reading.none("not read yet"),
      Reading.none("not read yet"), Reading.none("not read yet"));

  public HardwareSnapshot {
    Objects.requireNonNull(arrays, "arrays");
    Objects.requireNonNull(disks, "disks");
    Objects.requireNonNull(psus, "psus");
    Objects.requireNonNull(sensors, "sensors");
    Objects.requireNonNull(storeArray, "storeArray");
  }

  /**
   * Temperatures and fans.
   *
   * @param cpuTemperatureC the CPU temperature, or null where the machine does not say
   * @param fanRpm each fan's speed
   */
  public record Sensors(Double cpuTemperatureC, List<Integer> fanRpm) {
    public Sensors {
      fanRpm = List.copyOf(fanRpm);
    }
  }
}
