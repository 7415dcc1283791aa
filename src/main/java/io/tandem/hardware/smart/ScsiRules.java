package io.tandem.hardware.smart;

import static io.tandem.hardware.smart.Findings.count;

/** The SAS/SCSI rules; the thresholds and their sources are in {@link SmartVerdicts}. */
final class ScsiRules {
  /** Grown defects above this are failing, as reallocated sectors on ATA (ours, by analogy). */
  static final long DEFECTS_FAILING_ABOVE = AtaRules.REALLOCATED_FAILING_ABOVE;

  private ScsiRules() {}

  static void apply(ScsiHealth scsi, Findings findings) {
    Long defects = scsi.grownDefects();
    if (defects != null && defects > DEFECTS_FAILING_ABOVE) {
      findings.failing(count(defects, "grown defect", "grown defects") + " (remapped blocks)");
    } else if (defects != null && defects > 0) {
      findings.warning(count(defects, "grown defect", "grown defects") + " (remapped blocks)");
    }
    uncorrected(scsi.readUncorrected(), "read", findings);
    uncorrected(scsi.writeUncorrected(), "write", findings);
    uncorrected(scsi.verifyUncorrected(), "verify", findings);
  }

  private static void uncorrected(long errors, String kind, Findings findings) {
    if (errors > 0) {
      findings.failing(count(errors, "uncorrected " + kind + " error",
          "uncorrected " + kind + " errors"));
    }
  }
}
