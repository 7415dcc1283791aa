package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.config.ApplianceConfig;
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
    JsonNode status = new AdminClient(loaded).call("GET", "/api/status");
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
    JsonNode imap = s.path("imap");
    if (!imap.isMissingNode()) {
      System.out.printf("imap       %s%s, %d sessions%n", imap.path("listen").asText(),
          imap.has("tls_listen") ? " (TLS " + imap.path("tls_listen").asText() + ")" : "",
          imap.path("sessions").asLong());
    }
    printHardware(s);
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

  /** Arrays, disks and power supplies, one line each, bay and serial first. */
  private static void printHardware(JsonNode s) {
    if (!s.has("hardware")) {
      return;
    }
    for (JsonNode array : s.path("arrays")) {
      StringBuilder members = new StringBuilder();
      for (JsonNode member : array.path("members")) {
        members.append(members.length() == 0 ? "" : ", ")
            .append(member.path("device").isNull() ? "(empty)" : member.path("device").asText())
            .append(member.path("bay").isNull() ? "" : " bay " + member.path("bay").asText())
            .append(' ').append(member.path("state").asText());
      }
      JsonNode sync = array.path("sync");
      String progress = sync.path("percent").isNull() ? ""
          : String.format(java.util.Locale.ROOT, ", %s %.1f %%%s", sync.path("action").asText(),
              sync.path("percent").asDouble(), sync.path("eta_s").isNull() ? ""
                  : ", " + Math.max(1, sync.path("eta_s").asLong() / 60) + " min left");
      System.out.printf("array      %s %s %s%s: %s%n", array.path("name").asText(),
          array.path("level").asText(), array.path("state").asText(), progress, members);
    }
    for (JsonNode disk : s.path("disks")) {
      System.out.printf("disk       bay %s: %s serial %s (%s), %s%s%n",
          disk.path("bay").isNull() ? "?" : disk.path("bay").asText(),
          disk.path("model").asText(), disk.path("serial").asText(),
          disk.path("device").isNull() ? "gone" : disk.path("device").asText(),
          disk.path("health").asText(), disk.path("temperature_c").isNull() ? ""
              : ", " + disk.path("temperature_c").asText() + " C");
    }
    for (JsonNode psu : s.path("psus")) {
      System.out.printf("psu        %s: %s%n", psu.path("id").asText(),
          psu.path("state").asText());
    }
    JsonNode swap = s.path("hotswap");
    if (!swap.isMissingNode()) {
      StringBuilder prompt = new StringBuilder();
      swap.path("prompt").forEach(line -> prompt.append(prompt.length() == 0 ? "" : " / ")
          .append(line.asText()));
      System.out.printf("hotswap    %s %s%s%s%n", swap.path("target").asText(),
          swap.path("state").asText(), prompt.length() == 0 ? "" : ": " + prompt,
          swap.path("problem").asText().isEmpty() ? "" : " (" + swap.path("problem").asText()
              + ")");
    }
    JsonNode hardware = s.path("hardware");
    for (String part : java.util.List.of("arrays", "disks", "psus")) {
      JsonNode problem = hardware.path(part).path("problem");
      if (!problem.isNull() && !problem.isMissingNode()) {
        System.out.printf("hardware   %s: %s%n", part, problem.asText());
      }
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
