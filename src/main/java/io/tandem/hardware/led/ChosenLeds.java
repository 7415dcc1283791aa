package io.tandem.hardware.led;

import io.tandem.hardware.HardwareException;
import io.tandem.hardware.Tools;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LEDs of this machine, chosen per bay at each call: the SES slot in sysfs when the
 * enclosure shows one for the bay; else {@code ledctl} when it is installed and the bay's disk
 * is known; else nothing (logged). Each switch is logged with the backend that did it.
 */
public final class ChosenLeds implements Leds {
  private static final Logger LOG = LoggerFactory.getLogger(ChosenLeds.class);
  private final SesLeds ses;
  private final Optional<LedctlLeds> ledctl;
  private final NoLeds none;

  /**
   * @param ses the SES slots under {@code hardware.root}
   * @param ledctl ledctl, when it is installed
   */
  public ChosenLeds(SesLeds ses, Optional<LedctlLeds> ledctl) {
    this.ses = ses;
    this.ledctl = ledctl;
    this.none = new NoLeds(ledctl.isPresent() ? "no SES slot, and no disk for ledctl"
        : "no SES slot, and ledctl (ledmon) is not installed");
  }

  /**
   * The machine's LEDs: SES under {@code root}, and {@code ledctl} when {@code ledctlCommand}'s
   * program is found (an absolute path that exists, or a name on the {@code PATH}).
   */
  public static ChosenLeds of(Path root, Tools tools, List<String> ledctlCommand,
      Duration timeout) {
    String program = ledctlCommand.get(0).equals("sudo")
        ? ledctlCommand.get(ledctlCommand.size() - 1) : ledctlCommand.get(0);
    boolean installed = installed(program);
    return new ChosenLeds(new SesLeds(root), installed
        ? Optional.of(new LedctlLeds(tools, ledctlCommand, timeout)) : Optional.empty());
  }

  static boolean installed(String program) {
    if (program.contains("/")) {
      return Files.isExecutable(Path.of(program));
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** The backend for {@code bay} now. */
  public Leds backend(Bay bay) {
    if (ses.slot(bay).isPresent()) {
      return ses;
    }
    if (ledctl.isPresent() && bay.device().isPresent()) {
      return ledctl.get();
    }
    return none;
  }

  @Override
  public void locate(Bay bay, boolean on) throws HardwareException {
    Leds backend = backend(bay);
    LOG.info("Bay {}: locate {} through {}", bay.number(), on ? "on" : "off",
        backend.describe(bay));
    backend.locate(bay, on);
  }

  @Override
  public void fault(Bay bay, boolean on) throws HardwareException {
    Leds backend = backend(bay);
    LOG.info("Bay {}: fault {} through {}", bay.number(), on ? "on" : "off",
        backend.describe(bay));
    backend.fault(bay, on);
  }

  @Override
  public String describe(Bay bay) {
    return backend(bay).describe(bay);
  }
}
