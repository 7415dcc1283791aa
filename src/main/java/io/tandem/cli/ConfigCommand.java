package io.tandem.cli;

import io.tandem.config.ApplianceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tandem config check}: validates a configuration and prints its effective values. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Check an appliance configuration.")
public final class ConfigCommand {

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Validate the file (exit 5 with FILE:LINE: reason when it is wrong) and print"
          + " every key with its effective value, defaults included.")
  int check(@Mixin ConfigOption config) {
    ApplianceConfig loaded = config.load();
    System.out.print(loaded.describe());
    System.out.println("# " + config.file + ": ok");
    return 0;
  }
}
