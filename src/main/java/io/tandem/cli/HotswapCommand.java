package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.config.ApplianceConfig;
import io.tandem.hotswap.Verdict;
import io.tandem.lifecycle.ExitCode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem hotswap}: the hot-swap guard for the technician at the rack. {@code plan} asks
 * the running service whether a disk or power supply may be pulled now.
 */
@Command(name = "hotswap", mixinStandardHelpOptions = true,
    description = "The hot-swap guard: which disk or power supply is safe to pull.",
    subcommands = {HotswapCommand.Plan.class})
public final class HotswapCommand {

  /** {@code tandem hotswap plan disk BAY|psu N [--json]}. */
  @Command(name = "plan", mixinStandardHelpOptions = true,
      description = {"May this part be pulled now? Answers SAFE, UNSAFE or UNKNOWN (do not"
          + " pull: a reading is stale or missing) with the reasons and the steps to follow."
          + " Asks the running service.",
          "Exit 0 for SAFE, 3 for UNSAFE, 4 for UNKNOWN (also when the service is not"
              + " running)."})
  static final class Plan implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "disk|psu", description = "What to pull.")
    String kind;

    @Parameters(index = "1", paramLabel = "N", description = "The bay (disk) or the supply's"
        + " number, as on the chassis label.")
    int number;

    @Option(names = "--json", description = "Print the answer as JSON: verdict, target,"
        + " reasons, steps.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      String part = kind.toLowerCase(Locale.ROOT);
      if (!part.equals("disk") && !part.equals("psu")) {
        throw new CliException(ExitCode.USAGE, "say 'disk BAY' or 'psu N', not '" + kind
            + "'");
      }
      ApplianceConfig loaded = config.load();
      JsonNode answer = new AdminClient(loaded)
          .send("GET", "/api/hotswap/plan?" + part + "=" + number, null)
          .orElseThrow(() -> new CliException(ExitCode.UNKNOWN, "the service of "
              + loaded.appliance().name() + " is not running (nothing answers on "
              + loaded.admin().listen() + "), so the guard cannot tell: do not pull anything;"
              + " start it ('systemctl start tandem') and ask again"));
      Verdict verdict;
      try {
        verdict = Verdict.valueOf(answer.path("verdict").asText());
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCode.UNKNOWN, "the service gave no verdict the command"
            + " knows ('" + answer.path("verdict").asText() + "'): do not pull anything");
      }
      if (json) {
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter()
            .writeValueAsString(answer));
      } else {
        print(verdict, answer);
      }
      return verdict.exitCode().code();
    }

    private static void print(Verdict verdict, JsonNode answer) {
      String target = answer.path("target").asText();
      System.out.println(switch (verdict) {
        case SAFE -> "SAFE: " + target + " may be pulled";
        case UNSAFE -> "UNSAFE: do not pull " + target;
        case UNKNOWN -> "UNKNOWN: do not pull " + target + " (the guard cannot tell)";
      });
      System.out.println("Why:");
      for (JsonNode reason : answer.path("reasons")) {
        System.out.println("  - " + reason.asText());
      }
      System.out.println("Steps:");
      int n = 1;
      for (JsonNode step : answer.path("steps")) {
        System.out.println("  " + n++ + ". " + step.asText());
      }
    }
  }
}
