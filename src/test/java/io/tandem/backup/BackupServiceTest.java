package io.tandem.backup;

import static io.tandem.backup.BackupFixture.HASH;
import static io.tandem.backup.BackupFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.alert.Alert;
import io.tandem.backup.store.BackupVerifier;
import io.tandem.backup.store.Manifests;
import io.tandem.backup.store.ObjectStore;
import io.tandem.store.write.MailboxIntents;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.UserIntents;
import io.tandem.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup service on a real store: full then journal-driven incremental runs, restores of a
 * deleted message, of a folder as of the first run and of a whole user (byte for byte, flags
 * kept), retention on a moved clock, a corrupt message file left out and alerted, a corrupt
 * object named by verify, and a disaster restore into an empty store that equals the original.
 */
class BackupServiceTest {
  @TempDir Path dir;
  private BackupFixture appliance;
  private BackupFixture spare;

  @AfterEach
  void tearDown() throws Exception {
    if (appliance != null) {
      appliance.close();
    }
    if (spare != null) {
      spare.close();
    }
  }

  /** alice: INBOX 1..6 (1, 2 seen; 3 flagged), Work 1..2; bob: INBOX 1. */
  private void mail() throws Exception {
    appliance = new BackupFixture(dir, "alpha", dir.resolve("target"), "");
    appliance.run(UserIntents.add("alice", HASH));
    appliance.run(UserIntents.add("bob", HASH + "b"));
    appliance.run(MailboxIntents.create("alice", "Work"));
    appliance.run(MailboxIntents.subscribe("alice", "Work", true));
    appliance.run(MailboxIntents.subscribe("alice", "Junk", false));
    for (int i = 1; i <= 6; i++) {
      String[] flags = i <= 2 ? new String[] {"\\Seen"} : i == 3
          ? new String[] {"\\Flagged"} : new String[0];
      appliance.deliver("alice", "INBOX", "Subject: " + i + "\nMessage-ID: <m" + i
          + "@example.org>\n\nmessage " + i + "\n" + "x".repeat(i * 50) + "\n", flags);
    }
    appliance.deliver("alice", "Work", "Subject: w1\n\nat work\n");
    appliance.deliver("alice", "Work", "Subject: w2\n\nat work too\n", "\\Answered");
    appliance.deliver("bob", "INBOX", "Subject: b\n\nfor bob\n");
  }

  @Test
  void incrementalRunsFollowTheJournalAndRestoresComeBackByteForByte() throws Exception {
    mail();
    List<String> inboxAtFirstRun = inbox();
    Map<String, Object> first = result(appliance.backup(false));
    assertThat(first).containsEntry("full", true).containsEntry("puts", 9L)
        .containsEntry("objects_written", 9L);
    Instant firstTime = Instant.parse((String) first.get("time"));

    appliance.clock.advance(Duration.ofHours(1));
    Instant deletedFrom = appliance.clock.instant();
    appliance.run(MessageIntents.expunge("alice", "INBOX", List.of(2L)));
    appliance.run(MessageIntents.copy("alice", "INBOX", List.of(3L), "Work", true));
    appliance.run(MessageIntents.setFlags("alice", "INBOX", List.of(4L),
        MessageIntents.FlagMode.ADD, List.of("\\Seen")));
    appliance.deliver("alice", "INBOX", "Subject: 7\n\nmessage 7\n");
    appliance.clock.advance(Duration.ofHours(1));
    Map<String, Object> second = result(appliance.backup(false));
    // Only what the journal touched: the moved message (gone from INBOX, new in Work), the
    // flag change and the new delivery; one new body (the move's body is stored already).
    assertThat(second).containsEntry("full", false).containsEntry("puts", 3L)
        .containsEntry("deletions", 2L).containsEntry("objects_written", 1L)
        .containsEntry("journal_entries", 4L);
    assertThat((Long) second.get("bytes_read")).isLessThan(100);

    // A deleted message, by --deleted-since: only the expunged one (the moved one is in Work).
    Map<String, Object> deleted = result(appliance.restore(new RestoreRequest("alice", null,
        null, deletedFrom, null, null, false)));
    assertThat(deleted).containsEntry("messages", 1);
    assertThat(appliance.messages("alice", "Restored")).containsExactly(inboxAtFirstRun.get(1));

    // The whole INBOX as of the first run, into a folder of its own.
    result(appliance.restore(new RestoreRequest("alice", "INBOX", firstTime, null, null,
        "AsOfFirst", false)));
    assertThat(appliance.messages("alice", "AsOfFirst")).containsExactlyElementsOf(
        inboxAtFirstRun);

    // One message by its Message-ID.
    Map<String, Object> byId = result(appliance.restore(new RestoreRequest("alice", null,
        firstTime, null, "m5@example.org", "ById", false)));
    assertThat(byId).containsEntry("messages", 1);
    assertThat(appliance.messages("alice", "ById")).containsExactly(inboxAtFirstRun.get(4));

    // The whole user as of now: every folder, flags kept.
    List<String> now = appliance.messages("alice", null).stream()
        .filter(m -> !m.startsWith("AsOfFirst") && !m.startsWith("ById")).toList();
    result(appliance.restore(new RestoreRequest("alice", null, second(second), null, null,
        "All", false)));
    assertThat(appliance.messages("alice", "All")).containsExactlyInAnyOrderElementsOf(now);

    BackupVerifier.Report verify = new BackupVerifier(appliance.target, Duration.ofDays(7),
        appliance.clock).verify();
    assertThat(verify.problems()).isEmpty();
    assertThat(appliance.fatalErrors).isEmpty();
  }

  private static Instant second(Map<String, Object> run) {
    return Instant.parse((String) run.get("time"));
  }

  private List<String> inbox() throws Exception {
    return appliance.messages("alice", null).stream().filter(m -> m.startsWith("INBOX "))
        .toList();
  }

  /**
   * ADR 0019 on a moved clock: a full run on day -1, the message deleted on day 0, deltas every
   * night, a new full run on day 6.5 (the base is then older than the period). The old full run
   * stays as the base of the deltas, and still lists the message, yet it is purged as soon as
   * its deletion is older than the period; restores are checked on a second appliance reading
   * the same target (a restored copy on this one would be live mail again).
   */
  @Test
  void deletedMailIsRestorableForExactlyTheRetentionPeriodThenPurged() throws Exception {
    appliance = new BackupFixture(dir, "alpha", dir.resolve("target"),
        "backup.retention.deleted = 7d\n");
    appliance.run(UserIntents.add("alice", HASH));
    String kept = "Subject: keep\n\nkept\n";
    String gone = "Subject: gone\n\nto be deleted\n";
    appliance.deliver("alice", "INBOX", kept);
    appliance.deliver("alice", "INBOX", gone);
    String goneSha = Sha256.hexOf(gone.getBytes(StandardCharsets.UTF_8));
    String keptSha = Sha256.hexOf(kept.getBytes(StandardCharsets.UTF_8));
    Map<String, Object> base = result(appliance.backup(false));
    appliance.clock.advance(Duration.ofDays(1));
    Instant day0 = appliance.clock.instant();
    appliance.run(MessageIntents.expunge("alice", "INBOX", List.of(2L)));
    appliance.clock.advance(Duration.ofHours(12));
    for (int night = 0; night <= 6; night++) {
      Map<String, Object> run = result(appliance.backup(false));
      assertThat(run).as("night " + night).containsEntry("full", night == 6);
      appliance.clock.advance(Duration.ofDays(night < 6 ? 1 : 0));
    }
    ObjectStore objects = new ObjectStore(appliance.target);
    Path baseManifest = new Manifests(appliance.target).pathOf((String) base.get("run"));
    spare = new BackupFixture(dir, "spare", appliance.target, "");
    spare.run(UserIntents.add("alice", HASH));
    RestoreRequest deletedSinceDay0 = new RestoreRequest("alice", null, null, day0, null,
        "Deleted", false);

    // Day 6.9: restorable.
    atDay(day0, 6.9);
    appliance.backup(false);
    assertThat(objects.has(goneSha)).isTrue();
    Map<String, Object> back = result(spare.restore(deletedSinceDay0));
    assertThat(back).containsEntry("messages", 1).doesNotContainKey("note");
    assertThat(spare.messages("alice", "Deleted")).containsExactly("INBOX  " + goneSha);

    // Day 7.1: purged, though the day -1 base that lists it is still kept.
    atDay(day0, 7.1);
    Map<String, Object> purge = result(appliance.backup(false));
    assertThat(purge).containsEntry("purged_objects", 1);
    assertThat(objects.has(goneSha)).isFalse();
    assertThat(Files.exists(baseManifest)).isTrue();
    Map<String, Object> none = result(spare.restore(deletedSinceDay0));
    assertThat(none).containsEntry("messages", 0);
    assertThat((String) none.get("note")).contains("backup.retention.deleted (7d)", "purged");
    Map<String, Object> asOfBase = spare.restore(new RestoreRequest("alice", null,
        Instant.parse((String) base.get("time")), null, null, "Old", false));
    assertThat(asOfBase.get("state")).isEqualTo("failed");
    assertThat((String) asOfBase.get("error")).contains((String) base.get("run"),
        "older than backup.retention.deleted (7d)", "no longer restorable",
        "oldest restorable run is ");
    assertThat(new BackupVerifier(appliance.target, Duration.ofDays(7), appliance.clock)
        .verify().problems()).isEmpty();

    // The message still present is never purged, however old its first run.
    atDay(day0, 40);
    appliance.backup(false);
    assertThat(objects.has(keptSha)).isTrue();
    assertThat(Files.exists(baseManifest)).isFalse();
    spare.clock.set(appliance.clock.instant());
    result(spare.restore(new RestoreRequest("alice", null, null, null, null, "Now", false)));
    assertThat(spare.messages("alice", "Now")).containsExactly("INBOX  " + keptSha);
    assertThat(new BackupVerifier(appliance.target, Duration.ofDays(7), appliance.clock)
        .verify().problems()).isEmpty();
  }

  /** Both appliances' clocks at {@code days} after {@code day0}. */
  private void atDay(Instant day0, double days) {
    Instant at = day0.plusSeconds(Math.round(days * 86_400));
    appliance.clock.set(at);
    spare.clock.set(at);
  }

  @Test
  void aCorruptMessageFileIsNotBackedUpAndAlertedAndACorruptObjectIsNamed() throws Exception {
    mail();
    appliance.backup(false);
    long uid = appliance.deliver("alice", "INBOX", "Subject: 8\n\nmessage 8\n");
    Path file = appliance.fileOf("alice", "INBOX", uid);
    Files.writeString(file, "Subject: 8\n\nCORRUPTED\n");
    appliance.clock.advance(Duration.ofHours(1));
    Map<String, Object> run = result(appliance.backup(false));
    assertThat((List<?>) run.get("not_backed_up")).singleElement().asString()
        .contains("alice/INBOX uid " + uid, "CORRUPT", file.toString());
    Alert alert = appliance.openAlerts().get("backup.corrupt.alice/INBOX/" + uid);
    assertThat(alert.severity()).isEqualTo(Alert.Severity.CRITICAL);
    assertThat(alert.message()).contains("alice/INBOX uid " + uid, file.toString(),
        "NOT backed up");
    String good = Sha256.hexOf("Subject: 8\n\nmessage 8\n".getBytes(StandardCharsets.UTF_8));
    assertThat(new ObjectStore(appliance.target).has(good)).isFalse();

    // Repaired (as scrub would), the next run takes it and the alert clears.
    Files.writeString(file, "Subject: 8\n\nmessage 8\n");
    appliance.clock.advance(Duration.ofHours(1));
    Map<String, Object> next = result(appliance.backup(false));
    assertThat((List<?>) next.get("not_backed_up")).isEmpty();
    assertThat(new ObjectStore(appliance.target).has(good)).isTrue();
    assertThat(appliance.openAlerts()).doesNotContainKey("backup.corrupt.alice/INBOX/" + uid);

    // A stored object corrupted on the target: verify names it.
    Path object = new ObjectStore(appliance.target).pathOf(good);
    Files.writeString(object, "bit rot\n");
    BackupVerifier.Report report = new BackupVerifier(appliance.target, Duration.ofDays(7),
        appliance.clock).verify();
    assertThat(report.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(BackupVerifier.Kind.CORRUPT_OBJECT);
      assertThat(p.file()).isEqualTo(object);
    });
  }

  @Test
  void aDisasterRestoreRebuildsAnEmptyStoreThatEqualsTheOriginal() throws Exception {
    mail();
    appliance.backup(false);
    appliance.clock.advance(Duration.ofHours(1));
    appliance.run(MessageIntents.copy("alice", "INBOX", List.of(6L), "Work", true));
    appliance.run(MailboxIntents.create("alice", "Archive.2024"));
    appliance.deliver("alice", "Archive.2024", "Subject: old\n\nold mail\n", "\\Seen");
    appliance.backup(false);

    spare = new BackupFixture(dir, "spare", appliance.target, "");
    // The restore replays the run's state into a scratch file there (ADR 0021); one a killed
    // restore left is removed, and its own goes at its end.
    Path scratch = spare.config.store().state().resolve("backup");
    Files.createDirectories(scratch);
    Files.writeString(scratch.resolve("restore-1.db"), "stale");
    Map<String, Object> report = spare.restore(new RestoreRequest(null, null, null, null, null,
        null, true));
    assertThat(report.get("state")).as(report.toString()).isEqualTo("finished");
    assertThat(result(report)).containsEntry("users", 2);
    try (var files = Files.list(scratch)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(n -> n.startsWith("restore-") || n.startsWith("retention-"));
    }
    for (String user : List.of("alice", "bob")) {
      assertThat(spare.store.users().passwordHash(user))
          .isEqualTo(appliance.store.users().passwordHash(user));
      assertThat(spare.mailboxes(user)).isEqualTo(appliance.mailboxes(user));
      assertThat(spare.messages(user, null)).isEqualTo(appliance.messages(user, null));
      assertThat(subscriptions(spare, user)).isEqualTo(subscriptions(appliance, user));
    }
    // Not twice: the store is no longer empty.
    Map<String, Object> again = spare.restore(new RestoreRequest(null, null, null, null, null,
        null, true));
    assertThat(again.get("state")).isEqualTo("failed");
    assertThat((String) again.get("error")).contains("not empty");
  }

  private static List<String> subscriptions(BackupFixture f, String user) throws Exception {
    try (var index = io.tandem.store.index.UserIndex.openReadOnly(
        f.store.indexPool().file(user), user)) {
      return index.subscriptions().stream().sorted().toList();
    }
  }
}
