package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.config.ApplianceConfig;
import io.tandem.lifecycle.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tandem verify-peer}: are the replica's mailboxes the same as this primary's? */
@Command(name = "verify-peer", mixinStandardHelpOptions = true,
    description = {"Compare every user's mailboxes (UIDs, MODSEQs, flags, message hashes) with"
        + " the replica's, at the same point of the journal. Run on the primary.",
        "Exit 0 when identical, 7 when something differs (each difference is listed)."})
public final class VerifyPeerCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--user", paramLabel = "NAME", description = "Only this user.")
  String user;

  @Option(names = "--repair", description = "Give each user that differs a fresh copy on the"
      + " replica (from this primary), then compare it again.")
  boolean repair;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ApplianceConfig loaded = config.load();
    StringBuilder path = new StringBuilder("/api/verify-peer?repair=" + repair);
    if (user != null) {
      path.append("&user=").append(java.net.URLEncoder.encode(user,
          java.nio.charset.StandardCharsets.UTF_8));
    }
    JsonNode result = new AdminClient(loaded).call("POST", path.toString());
    boolean identical = result.path("identical").asBoolean();
    if (json) {
      System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter()
          .writeValueAsString(result));
    } else {
      for (JsonNode line : result.path("differences")) {
        System.out.println("differs   " + line.asText());
      }
      for (JsonNode line : result.path("repaired")) {
        System.out.println("repaired  " + line.asText());
      }
      for (JsonNode line : result.path("unsettled")) {
        System.out.println("unsettled " + line.asText());
      }
      System.out.println(identical
          ? "identical: " + result.path("users").asInt() + " users compared with the replica"
          : "NOT identical: " + result.path("differences").size() + " differences, "
              + result.path("unsettled").size() + " users not compared, of "
              + result.path("users").asInt());
    }
    return identical ? 0 : ExitCode.VERIFY_FAILED.code();
  }
}
