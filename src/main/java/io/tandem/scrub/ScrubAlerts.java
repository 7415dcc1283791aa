package io.tandem.scrub;

import io.tandem.alert.Alert;
import io.tandem.alert.Alert.Severity;
import io.tandem.alert.Alerts;
import java.util.HashSet;
import java.util.Set;

/**
 * The scrub's alerts: one per message that could not be repaired, named by user, mailbox and
 * UID (critical when no good copy exists on either appliance, a warning while the partner could
 * not be asked), at most {@link #MAX} per run and then one that counts the rest. A run clears
 * the alerts of earlier runs it no longer confirms (repaired since, or gone), within its scope.
 * Used by the scrub thread.
 */
final class ScrubAlerts {
  static final String UNREPAIRABLE = "scrub.unrepairable.";
  static final String AWAITING = "scrub.awaiting-partner.";
  static final String MORE = "scrub.more";
  static final int MAX = 50;

  private final Alerts alerts;
  private final Set<String> raised = new HashSet<>();
  private int beyond;

  ScrubAlerts(Alerts alerts) {
    this.alerts = alerts;
  }

  void runStarted() {
    raised.clear();
    beyond = 0;
  }

  void found(Finding finding) {
    if (finding.outcome() == Finding.Outcome.REPAIRED) {
      return;
    }
    boolean unrepairable = finding.outcome() == Finding.Outcome.UNREPAIRABLE;
    String id = (unrepairable ? UNREPAIRABLE : AWAITING) + key(finding);
    if (raised.size() >= MAX) {
      beyond++;
      alerts.raise(MORE, Severity.CRITICAL, "scrub", beyond + " more message files are bad and"
          + " were not repaired; 'tandem scrub' lists them");
      return;
    }
    raised.add(id);
    String what = "The message " + finding.where() + " (file " + finding.file() + ", SHA-256 "
        + finding.sha256() + ") is " + (finding.problem() == Finding.Problem.CORRUPT
            ? "CORRUPT" : "MISSING") + " on this appliance";
    alerts.raise(id, unrepairable ? Severity.CRITICAL : Severity.WARNING, "scrub", unrepairable
        ? what + " and cannot be repaired: " + finding.detail() + ". Restore it from a backup"
            + " (its SHA-256 names the right bytes); the next scrub clears this alert"
        : what + " and could not be repaired yet: " + finding.detail());
  }

  /** Clears what this run did not confirm, among the alerts of {@code user} (null: all). */
  void runFinished(String user) {
    String scope = user == null ? "" : user + "/";
    for (Alert alert : alerts.open()) {
      String id = alert.id();
      boolean ours = id.startsWith(UNREPAIRABLE + scope) || id.startsWith(AWAITING + scope);
      if (ours && !raised.contains(id)) {
        alerts.clear(id);
      }
    }
    if (beyond == 0 && user == null) {
      alerts.clear(MORE);
    }
  }

  private static String key(Finding finding) {
    return finding.user() + "/" + finding.mailbox() + "/" + finding.uid();
  }
}
