package io.tandem.cli;

import io.tandem.config.ApplianceConfig;
import io.tandem.config.ConfigException;
import io.tandem.config.ConfigLoader;
import io.tandem.lifecycle.ExitCode;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every appliance command takes. */
public final class ConfigOption {
  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
      description = "The appliance configuration (appliance.conf).")
  Path file;

  /** Loads and validates the file; a bad file ends the command with BAD_CONFIG (exit 5). */
  public ApplianceConfig load() {
    try {
      return ConfigLoader.load(file);
    } catch (ConfigException e) {
      throw new CliException(ExitCode.BAD_CONFIG, e.getMessage());
    }
  }
}
