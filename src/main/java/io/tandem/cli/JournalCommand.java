package io.tandem.cli;

import io.tandem.config.ApplianceConfig;
import io.tandem.journal.JournalEntry;
import io.tandem.journal.JournalInspector;
import io.tandem.journal.JournalInspector.SegmentReport;
import io.tandem.lifecycle.ExitCode;
import io.tandem.store.write.StoreSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tandem journal dump|verify}: read-only tools for the journal files. */
@Command(name = "journal", mixinStandardHelpOptions = true,
    description = "Inspect the journal (read-only; safe while the service runs).")
public final class JournalCommand {

  @Command(name = "dump", mixinStandardHelpOptions = true,
      description = "Print every entry: seq, epoch, time, kind, user and details.")
  int dump(@Mixin ConfigOption config,
      @Option(names = "--from", paramLabel = "SEQ", description = "First seq to print.")
          long from) throws IOException {
    new JournalInspector().inspect(journalDir(config.load()), entry -> {
      if (entry.seq() >= from) {
        System.out.println(format(entry));
      }
    });
    return 0;
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check every record's checksum and sequence; exit 7 when a record is"
          + " damaged (a torn last record from a crash is reported, and cut at next start).")
  int verify(@Mixin ConfigOption config) throws IOException {
    List<SegmentReport> reports = new JournalInspector().inspect(journalDir(config.load()),
        entry -> { });
    boolean corrupt = false;
    for (SegmentReport report : reports) {
      System.out.printf("%s: %s, %d entries, last seq %d%s%n", report.file().getFileName(),
          report.state(), report.entries(), report.lastSeq(),
          report.problem() == null ? "" : " (" + report.problem() + ")");
      corrupt |= report.corrupt();
    }
    if (corrupt) {
      throw new CliException(ExitCode.VERIFY_FAILED, "the journal is damaged (see above)");
    }
    System.out.println("journal ok");
    return 0;
  }

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = "Delete now the journal segments nobody needs (every consumer has them and"
          + " they are older than journal.keep), as the service does every minute. Needs the"
          + " running service: it knows what the replica has.")
  int prune(@Mixin ConfigOption config) {
    ApplianceConfig loaded = config.load();
    com.fasterxml.jackson.databind.JsonNode result = new AdminClient(loaded)
        .send("POST", "/api/journal/prune", null)
        .orElseThrow(() -> new CliException(ExitCode.FAILURE,
            AdminClient.notRunning(loaded) + "; it decides what may be pruned"));
    System.out.println("pruned " + result.path("pruned_segments").asInt()
        + " segment(s); the journal starts at seq " + result.path("first_seq").asLong());
    return 0;
  }

  static String format(JournalEntry entry) {
    return entry.seq() + " epoch=" + entry.epoch() + " " + Instant.ofEpochMilli(entry.timeMillis())
        + " " + entry.op().kind() + " " + entry.op();
  }

  private static Path journalDir(ApplianceConfig config) {
    Path dir = StoreSettings.of(config).journalDir();
    if (!Files.isDirectory(dir)) {
      throw new CliException(ExitCode.FAILURE, "no journal in " + dir);
    }
    return dir;
  }
}
