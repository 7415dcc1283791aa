package io.tandem.hardware.smart;

/**
 * The failure counters of a SAS/SCSI disk: the grown defect list and the error counter log
 * ({@code scsi_error_counter_log.read|write|verify.total_uncorrected_errors}).
 *
 * @param grownDefects blocks the disk remapped since it left the factory; null when absent
 * @param readUncorrected uncorrected read errors
 * @param writeUncorrected uncorrected write errors
 * @param verifyUncorrected uncorrected verify errors
 */
public record ScsiHealth(Long grownDefects, long readUncorrected, long writeUncorrected,
    long verifyUncorrected) {}
