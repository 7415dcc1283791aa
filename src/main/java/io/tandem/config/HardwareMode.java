package io.tandem.config;

/** {@code hardware.mode}: where the hardware readings come from. */
public enum HardwareMode {
  /** The machine's own: /proc, /sys, mdadm, smartctl, ipmitool, under {@code hardware.root}. */
  REAL,
  /** A simulated enclosure kept in {@code hardware.sim.dir} and driven by {@code tandem sim}. */
  SIM;

  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
