package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.backup.RestoreRequest;
import io.tandem.lifecycle.ExitCode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tandem restore}: mail back from the backup, as new deliveries into the live store. */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = {"Bring mail back from backup.target into the running primary, as new"
        + " deliveries through the normal write path (so it replicates to the partner): by"
        + " default a user's whole mail as of the newest run, below the folder Restored/"
        + " (Restored/INBOX, Restored/Work, ...), flags kept (except \\Deleted). Every body's"
        + " SHA-256 is checked as it is read.",
        "--disaster rebuilds an empty appliance: users with their passwords, folders,"
            + " subscriptions, then every message in its own folder; the replica then resyncs"
            + " from it. TIME is 2026-12-01T02:15:00Z, '2026-12-01 02:15' (UTC) or a run id"
            + " (tandem backup list)."})
public final class RestoreCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--user", paramLabel = "NAME", description = "Whose mail.")
  String user;

  @Option(names = "--mailbox", paramLabel = "NAME", description = "Only this mailbox.")
  String mailbox;

  @Option(names = "--as-of", paramLabel = "TIME",
      description = "As the newest run at or before TIME had it (point in time).")
  String asOf;

  @Option(names = "--deleted-since", paramLabel = "TIME",
      description = "The messages deleted at or after TIME (and not in the mailbox now).")
  String deletedSince;

  @Option(names = "--message-id", paramLabel = "ID", description = "Only this Message-ID.")
  String messageId;

  @Option(names = "--into", paramLabel = "FOLDER", description = "Restore below this folder"
      + " (default: Restored).")
  String into;

  @Option(names = "--disaster", description = "Rebuild this empty appliance from the backup.")
  boolean disaster;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try {
      new RestoreRequest(user, mailbox, time(asOf), time(deletedSince), messageId, into,
          disaster);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user", user);
    body.put("mailbox", mailbox);
    body.put("as_of", asOf == null ? null : time(asOf).toString());
    body.put("deleted_since", deletedSince == null ? null : time(deletedSince).toString());
    body.put("message_id", messageId);
    body.put("into", into);
    body.put("disaster", disaster);
    JsonNode report = BackupJob.run(config.load(), "restore", "/api/backup/restore", body,
        json);
    if (json) {
      BackupJob.printJson(report);
    }
    if (report.path("state").asText().equals("failed")) {
      throw new CliException(ExitCode.FAILURE, "restore failed after "
          + report.path("messages_restored").asLong() + " messages: "
          + report.path("error").asText());
    }
    JsonNode result = report.path("result");
    if (!json) {
      System.out.println(disaster
          ? "restored " + result.path("users").asLong() + " users, "
              + result.path("mailboxes").asLong() + " mailboxes and "
              + result.path("messages").asLong() + " messages from run "
              + result.path("run").asText()
          : "restored " + result.path("messages").asLong() + " messages of "
              + result.path("user").asText() + " from run " + result.path("run").asText()
              + " into " + result.path("mailboxes"));
      if (result.hasNonNull("note")) {
        System.out.println(result.path("note").asText());
      }
    }
    return 0;
  }

  /** A time as the operator writes it: ISO instant, "YYYY-MM-DD HH:MM[:SS]" (UTC), or run id. */
  static Instant time(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      // Not an ISO instant: try the other forms.
    }
    for (String pattern : new String[] {"yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"}) {
      try {
        return LocalDateTime.parse(text, DateTimeFormatter.ofPattern(pattern))
            .toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // Try the next form.
      }
    }
    try {
      // A run id names the second its run started (a suffix -N for a second run in it): the
      // run's own time is within that second, so "as of the run" is its end.
      return LocalDateTime.parse(text.replaceAll("-\\d+$", ""),
          DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC)
          .plusMillis(999);
    } catch (DateTimeParseException e) {
      // Not a run id either.
    }
    throw new CliException(ExitCode.USAGE, "not a time: '" + text + "' (write"
        + " 2026-12-01T02:15:00Z, '2026-12-01 02:15' in UTC, or a run id from 'tandem backup"
        + " list')");
  }
}
