package io.tandem.hardware;

import java.util.List;
import java.util.Objects;

/**
 * One disk as the appliance knows it: where it is (bay), what it is (model, serial, size; a
 * disk is tracked by serial, never by its kernel name alone), and how it is (SMART).
 *
 * @param device the current kernel name ({@code sdb}, {@code nvme0n1}); null when the disk is
 *     gone (its last serial and bay are kept)
 * @param bay the bay it sits in; null when unknown
 * @param model the model; {@code ""} when unknown
 * @param serial the serial number; {@code ""} when unknown
 * @param sizeBytes its capacity; 0 when unknown
 * @param health the SMART verdict
 * @param reasons why the verdict is not ok, in plain words ("5 reallocated sectors")
 * @param temperatureC the last temperature read, or null
 */
public record Disk(String device, Integer bay, String model, String serial, long sizeBytes,
    DiskHealth health, List<String> reasons, Integer temperatureC) {
  public Disk {
    model = Objects.requireNonNullElse(model, "");
    serial = Objects.requireNonNullElse(serial, "");
    Objects.requireNonNull(health, "health");
    reasons = List.copyOf(reasons);
  }

  /** How an operator names this disk: "bay 3, serial ZL2ABCDE (sdc)". */
  public String label() {
    StringBuilder text = new StringBuilder(bay != null ? "bay " + bay : "an unknown bay");
    if (!serial.isEmpty()) {
      text.append(", serial ").append(serial);
    }
    if (device != null) {
      text.append(" (").append(device).append(')');
    }
    return text.toString();
  }
}
