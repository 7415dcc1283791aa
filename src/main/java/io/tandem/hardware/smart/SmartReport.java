package io.tandem.hardware.smart;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@code smartctl -a -j} run said of one disk, before any judgement ({@link
 * SmartVerdicts} judges it). Fields smartctl left out are null (or empty), never guessed.
 *
 * @param device the device smartctl read ({@code /dev/sdb}); {@code ""} when it never got that far
 * @param protocol ATA, NVMe or SCSI
 * @param model the model ({@code model_name}, else the SCSI vendor and product); {@code ""}
 * @param serial the serial number; {@code ""}
 * @param capacityBytes the capacity; 0 when unknown
 * @param exitStatus the exit status bits (the JSON's and the process's together)
 * @param messages smartctl's own messages ({@code smartctl.messages}), in order
 * @param smartAvailable whether the disk offers SMART; null when smartctl did not say
 * @param healthPassed the overall-health self-assessment ({@code smart_status.passed}); null
 *     when it could not be read
 * @param temperatureC the current temperature; null when unknown (0 reads as unknown: RAID
 *     volumes and virtual disks report it)
 * @param attributes the ATA attribute table; empty for other disks
 * @param nvme the NVMe health log, or null
 * @param scsi the SCSI failure counters, or null
 * @param selfTestErrors failed self-tests in the ATA self-test log that a newer test has not
 *     superseded; null when there is no log
 * @param lowPowerMode the power mode that stopped smartctl under {@code -n standby}
 *     ({@code STANDBY}, {@code SLEEP}, {@code IDLE}); null when it read the disk
 */
public record SmartReport(String device, Protocol protocol, String model, String serial,
    long capacityBytes, SmartExitStatus exitStatus, List<Message> messages,
    Boolean smartAvailable, Boolean healthPassed, Integer temperatureC,
    List<AtaAttribute> attributes, NvmeHealth nvme, ScsiHealth scsi, Integer selfTestErrors,
    String lowPowerMode) {

  /** The disk's command set, from {@code device.protocol}. */
  public enum Protocol { ATA, NVME, SCSI, UNKNOWN }

  /**
   * One of smartctl's messages.
   *
   * @param severity {@code error}, {@code warning} or {@code information}
   * @param text the message
   */
  public record Message(String severity, String text) {
    /** Whether smartctl called it an error. */
    public boolean isError() {
      return "error".equals(severity);
    }
  }

  public SmartReport {
    device = Objects.requireNonNullElse(device, "");
    model = Objects.requireNonNullElse(model, "");
    serial = Objects.requireNonNullElse(serial, "");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(exitStatus, "exitStatus");
    messages = List.copyOf(messages);
    attributes = List.copyOf(attributes);
  }

  /** The ATA attribute {@code id}, when the table has it. */
  public Optional<AtaAttribute> attribute(int id) {
    return attributes.stream().filter(a -> a.id() == id).findFirst();
  }

  /** The disk was in a low-power mode and smartctl left it alone. */
  public boolean asleep() {
    return lowPowerMode != null;
  }

  /** Whether smartctl read anything that says how the disk is. */
  public boolean hasHealthData() {
    return healthPassed != null || !attributes.isEmpty() || nvme != null || scsi != null;
  }

  /** The first error message, or the first message, or {@code ""}. */
  public String firstMessage() {
    return messages.stream().filter(Message::isError).findFirst()
        .or(() -> messages.stream().findFirst()).map(Message::text).orElse("");
  }
}
