package io.tandem.hardware.smart;

/**
 * smartctl's exit status, a bitmask (smartctl(8) "RETURN VALUES"; {@code smartctl.exit_status}
 * in the JSON mirrors it). A non-zero status with valid JSON is normal: the bits say what, and
 * the JSON still holds the data.
 *
 * <table>
 *   <caption>The bits</caption>
 *   <tr><th>bit</th><th>value</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>1</td><td>the command line did not parse (also unknown device types and
 *       unknown USB bridges)</td></tr>
 *   <tr><td>1</td><td>2</td><td>the device could not be opened, or is in a low-power mode with
 *       {@code -n standby}</td></tr>
 *   <tr><td>2</td><td>4</td><td>some SMART or other command to the disk failed, or a checksum
 *       error</td></tr>
 *   <tr><td>3</td><td>8</td><td>SMART status: "DISK FAILING"</td></tr>
 *   <tr><td>4</td><td>16</td><td>a prefail attribute is at or below its threshold now</td></tr>
 *   <tr><td>5</td><td>32</td><td>some attribute was at or below its threshold in the past</td></tr>
 *   <tr><td>6</td><td>64</td><td>the device error log has records</td></tr>
 *   <tr><td>7</td><td>128</td><td>the self-test log has errors</td></tr>
 * </table>
 *
 * @param bits the status, 0 to 255
 */
public record SmartExitStatus(int bits) {
  public static final int COMMAND_LINE = 1;
  public static final int DEVICE_OPEN = 1 << 1;
  public static final int COMMAND_FAILED = 1 << 2;
  public static final int DISK_FAILING = 1 << 3;
  public static final int PREFAIL_NOW = 1 << 4;
  public static final int THRESHOLD_PAST = 1 << 5;
  public static final int ERROR_LOG = 1 << 6;
  public static final int SELF_TEST_ERRORS = 1 << 7;

  public SmartExitStatus {
    bits &= 0xFF;
  }

  /** Whether {@code bit} (one of the constants) is set. */
  public boolean has(int bit) {
    return (bits & bit) != 0;
  }

  /** Bits 0 or 1: smartctl could not read the disk at all (unknown, not failed). */
  public boolean unreadable() {
    return has(COMMAND_LINE) || has(DEVICE_OPEN);
  }
}
