package io.tandem.hardware.smart;

import static io.tandem.hardware.smart.Findings.count;

/**
 * The NVMe health-log rules; the thresholds and their sources are in {@link SmartVerdicts}. The
 * overall {@code smart_status.passed} is not used for NVMe: smartctl sets it false for any
 * critical-warning bit, the transient temperature bit included, so the bits are read instead.
 */
final class NvmeRules {
  /** Endurance used (percent) from which the drive is worn enough to warn (ours). */
  static final int WORN_WARNING_FROM = 90;
  /** Endurance used (percent) above which the drive is failing (Scrutiny). */
  static final int WORN_FAILING_ABOVE = 100;

  private NvmeRules() {}

  static void apply(NvmeHealth nvme, Findings findings) {
    if (nvme.warns(NvmeHealth.SPARE) || nvme.spareLow()) {
      findings.failing("NVMe spare below threshold" + (nvme.spareLow()
          ? " (" + nvme.availableSpare() + "% left, threshold " + nvme.spareThreshold() + "%)"
          : ""));
    }
    if (nvme.warns(NvmeHealth.TEMPERATURE)) {
      findings.warning("NVMe temperature outside its limits");
    }
    if (nvme.warns(NvmeHealth.RELIABILITY)) {
      findings.failing("NVMe reliability degraded (media or internal errors)");
    }
    if (nvme.warns(NvmeHealth.READ_ONLY)) {
      findings.failing("NVMe media switched to read-only");
    }
    if (nvme.warns(NvmeHealth.VOLATILE_BACKUP)) {
      findings.failing("NVMe volatile memory backup failed");
    }
    if (nvme.warns(NvmeHealth.PERSISTENT_MEMORY)) {
      findings.failing("NVMe persistent memory region unreliable");
    }
    if (nvme.mediaErrors() > 0) {
      findings.failing(count(nvme.mediaErrors(), "NVMe media error", "NVMe media errors"));
    }
    worn(nvme.percentageUsed(), findings);
  }

  private static void worn(Integer used, Findings findings) {
    if (used == null) {
      return;
    }
    if (used > WORN_FAILING_ABOVE) {
      findings.failing("NVMe past its rated endurance (" + used + "% used)");
    } else if (used >= WORN_WARNING_FROM) {
      findings.warning("NVMe near the end of its rated endurance (" + used + "% used)");
    }
  }
}
