package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.config.ApplianceConfig;
import io.tandem.lifecycle.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tandem promote --force}: this replica becomes the primary; its primary is gone. */
@Command(name = "promote", mixinStandardHelpOptions = true,
    description = {"Make this replica the primary of a new epoch, when its primary is gone"
        + " (crashed, frozen, unreachable). Mail the old primary acknowledged but never sent is"
        + " reconciled when it comes back; it steps down when it meets the new epoch.",
        "Refused while the primary is still connected."})
public final class PromoteCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--force", required = true,
      description = "Required: promotion without a hand-over from the primary.")
  boolean force;

  @Override
  public Integer call() {
    ApplianceConfig loaded = config.load();
    JsonNode result = new AdminClient(loaded).send("POST", "/api/promote?force=false", null)
        .orElseThrow(() -> new CliException(ExitCode.FAILURE, "the service of "
            + loaded.appliance().name() + " is not running (nothing answers on "
            + loaded.admin().listen() + ")"));
    System.out.println(loaded.appliance().name() + " is now the primary, epoch "
        + result.path("epoch").asLong());
    return 0;
  }
}
