package io.tandem.hardware.led;

import io.tandem.hardware.HardwareException;
import io.tandem.hardware.Tools;
import io.tandem.hardware.disk.DiskCommands;
import io.tandem.hardware.disk.ToolRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ledmon's {@code ledctl --listed-only PATTERN=/dev/sdX}: {@code locate}, {@code locate_off},
 * {@code failure}; fault off is {@code normal}, which switches locate off too, so locate is
 * given again when it was on. Needs the disk's device: a bay whose disk is gone cannot be
 * switched (ledctl 0.95, Debian 12, has no slot mode). When ledmon runs it may override
 * everything but locate.
 */
public final class LedctlLeds implements Leds {
  private static final Logger LOG = LoggerFactory.getLogger(LedctlLeds.class);
  private final ToolRun tools;
  private final List<String> ledctl;
  private final Map<Integer, Boolean> locateOn = new ConcurrentHashMap<>();

  public LedctlLeds(Tools tools, List<String> ledctl, Duration timeout) {
    this.tools = new ToolRun(tools, timeout);
    this.ledctl = List.copyOf(ledctl);
  }

  @Override
  public void locate(Bay bay, boolean on) throws HardwareException {
    run(bay, on ? "locate" : "locate_off");
    locateOn.put(bay.number(), on);
  }

  @Override
  public synchronized void fault(Bay bay, boolean on) throws HardwareException {
    if (on) {
      run(bay, "failure");
      return;
    }
    run(bay, "normal");
    if (locateOn.getOrDefault(bay.number(), false)) {
      run(bay, "locate");
    }
  }

  private void run(Bay bay, String pattern) throws HardwareException {
    String device = bay.device().orElseThrow(() -> new HardwareException("bay " + bay.number()
        + " holds no disk ledctl could address (ledctl needs a /dev node)"));
    tools.succeed(DiskCommands.ledctl(ledctl, pattern, device));
    LOG.info("Bay {}: ledctl {}={}", bay.number(), pattern, DiskCommands.dev(device));
  }

  @Override
  public String describe(Bay bay) {
    return bay.device().map(d -> "ledctl on /dev/" + d).orElse("ledctl (no disk to address)");
  }
}
