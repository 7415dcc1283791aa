package io.tandem.backup;

import io.tandem.alert.Alert;
import io.tandem.alert.Alert.Severity;
import io.tandem.alert.Alerts;
import io.tandem.backup.store.MessageEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The backup's alerts: {@code backup.failed} (the last run failed: why), {@code backup.age} (the
 * last good backup is older than {@code backup.max_age}, or there is none), and one {@code
 * backup.corrupt.USER/MAILBOX/UID} per message file a run refused because it does not match its
 * hash, critical, naming the file; a run clears those it no longer confirms. Used by the backup
 * thread.
 */
final class BackupAlerts {
  static final String FAILED = "backup.failed";
  static final String AGE = "backup.age";
  static final String CORRUPT = "backup.corrupt.";
  private static final String SOURCE = "backup";

  private final Alerts alerts;
  private final Set<String> raised = new HashSet<>();

  BackupAlerts(Alerts alerts) {
    this.alerts = alerts;
  }

  void runStarted() {
    raised.clear();
  }

  void corrupt(MessageEntry entry, Path file, String actual) {
    String id = CORRUPT + entry.user() + "/" + entry.mailbox() + "/" + entry.uid();
    raised.add(id);
    alerts.raise(id, Severity.CRITICAL, SOURCE, "The message " + entry.user() + "/"
        + entry.mailbox() + " uid " + entry.uid() + " (file " + file + ") is CORRUPT: its"
        + " SHA-256 is " + actual + ", the index says " + entry.sha256() + "; it was NOT backed"
        + " up. Run 'tandem scrub' to repair it from the partner; the next backup run takes it");
  }

  /** A run finished: clears the failure and the corruptions it no longer saw. */
  void runSucceeded() {
    alerts.clear(FAILED);
    for (Alert alert : alerts.open()) {
      if (alert.id().startsWith(CORRUPT) && !raised.contains(alert.id())) {
        alerts.clear(alert.id());
      }
    }
  }

  void runFailed(String why) {
    alerts.raise(FAILED, Severity.CRITICAL, SOURCE, "The backup run failed: " + why);
  }

  /** Raises or clears the age alert. */
  void checkAge(Optional<Instant> lastGood, Instant now, Duration maxAge) {
    if (lastGood.isPresent() && !lastGood.get().isBefore(now.minus(maxAge))) {
      alerts.clear(AGE);
      return;
    }
    alerts.raise(AGE, Severity.WARNING, SOURCE, lastGood.isEmpty()
        ? "There is no good backup of this appliance yet; run 'tandem backup run' (the"
            + " tandem-backup.timer runs it nightly)"
        : "The last good backup was taken at " + lastGood.get() + ", more than backup.max_age"
            + " = " + maxAge + " ago; see 'tandem status' for the last failure");
  }
}
