package io.tandem.hardware.smart;

/**
 * What an NVMe drive's SMART / health information log says ({@code
 * nvme_smart_health_information_log}).
 *
 * @param criticalWarning the critical-warning bits: 0x01 spare below threshold, 0x02
 *     temperature, 0x04 reliability degraded, 0x08 read-only, 0x10 volatile memory backup
 *     failed, 0x20 persistent memory region unreliable
 * @param availableSpare spare capacity left, percent; null when absent
 * @param spareThreshold the percentage below which the drive reports spare trouble; null when
 *     absent
 * @param percentageUsed estimated share of the rated endurance used (can pass 100); null when
 *     absent
 * @param mediaErrors unrecovered data integrity errors
 * @param errorLogEntries entries in the error information log over the drive's life
 */
public record NvmeHealth(int criticalWarning, Integer availableSpare, Integer spareThreshold,
    Integer percentageUsed, long mediaErrors, long errorLogEntries) {
  public static final int SPARE = 0x01;
  public static final int TEMPERATURE = 0x02;
  public static final int RELIABILITY = 0x04;
  public static final int READ_ONLY = 0x08;
  public static final int VOLATILE_BACKUP = 0x10;
  public static final int PERSISTENT_MEMORY = 0x20;

  /** Whether a critical-warning bit is set. */
  public boolean warns(int bit) {
    return (criticalWarning & bit) != 0;
  }

  /** The spare is below its threshold (both known). */
  public boolean spareLow() {
    return availableSpare != null && spareThreshold != null && availableSpare < spareThreshold;
  }
}
