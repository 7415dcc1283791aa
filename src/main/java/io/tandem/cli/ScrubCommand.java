package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.config.ApplianceConfig;
import io.tandem.lifecycle.ExitCode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tandem scrub}: check every message file against its hash and repair what is bad. */
@Command(name = "scrub", mixinStandardHelpOptions = true,
    description = {"Check every message file against the SHA-256 its index records, at"
        + " scrub.rate, and repair a bad or missing one from a good copy (another copy on this"
        + " appliance, or the partner's over the peer link). Works on the primary and on the"
        + " replica. A scrub already running is reported instead of starting another.",
        "Exit 0 when every file is good or was repaired, 7 when some could not be repaired"
            + " (each is listed), 1 when the scrub could not run."})
public final class ScrubCommand implements Callable<Integer> {
  private static final long POLL_MILLIS = 500;
  private static final long PROGRESS_MILLIS = 10_000;

  @Mixin ConfigOption config;

  @Option(names = "--user", paramLabel = "NAME", description = "Only this user's mail.")
  String user;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = "--no-wait", description = "Start it (or look at the one running) and print"
      + " where it stands, without waiting for the end.")
  boolean noWait;

  @Override
  public Integer call() throws Exception {
    ApplianceConfig loaded = config.load();
    AdminClient admin = new AdminClient(loaded);
    String path = "/api/scrub" + (user == null ? ""
        : "?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8));
    JsonNode report = admin.send("POST", path, null).orElseThrow(() -> notRunning(loaded));
    if (!report.path("started").asBoolean() && !json) {
      System.err.println("A scrub (" + report.path("scope").asText() + ") was already running;"
          + " following it.");
    }
    long run = report.path("run").asLong();
    long lastProgress = System.currentTimeMillis();
    while (!noWait && report.path("state").asText().equals("running")) {
      Thread.sleep(POLL_MILLIS);
      report = admin.send("GET", "/api/scrub", null).orElseThrow(() -> notRunning(loaded));
      if (report.path("run").asLong() != run) {
        throw new CliException(ExitCode.FAILURE, "the service restarted its scrubbing while"
            + " this command waited; run it again");
      }
      if (!json && System.currentTimeMillis() - lastProgress >= PROGRESS_MILLIS) {
        lastProgress = System.currentTimeMillis();
        System.err.println("scrubbing: " + counters(report));
      }
    }
    print(report);
    String state = report.path("state").asText();
    if (state.equals("failed")) {
      return ExitCode.FAILURE.code();
    }
    boolean unrepaired = report.path("unrepairable").asLong() > 0
        || report.path("awaiting_partner").asLong() > 0;
    return unrepaired ? ExitCode.VERIFY_FAILED.code() : 0;
  }

  private void print(JsonNode report) throws Exception {
    if (json) {
      System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter()
          .writeValueAsString(report));
      return;
    }
    for (JsonNode finding : report.path("findings")) {
      System.out.println(String.format("%-17s %s/%s uid %d (%s, %s): %s",
          finding.path("outcome").asText().replace('_', ' '), finding.path("user").asText(),
          finding.path("mailbox").asText(), finding.path("uid").asLong(),
          finding.path("problem").asText(), finding.path("file").asText(),
          finding.path("detail").asText()));
    }
    if (report.path("findings_not_listed").asLong() > 0) {
      System.out.println("... and " + report.path("findings_not_listed").asLong() + " more");
    }
    for (JsonNode skipped : report.path("skipped")) {
      System.out.println("skipped           " + skipped.asText());
    }
    String state = report.path("state").asText();
    String summary = switch (state) {
      case "running" -> "running (" + report.path("scope").asText() + "): ";
      case "failed" -> "FAILED (" + report.path("error").asText() + ") after ";
      default -> "finished (" + report.path("scope").asText() + "): ";
    };
    System.out.println("scrub " + summary + counters(report));
  }

  private static String counters(JsonNode report) {
    return report.path("files_checked").asLong() + " files ("
        + mebibytes(report.path("bytes_checked").asLong()) + ") of "
        + report.path("users_checked").asLong() + " users checked, "
        + report.path("bad_found").asLong() + " bad, " + report.path("repaired").asLong()
        + " repaired, " + report.path("unrepairable").asLong() + " unrepairable"
        + (report.path("awaiting_partner").asLong() > 0 ? ", "
            + report.path("awaiting_partner").asLong() + " waiting for the partner" : "");
  }

  private static String mebibytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static CliException notRunning(ApplianceConfig loaded) {
    return new CliException(ExitCode.FAILURE, AdminClient.notRunning(loaded) + "; scrub runs"
        + " inside it");
  }
}
