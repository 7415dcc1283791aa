package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.backup.RunListing;
import io.tandem.backup.store.BackupVerifier;
import io.tandem.config.ApplianceConfig;
import io.tandem.lifecycle.ExitCode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tandem backup run|list|verify}: the nightly backup to {@code backup.target}. */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = "The backup to backup.target (a folder on a mount of the backup server).")
public final class BackupCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Take a backup now, in the running service: what changed since the last"
          + " run (from the journal), or everything with --full. The primary takes backups;"
          + " on a replica, or while an md array rebuilds (backup.skip_while_rebuilding), the"
          + " run is skipped with the reason. tandem-backup.timer runs this nightly.",
          "Exit 0 when the run finished or was skipped, 7 when message files were left out"
              + " because they do not match their hash (each listed and alerted), 1 when it"
              + " failed (the target is missing, full, read-only or on the store's own disk)."})
  int run(@Mixin ConfigOption config,
      @Option(names = "--full", description = "Write a full manifest (reads every index).")
          boolean full,
      @Option(names = "--json", description = "Print the report as JSON.") boolean json)
      throws Exception {
    JsonNode report = BackupJob.run(config.load(), "backup",
        "/api/backup/run" + (full ? "?full=true" : ""), null, json);
    if (json) {
      BackupJob.printJson(report);
    }
    if (report.path("state").asText().equals("failed")) {
      throw new CliException(ExitCode.FAILURE, "backup failed: " + report.path("error").asText());
    }
    JsonNode result = report.path("result");
    if (result.path("state").asText().equals("skipped")) {
      if (!json) {
        System.out.println("backup skipped: " + result.path("reason").asText());
      }
      return 0;
    }
    if (!json) {
      for (JsonNode left : result.path("not_backed_up")) {
        System.out.println("NOT BACKED UP  " + left.asText());
      }
      System.out.printf("backup %s (%s): %d journal entries, %d messages put, %d deletions,"
          + " %d new objects (%d bytes), %d bytes read, %d runs and %d objects purged, %d ms%n",
          result.path("run").asText(), result.path("full").asBoolean() ? "full" : "incremental",
          result.path("journal_entries").asLong(), result.path("puts").asLong(),
          result.path("deletions").asLong(), result.path("objects_written").asLong(),
          result.path("bytes_written").asLong(), result.path("bytes_read").asLong(),
          result.path("purged_runs").asLong(), result.path("purged_objects").asLong(),
          result.path("duration_ms").asLong());
    }
    return result.path("not_backed_up").size() > 0 ? ExitCode.VERIFY_FAILED.code() : 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the runs on the target, oldest first: time, full or delta, journal"
          + " range, counts, and whether a restore may name it. Through the running service,"
          + " or read from the target directly when none runs.")
  int list(@Mixin ConfigOption config,
      @Option(names = "--json", description = "Print the runs as JSON.") boolean json)
      throws Exception {
    ApplianceConfig loaded = config.load();
    Optional<JsonNode> answer = new AdminClient(loaded).send("GET", "/api/backup/list", null);
    JsonNode runs = answer.isPresent() ? answer.get() : JSON.valueToTree(RunListing.of(
        target(loaded), loaded.backup().retentionDeleted(), Clock.systemUTC().instant()));
    if (json) {
      BackupJob.printJson(runs);
      return 0;
    }
    for (JsonNode run : runs) {
      System.out.printf("%-22s %s %-5s %-22s seq %d..%d  %d puts  %d deletions%s%n",
          run.path("run").asText(), run.path("time").asText(),
          run.path("full").asBoolean() ? "full" : "delta",
          run.path("full").asBoolean() ? "" : "of " + run.path("parent").asText(),
          run.path("after_seq").asLong(), run.path("upto_seq").asLong(),
          run.path("puts").asLong(), run.path("deletions").asLong(),
          run.path("restorable").asBoolean() ? "" : "  (kept as a base; not restorable)");
    }
    System.out.println(runs.size() + " runs on " + target(loaded));
    return 0;
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Read the whole target directly (no service needed, any machine with the"
          + " mount and this config): rehash every object, parse every manifest, check each"
          + " run's parent and objects are there. Names each problem.",
          "Exit 0 when all is well, 7 when anything is wrong."})
  int verify(@Mixin ConfigOption config,
      @Option(names = "--json", description = "Print the report as JSON.") boolean json)
      throws Exception {
    ApplianceConfig loaded = config.load();
    Path target = target(loaded);
    if (!target.toFile().isDirectory()) {
      throw new CliException(ExitCode.FAILURE, "the backup target " + target + " does not"
          + " exist: is the backup server's share mounted?");
    }
    BackupVerifier.Report report = new BackupVerifier(target,
        loaded.backup().retentionDeleted(), Clock.systemUTC()).verify();
    if (json) {
      BackupJob.printJson(JSON.valueToTree(Map.of("objects", report.objects(), "bytes",
          report.bytes(), "manifests", report.manifests(), "ok", report.ok(), "problems",
          report.problems().stream().map(p -> Map.of("kind", p.kind().name(), "file",
              p.file().toString(), "detail", p.detail())).toList())));
    } else {
      List<BackupVerifier.Problem> problems = report.problems();
      problems.forEach(p -> System.out.println(p));
      System.out.printf("%d objects (%d bytes) and %d manifests read: %s%n", report.objects(),
          report.bytes(), report.manifests(), report.ok() ? "ok"
              : problems.size() + " problems");
    }
    return report.ok() ? 0 : ExitCode.VERIFY_FAILED.code();
  }

  static Path target(ApplianceConfig config) {
    return config.backup().target().orElseThrow(() -> new CliException(ExitCode.FAILURE,
        "no backup.target is configured in this appliance's configuration"));
  }
}
