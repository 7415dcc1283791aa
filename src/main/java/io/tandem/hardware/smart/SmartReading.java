package io.tandem.hardware.smart;

import io.tandem.hardware.Sources.SmartVerdict;

/**
 * One poll of a disk's SMART: either it was read, or it was asleep and left asleep ({@code -n
 * standby}), in which case the verdict kept from the last reading comes with it.
 */
public sealed interface SmartReading {

  /** The verdict to show for this poll. */
  SmartVerdict verdict();

  /**
   * The disk was read.
   *
   * @param report what smartctl said
   * @param verdict the judgement of it
   */
  record Read(SmartReport report, SmartVerdict verdict) implements SmartReading {}

  /**
   * The disk was in a low-power mode and smartctl did not wake it.
   *
   * @param mode the mode smartctl named ({@code STANDBY}, {@code SLEEP}, {@code IDLE})
   * @param last the verdict of the last reading, or null when the disk was never read
   * @param verdict {@link SmartVerdicts#asleep}: the last health with a note, or unknown
   */
  record Asleep(String mode, SmartVerdict last, SmartVerdict verdict) implements SmartReading {}
}
