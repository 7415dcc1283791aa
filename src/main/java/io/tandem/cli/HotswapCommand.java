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
    subcommands = {HotswapCommand.Plan.class, HotswapCommand.Prepare.class,
        HotswapCommand.Done.class})
public final class HotswapCommand {

  /** The part named on the command line: {@code disk BAY} or {@code psu N}, as a query. */
  static String part(String kind, int number) {
    String part = kind.toLowerCase(Locale.ROOT);
    if (!part.equals("disk") && !part.equals("psu")) {
      throw new CliException(ExitCode.USAGE, "say 'disk BAY' or 'psu N', not '" + kind + "'");
    }
    return part + "=" + number;
  }

  /** {@code tandem hotswap prepare disk BAY|psu N [--force --reason TEXT] [--wipe]}. */
  @Command(name = "prepare", mixinStandardHelpOptions = true,
      description = {"Get a part ready to pull: the guard is asked again; for a disk its"
          + " members are failed and removed from every array and its bay's locate LED lit."
          + " The front panel, the status and the log then say what to do, step by step, until"
          + " the new part is in and the arrays are rebuilt.",
          "Refused unless the guard says SAFE; --force needs --reason (logged and alerted)."})
  static final class Prepare implements java.util.concurrent.Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "disk|psu") String kind;

    @Parameters(index = "1", paramLabel = "N") int number;

    @Option(names = "--force", description = "Prepare even though the guard says UNSAFE or"
        + " UNKNOWN (needs --reason).")
    boolean force;

    @Option(names = "--reason", description = "Why the part must be pulled against the guard.")
    String reason;

    @Option(names = "--wipe", description = "The new disk may carry md superblocks or a"
        + " partition table of another system: wipe them.")
    boolean wipe;

    @Override
    public Integer call() throws Exception {
      String query = part(kind, number) + (force ? "&force=true" : "") + (wipe ? "&wipe=true"
          : "") + (reason == null ? "" : "&reason=" + java.net.URLEncoder.encode(reason,
              java.nio.charset.StandardCharsets.UTF_8));
      JsonNode swap = send(config.load(), "/api/hotswap/prepare?" + query);
      System.out.println("prepared: " + swap.path("target").asText() + " ("
          + swap.path("state").asText() + ")");
      for (JsonNode line : swap.path("prompt")) {
        System.out.println("  " + line.asText());
      }
      return 0;
    }
  }

  /** {@code tandem hotswap done disk BAY|psu N}. */
  @Command(name = "done", mixinStandardHelpOptions = true,
      description = "Close a finished swap, or call off one prepared whose disk was not pulled"
          + " (its members go back into their arrays).")
  static final class Done implements java.util.concurrent.Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "disk|psu") String kind;

    @Parameters(index = "1", paramLabel = "N") int number;

    @Override
    public Integer call() throws Exception {
      JsonNode swap = send(config.load(), "/api/hotswap/done?" + part(kind, number));
      System.out.println(swap.path("target").asText() + ": " + swap.path("state").asText());
      return 0;
    }
  }

  private static JsonNode send(ApplianceConfig loaded, String path) {
    return new AdminClient(loaded).call("POST", path);
  }

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
          .orElseThrow(() -> new CliException(ExitCode.UNKNOWN, AdminClient.notRunning(loaded)
              + ", so the guard cannot tell: do not pull anything; start it ('systemctl start"
              + " tandem') and ask again"));
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
