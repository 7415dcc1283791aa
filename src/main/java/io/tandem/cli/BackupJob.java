package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.config.ApplianceConfig;
import io.tandem.lifecycle.ExitCode;

/**
 * Follows a backup or restore job of the running service ({@code GET /api/backup}) until it
 * ends: the commands start one with a POST and print its outcome. A job already running (another
 * run, or a restore) is reported instead of started.
 */
final class BackupJob {
  private static final long POLL_MILLIS = 300;
  private static final long PROGRESS_MILLIS = 10_000;

  private BackupJob() {}

  /** Starts the job ({@code POST path}, with {@code body}) and waits for its end. */
  static JsonNode run(ApplianceConfig config, String kind, String path, Object body,
      boolean quiet) throws InterruptedException {
    AdminClient admin = new AdminClient(config);
    JsonNode report = admin.send("POST", path, body).orElseThrow(() -> new CliException(
        ExitCode.FAILURE, AdminClient.notRunning(config) + "; " + kind + " runs inside it"));
    if (!report.path("started_now").asBoolean()) {
      throw new CliException(ExitCode.FAILURE, "a " + report.path("kind").asText() + " (job "
          + report.path("job").asLong() + ") is running on this appliance; try again when it"
          + " has finished ('tandem status' shows it)");
    }
    long job = report.path("job").asLong();
    long lastProgress = System.currentTimeMillis();
    while (report.path("state").asText().equals("running")) {
      Thread.sleep(POLL_MILLIS);
      report = admin.call("GET", "/api/backup");
      if (report.path("job").asLong() != job) {
        throw new CliException(ExitCode.FAILURE, "the service restarted while this command"
            + " waited; run it again ('tandem backup list' shows what was written)");
      }
      if (!quiet && System.currentTimeMillis() - lastProgress >= PROGRESS_MILLIS) {
        lastProgress = System.currentTimeMillis();
        System.err.println(kind + ": " + report.path("phase").asText() + ", "
            + report.path("objects_written").asLong() + " objects written, "
            + report.path("messages_restored").asLong() + " messages restored");
      }
    }
    return report;
  }

  static void printJson(JsonNode node) throws Exception {
    System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValueAsString(node));
  }
}
