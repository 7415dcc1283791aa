package io.tandem.hardware.smart;

import io.tandem.hardware.DiskHealth;
import io.tandem.hardware.Sources.SmartVerdict;
import io.tandem.hardware.smart.SmartReport.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges a {@link SmartReport}: failing (replace it), warning (watch it), ok, or unknown (it
 * could not be read), with reasons in an operator's words. Pure.
 *
 * <p>Where a rule comes from: Backblaze's drive statistics as Scrutiny (AnalogJ/scrutiny)
 * buckets them into annual failure rates (a critical attribute whose bucket has an AFR of 10 %
 * or more is failed), smartd's checks, and smartctl's own exit bits. The project notes
 * (hardware-formats-and-pitfalls.md 1c, 1f, 2.6, 3) quote them.
 *
 * <table>
 *   <caption>The rules</caption>
 *   <tr><th>what</th><th>verdict</th><th>source</th></tr>
 *   <tr><td>exit bit 0 or 1, unknown USB bridge, unknown device type, no SMART data</td>
 *       <td>unknown, with smartctl's message</td><td>smartctl(8); bits 0-1 mean unread, never
 *       failed</td></tr>
 *   <tr><td>low-power mode under {@code -n standby}</td><td>unknown (the source keeps the last
 *       verdict instead, see {@link #asleep})</td><td>smartd {@code -n standby}</td></tr>
 *   <tr><td>overall-health self-assessment failed ({@code smart_status.passed} false, exit bit
 *       3), ATA and SCSI</td><td>failing</td><td>smartctl {@code -H}</td></tr>
 *   <tr><td>an attribute at or below the maker's threshold now (exit bit 4)</td>
 *       <td>failing</td><td>smartctl</td></tr>
 *   <tr><td>an attribute at or below it in the past (exit bit 5)</td><td>warning, not failing:
 *       it must not keep a disk red for ever</td><td>smartctl</td></tr>
 *   <tr><td>self-test log errors (exit bit 7)</td><td>warning</td><td>smartd {@code -l
 *       selftest}</td></tr>
 *   <tr><td>exit bit 2 (a command failed), bit 6 (error log has entries)</td><td>no change: the
 *       data is judged; SAS disks set bit 2 for unsupported log pages</td><td>notes 2.6</td></tr>
 *   <tr><td>5 reallocated sectors: 1 to 16 / more than 16</td><td>warning / failing</td>
 *       <td>Scrutiny: AFR 2.7-7.5 % for 1-16, 23.6 % for 17-70</td></tr>
 *   <tr><td>197 pending sectors, 198 offline uncorrectable, 187 reported uncorrectable: 1 or
 *       more</td><td>failing</td><td>Scrutiny: AFR 34 %+, 81 %+, 24-160 %</td></tr>
 *   <tr><td>188 command timeouts (low 16 bits): more than 100</td><td>warning only (Seagate
 *       packs this raw value)</td><td>Scrutiny: over 100, AFR 10 %+</td></tr>
 *   <tr><td>199 UDMA CRC errors: above 0 at the first reading, or risen since the last</td>
 *       <td>warning, "check the cable, not the disk"; a settled count is ok</td><td>Scrutiny
 *       users' complaint: CRC errors are cabling</td></tr>
 *   <tr><td>NVMe critical warning 0x01, 0x04, 0x08, 0x10, 0x20; spare below its threshold;
 *       media errors above 0; endurance used above 100 %</td><td>failing</td><td>Scrutiny;
 *       NVMe base specification, SMART / Health log</td></tr>
 *   <tr><td>NVMe critical warning 0x02 (temperature); endurance used 90 % or more</td>
 *       <td>warning</td><td>notes 3 (the temperature bit is transient); 90 % is ours</td></tr>
 *   <tr><td>SCSI grown defects: 1 to 16 / more than 16</td><td>warning / failing</td><td>ours,
 *       as reallocated sectors (Scrutiny fails any)</td></tr>
 *   <tr><td>SCSI uncorrected read, write or verify errors: 1 or more</td><td>failing</td>
 *       <td>Scrutiny</td></tr>
 * </table>
 */
public final class SmartVerdicts {
  static final String OVERALL_FAILED = "SMART overall-health self-assessment failed";

  private SmartVerdicts() {}

  /** Judges one reading on its own (a UDMA CRC count above 0 warns). */
  public static SmartVerdict judge(SmartReport report) {
    return judge(report, null);
  }

  /**
   * Judges one reading, given the disk's previous reading for the counters that matter only
   * when they change (UDMA CRC errors).
   *
   * @param before the previous reading of the same disk, or null
   */
  public static SmartVerdict judge(SmartReport report, SmartReport before) {
    Findings findings = new Findings();
    if (report.asleep()) {
      findings.unknown(asleepReason(report.lowPowerMode()) + "; no reading kept");
    } else if (!report.hasHealthData() || report.exitStatus().unreadable()) {
      unread(report, findings);
    } else {
      exitBits(report, findings);
      if (report.protocol() == Protocol.NVME && report.nvme() != null) {
        NvmeRules.apply(report.nvme(), findings);
      } else if (Boolean.FALSE.equals(report.healthPassed())) {
        findings.failing(OVERALL_FAILED);
      }
      AtaRules.apply(report, before, findings);
      if (report.scsi() != null) {
        ScsiRules.apply(report.scsi(), findings);
      }
      prefailFallback(report, findings);
    }
    return new SmartVerdict(findings.health(), findings.reasons(), report.temperatureC(),
        report.model(), report.serial());
  }

  /**
   * The verdict for a disk left asleep: the last verdict kept (its health, its reasons and a
   * note that it is asleep; no temperature, as none was read), or unknown when there is none.
   *
   * @param mode the power mode smartctl named ({@code STANDBY})
   * @param last the disk's last verdict from a reading, or null
   */
  public static SmartVerdict asleep(String mode, SmartVerdict last) {
    if (last == null) {
      return new SmartVerdict(DiskHealth.UNKNOWN,
          List.of(asleepReason(mode) + "; not read since the service started"), null, "", "");
    }
    List<String> reasons = new ArrayList<>(last.reasons());
    reasons.add(asleepReason(mode) + "; health from the last reading");
    return new SmartVerdict(last.health(), reasons, null, last.model(), last.serial());
  }

  private static String asleepReason(String mode) {
    return "asleep (" + mode.toLowerCase(Locale.ROOT) + "), not woken to read SMART";
  }

  private static void unread(SmartReport report, Findings findings) {
    String message = report.firstMessage();
    if (message.contains("Unknown USB bridge")) {
      findings.unknown("behind a USB bridge smartctl does not know (" + message
          + "): its type must be given with -d (sat, sntjmicron, ...)");
    } else if (message.contains("Unable to detect device type")) {
      findings.unknown("smartctl cannot tell what kind of disk this is, so SMART cannot be read"
          + " (a virtual disk or a RAID controller's volume?)");
    } else if (report.exitStatus().has(SmartExitStatus.DEVICE_OPEN)) {
      findings.unknown("the disk could not be opened"
          + (message.isEmpty() ? "" : ": " + message));
    } else if (report.exitStatus().has(SmartExitStatus.COMMAND_LINE)) {
      findings.unknown("smartctl refused its command line (check smart.command)"
          + (message.isEmpty() ? "" : ": " + message));
    } else if (Boolean.FALSE.equals(report.smartAvailable())) {
      findings.unknown("the disk offers no SMART (a virtual disk or a RAID volume?)");
    } else {
      findings.unknown("smartctl reported no SMART health for this disk"
          + (message.isEmpty() ? "" : ": " + message));
    }
  }

  private static void exitBits(SmartReport report, Findings findings) {
    SmartExitStatus exit = report.exitStatus();
    if (exit.has(SmartExitStatus.DISK_FAILING) && report.protocol() != Protocol.NVME) {
      findings.failing(OVERALL_FAILED);
    }
    if (exit.has(SmartExitStatus.SELF_TEST_ERRORS)) {
      Integer failed = report.selfTestErrors();
      findings.warning(failed == null || failed == 0 ? "the self-test log records failed tests"
          : "the self-test log records " + Findings.count(failed, "failed test", "failed tests"));
    }
  }

  /** Bits 4 and 5 said so, but no attribute carries the word: say it from the bits alone. */
  private static void prefailFallback(SmartReport report, Findings findings) {
    SmartExitStatus exit = report.exitStatus();
    boolean now = report.attributes().stream()
        .anyMatch(a -> a.whenFailed() == AtaAttribute.WhenFailed.NOW);
    boolean past = report.attributes().stream()
        .anyMatch(a -> a.whenFailed() == AtaAttribute.WhenFailed.PAST);
    if (exit.has(SmartExitStatus.PREFAIL_NOW) && !now) {
      findings.failing("a pre-failure attribute is at or below the maker's threshold");
    }
    if (exit.has(SmartExitStatus.THRESHOLD_PAST) && !past) {
      findings.warning("an attribute fell to the maker's failure threshold in the past");
    }
  }
}
