package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.config.ApplianceConfig;
import io.tandem.lifecycle.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tandem status}: the running service's status, as text or JSON. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show the running appliance's status (role, epoch, store, journal, LMTP).")
public final class StatusCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--json", description = "Print the status JSON (DESIGN §4 field names).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ApplianceConfig loaded = config.load();
    JsonNode status = new AdminClient(loaded).send("GET", "/api/status", null)
        .orElseThrow(() -> new CliException(ExitCode.FAILURE, "the service of "
            + loaded.appliance().name() + " is not running (nothing answers on "
            + loaded.admin().listen() + ")"));
    if (json) {
      System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter()
          .writeValueAsString(status));
    } else {
      printText(status);
    }
    return 0;
  }

  private static void printText(JsonNode s) {
    System.out.printf("appliance  %s (%s, epoch %d)%n", s.path("appliance").asText(),
        s.path("role").asText(), s.path("epoch").asLong());
    printReplication(s.path("replication"));
    JsonNode store = s.path("store");
    System.out.printf("store      %d users, %d messages, %.1f GiB free%n",
        store.path("users").asLong(), store.path("messages").asLong(),
        store.path("free_bytes").asLong() / (double) (1L << 30));
    JsonNode journal = s.path("journal");
    System.out.printf("journal    entries %d..%d, %d slow fsyncs%n",
        journal.path("first_seq").asLong(), journal.path("last_seq").asLong(),
        journal.path("slow_fsyncs").asLong());
    JsonNode lmtp = s.path("lmtp");
    System.out.printf("lmtp       %s, %d connections%n", lmtp.path("listen").asText(),
        lmtp.path("connections").asLong());
    JsonNode alerts = s.path("alerts");
    if (alerts.isEmpty()) {
      System.out.println("alerts     none");
    }
    for (JsonNode alert : alerts) {
      System.out.printf("alert      %s %s since %s: %s%n",
          alert.path("severity").asText().toUpperCase(java.util.Locale.ROOT),
          alert.path("id").asText(), alert.path("since").asText(), alert.path("message").asText());
    }
  }

  private static void printReplication(JsonNode r) {
    if (!r.path("connected").asBoolean()) {
      System.out.printf("replication not connected to %s: %s%n", r.path("peer").asText(),
          r.path("problem").asText());
    } else {
      System.out.printf("replication connected to %s (%s), %s%n", r.path("partner").asText(),
          r.path("peer").asText(), r.path("activity").asText());
    }
    long lagOps = r.path("lag_ops").asLong();
    System.out.printf("           lag %s, last seq %d%n", lagOps < 0 ? "unknown"
        : lagOps + " operations / " + r.path("lag_ms").asLong() + " ms",
        r.path("last_seq").asLong());
    JsonNode fence = r.path("fence");
    if (!fence.isMissingNode()) {
      System.out.printf("fence      %s at %s: %s%n", fence.path("state").asText(),
          fence.path("at").asText(), fence.path("message").asText());
    }
  }
}
