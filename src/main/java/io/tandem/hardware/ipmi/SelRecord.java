package io.tandem.hardware.ipmi;

import io.tandem.alert.Alert;
import io.tandem.alert.AlertSink;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The line {@code ipmitool sel add FILE} reads for one alert event; no I/O. ipmitool takes seven
 * bytes per line (its {@code lib/ipmi_sel.c}, man page "sel add"; the same format as {@code
 * event file}) and adds them as a standard system event record, type 0x02, generator ID 0x41
 * (system software), timestamped by the BMC; it cannot add OEM record types (0xC0-0xDF) or
 * carry text. The record Tandem writes:
 *
 * <pre>
 * 0x04  EvM revision (IPMI 1.5/2.0)
 * 0x12  sensor type: System Event
 * 0x54  sensor number: 'T', Tandem's (software-generated, so it names no BMC sensor)
 * 0x07  event direction assertion (bit 7 = 0), event type 0x07: generic "severity"
 * 0xA?  event data 1: bits 7-6 = 10 and 5-4 = 10 (data 2 and 3 carry an OEM code),
 *       bits 3-0 = offset: 0 "Transition to OK" (cleared), 1 "Transition to Non-critical from
 *       OK" (warning), 2 "Transition to Critical from less severe" (critical)
 * 0x..  event data 2: the alert's code, high byte
 * 0x..  event data 3: the alert's code, low byte
 * </pre>
 *
 * The code is the CRC-16/CCITT-FALSE of the alert's id (UTF-8), so the same condition always
 * carries the same code; the service logs "code = id" with each record. {@code ipmitool sel
 * list} shows it as {@code System Event #0x54 | Transition to Critical from less severe |
 * Asserted}. A raised or re-notified alert gives its severity's offset, a cleared one offset 0.
 */
public final class SelRecord {
  static final int EVM_REVISION = 0x04;
  static final int SENSOR_TYPE_SYSTEM_EVENT = 0x12;
  static final int SENSOR_NUMBER = 0x54;
  static final int EVENT_TYPE_SEVERITY = 0x07;

  private SelRecord() {}

  /** The record's line (with a comment naming the alert, which ipmitool ignores). */
  public static String line(Alert alert, AlertSink.Event event) {
    int offset = offset(alert, event);
    int code = code(alert.id());
    String comment = event.name().toLowerCase(Locale.ROOT) + " " + alert.severity().word() + " "
        + alert.id().replaceAll("[^A-Za-z0-9._:-]", "_");
    return String.format(Locale.ROOT, "0x%02X 0x%02X 0x%02X 0x%02X 0x%02X 0x%02X 0x%02X # %s%n",
        EVM_REVISION, SENSOR_TYPE_SYSTEM_EVENT, SENSOR_NUMBER, EVENT_TYPE_SEVERITY,
        0xA0 | offset, code >> 8, code & 0xFF, comment);
  }

  /** The severity offset: 0 transition to OK, 1 to non-critical, 2 to critical. */
  static int offset(Alert alert, AlertSink.Event event) {
    if (event == AlertSink.Event.CLEARED) {
      return 0;
    }
    return alert.severity() == Alert.Severity.CRITICAL ? 2 : 1;
  }

  /** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) of the id's UTF-8 bytes. */
  public static int code(String alertId) {
    int crc = 0xFFFF;
    for (byte b : alertId.getBytes(StandardCharsets.UTF_8)) {
      crc ^= (b & 0xFF) << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      crc &= 0xFFFF;
    }
    return crc;
  }
}
