package io.tandem.hardware.led;

import io.tandem.hardware.HardwareException;
import java.util.Objects;
import java.util.Optional;

/**
 * A bay's LEDs: locate (the technician's "this one") and fault. Backends: {@link SesLeds} (the
 * kernel's SES enclosure slots in sysfs), {@link LedctlLeds} (ledmon's {@code ledctl}), {@link
 * NoLeds} (nothing to light: logs only); {@link ChosenLeds} picks per bay. Implementations are
 * thread-safe.
 */
public interface Leds {

  /**
   * The bay to light, and its disk's kernel name when one is known (ledctl needs it; the SES
   * slot does not, so LEDs of a bay whose disk was pulled can still be switched there).
   */
  record Bay(int number, Optional<String> device) {
    public Bay {
      Objects.requireNonNull(device, "device");
    }

    public static Bay of(int number, String device) {
      return new Bay(number, Optional.ofNullable(device));
    }
  }

  /** Switches the bay's locate (identify) LED. */
  void locate(Bay bay, boolean on) throws HardwareException;

  /** Switches the bay's fault LED. */
  void fault(Bay bay, boolean on) throws HardwareException;

  /**
   * What the LEDs of {@code bay} are driven by, in an operator's words ({@code SES slot
   * /sys/class/enclosure/0:0:0:0/Slot02}, {@code ledctl on /dev/sdb}, {@code none: ...}).
   */
  String describe(Bay bay);
}
