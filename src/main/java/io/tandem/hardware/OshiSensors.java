package io.tandem.hardware;

import java.util.ArrayList;
import java.util.List;
import oshi.SystemInfo;
import oshi.hardware.Sensors;

/**
 * The CPU temperature and fan speeds of the machine, through OSHI (hwmon, thermal zones, IPMI
 * where OSHI finds them). OSHI reports 0 for what the machine does not have: read as unknown.
 */
public final class OshiSensors implements Sources.Sensors {
  /** Made at the first reading, on the monitor's thread: OSHI takes a second or two to start. */
  private Sensors sensors;

  @Override
  public HardwareSnapshot.Sensors read() throws HardwareException {
    try {
      if (sensors == null) {
        sensors = new SystemInfo().getHardware().getSensors();
      }
      double cpu = sensors.getCpuTemperature();
      List<Integer> fans = new ArrayList<>();
      for (int rpm : sensors.getFanSpeeds()) {
        if (rpm > 0) {
          fans.add(rpm);
        }
      }
      return new HardwareSnapshot.Sensors(cpu > 0 && !Double.isNaN(cpu) ? cpu : null, fans);
    } catch (RuntimeException e) {
      throw new HardwareException("OSHI could not read the sensors: " + e.getMessage(), e);
    }
  }
}
