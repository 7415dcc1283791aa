package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.config.ApplianceConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tandem failover}: on the primary, a controlled hand-over to the replica. */
@Command(name = "failover", mixinStandardHelpOptions = true,
    description = {"On the primary: stop taking mail (MTAs get 451 and retry), wait until the"
        + " replica has every operation and every user compares equal, then make the replica"
        + " the primary of the next epoch and this appliance its replica.",
        "Refused, with the reason, when the replica is unreachable, far behind or different,"
        + " or its hardware is in a worse state than this appliance's (unless --force)."
        + " Fail back by running it on the other appliance."})
public final class FailoverCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @picocli.CommandLine.Option(names = "--force", description = "Hand over even when the"
      + " replica's hardware is in a worse state than this appliance's (a degraded array, a"
      + " power supply down).")
  boolean force;

  @Override
  public Integer call() {
    ApplianceConfig loaded = config.load();
    JsonNode result = new AdminClient(loaded).call("POST",
        "/api/failover" + (force ? "?force=true" : ""));
    System.out.println("failover done: the partner is the primary of epoch "
        + result.path("epoch").asLong() + " with every entry up to seq "
        + result.path("last_seq").asLong() + "; " + loaded.appliance().name()
        + " is its replica. Mail was refused (451, retried) for "
        + result.path("writes_paused_ms").asLong() + " ms");
    return 0;
  }
}
