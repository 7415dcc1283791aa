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
        "Refused while the primary is still connected.",
        "With --fence the old primary is first powered off through its BMC (peer.ipmi.command"
        + " ... chassis power off) and only promoted once the BMC reports the power off;"
        + " otherwise nothing is promoted and the reason is printed."})
public final class PromoteCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--force", required = true,
      description = "Required: promotion without a hand-over from the primary.")
  boolean force;

  @Option(names = "--fence",
      description = "Power the old primary off through its BMC (peer.ipmi.command) and confirm"
          + " it is off before promoting; refused when peer.ipmi.command is not set.")
  boolean fence;

  @Override
  public Integer call() {
    ApplianceConfig loaded = config.load();
    if (fence && loaded.peer().ipmiCommand().isEmpty()) {
      throw new CliException(ExitCode.FAILURE, "--fence needs peer.ipmi.command (how to reach"
          + " the old primary's BMC, such as 'ipmitool -I lanplus -H BMC-ADDRESS -U USER -f"
          + " PASSWORD-FILE') in " + config.file + "; set it and restart the service, or make"
          + " sure the old primary is off and promote without --fence");
    }
    JsonNode result = new AdminClient(loaded)
        .call("POST", "/api/promote?force=false&fence=" + fence);
    String line = loaded.appliance().name() + " is now the primary, epoch "
        + result.path("epoch").asLong();
    if (result.path("fenced").asBoolean()) {
      line += "; the old primary was powered off through its BMC "
          + result.path("fence_bmc").asText() + " (confirmed off after "
          + result.path("fence_ms").asLong() + " ms)";
    }
    System.out.println(line);
    return 0;
  }
}
