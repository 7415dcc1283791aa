package io.tandem.hardware;

import java.util.List;

/**
 * The small interfaces each hardware source implements; the monitor knows nothing else of
 * them. A real source reads files under {@code hardware.root} and runs tools through {@code
 * io.tandem.command.CommandRunner}; the simulated enclosure produces the same formats and goes
 * through the same parsers. Each parser is a pure function kept apart from the I/O.
 */
public final class Sources {
  private Sources() {}

  /** The md arrays of this machine. */
  public interface Arrays {
    List<MdArray> read() throws HardwareException;
  }

  /** The disks present: kernel name, model, serial, size (no SMART yet). */
  public interface DiskInventory {
    List<DiskIdentity> read() throws HardwareException;
  }

  /** A disk present now, before SMART. */
  public record DiskIdentity(String device, String model, String serial, long sizeBytes) {}

  /** SMART of one disk. */
  public interface Smart {
    SmartVerdict read(String device) throws HardwareException;
  }

  /**
   * What SMART says of one disk.
   *
   * @param health the verdict
   * @param reasons why it is not ok, in plain words
   * @param temperatureC the current temperature, or null
   * @param model the model as SMART reports it ({@code ""} when not)
   * @param serial the serial as SMART reports it ({@code ""} when not)
   */
  public record SmartVerdict(DiskHealth health, List<String> reasons, Integer temperatureC,
      String model, String serial) {
    public SmartVerdict {
      reasons = List.copyOf(reasons);
    }
  }

  /** The power supplies, from the BMC. */
  public interface PowerSupplies {
    List<Psu> read() throws HardwareException;
  }

  /** The md array the store's filesystem sits on (its name), or why it does not. */
  public interface StoreArray {
    String read() throws HardwareException;
  }

  /** Temperatures and fans, where the machine has them. */
  public interface Sensors {
    HardwareSnapshot.Sensors read() throws HardwareException;
  }

  /** Which bay each disk sits in: kernel name to bay number. */
  public interface Bays {
    java.util.Map<String, Integer> read() throws HardwareException;
  }
}
