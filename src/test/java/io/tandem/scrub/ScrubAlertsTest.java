package io.tandem.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.alert.Alert;
import io.tandem.alert.Alerts;
import io.tandem.scrub.Finding.Outcome;
import io.tandem.scrub.Finding.Problem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the scrub raises, counts and clears. */
class ScrubAlertsTest {
  private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  private final Alerts alerts = new Alerts(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
  private final ScrubAlerts scrub = new ScrubAlerts(alerts);

  private static Finding finding(String user, long uid, Outcome outcome) {
    return new Finding(user, "INBOX", uid, "new/" + uid + ".base", SHA, Problem.CORRUPT, outcome,
        "why");
  }

  @Test
  void anUnrepairableMessageIsCriticalAndNamesEverything() {
    scrub.runStarted();
    scrub.found(finding("alice", 4, Outcome.UNREPAIRABLE));
    scrub.found(finding("alice", 5, Outcome.AWAITING_PARTNER));
    scrub.found(finding("alice", 6, Outcome.REPAIRED));

    assertThat(alerts.open()).extracting(Alert::id).containsExactly(
        "scrub.unrepairable.alice/INBOX/4", "scrub.awaiting-partner.alice/INBOX/5");
    Alert critical = alerts.open().get(0);
    assertThat(critical.severity()).isEqualTo(Alert.Severity.CRITICAL);
    assertThat(critical.message()).contains("uid 4", "alice/INBOX", "new/4.base", SHA,
        "CORRUPT", "backup");
    assertThat(alerts.open().get(1).severity()).isEqualTo(Alert.Severity.WARNING);
  }

  @Test
  void aLaterRunClearsWhatItNoLongerFindsWithinItsScope() {
    scrub.runStarted();
    scrub.found(finding("alice", 4, Outcome.UNREPAIRABLE));
    scrub.found(finding("bob", 1, Outcome.UNREPAIRABLE));
    scrub.runFinished(null);

    scrub.runStarted();
    scrub.runFinished("alice");
    assertThat(alerts.open()).extracting(Alert::id)
        .containsExactly("scrub.unrepairable.bob/INBOX/1");

    scrub.runStarted();
    scrub.found(finding("bob", 1, Outcome.UNREPAIRABLE));
    scrub.runFinished(null);
    assertThat(alerts.open()).extracting(Alert::id)
        .containsExactly("scrub.unrepairable.bob/INBOX/1");
    scrub.runStarted();
    scrub.runFinished(null);
    assertThat(alerts.open()).isEmpty();
  }

  @Test
  void beyondTheLimitOneAlertCountsTheRest() {
    scrub.runStarted();
    for (int uid = 1; uid <= ScrubAlerts.MAX + 7; uid++) {
      scrub.found(finding("alice", uid, Outcome.UNREPAIRABLE));
    }
    assertThat(alerts.open()).hasSize(ScrubAlerts.MAX + 1);
    assertThat(alerts.open()).filteredOn(a -> a.id().equals(ScrubAlerts.MORE)).singleElement()
        .extracting(Alert::message).asString().startsWith("7 more");
  }

  @Test
  void theProgressCountsEachOutcomeAndListsTheFindings() {
    ScrubProgress progress = new ScrubProgress(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    assertThat(progress.status()).containsEntry("state", "idle");
    progress.start("all users");
    progress.checked(100);
    progress.checked(50);
    progress.found(finding("alice", 1, Outcome.REPAIRED));
    progress.found(finding("alice", 2, Outcome.UNREPAIRABLE));
    progress.found(finding("alice", 3, Outcome.AWAITING_PARTNER));
    progress.userDone();
    progress.finish();

    Map<String, Object> report = progress.report();
    assertThat(report).containsEntry("state", "finished").containsEntry("files_checked", 2L)
        .containsEntry("bytes_checked", 150L).containsEntry("bad_found", 3L)
        .containsEntry("repaired", 1L).containsEntry("unrepairable", 1L)
        .containsEntry("awaiting_partner", 1L).containsEntry("users_checked", 1L)
        .containsEntry("run", 1L).containsEntry("started", "1970-01-01T00:00:00Z");
    assertThat((java.util.List<?>) report.get("findings")).hasSize(3);

    progress.start("user bob");
    assertThat(progress.status()).containsEntry("bad_found", 0L).containsEntry("state",
        "running").containsEntry("finished", null);
  }
}
