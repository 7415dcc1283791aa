package io.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.alert.Alert;
import io.tandem.store.write.MailboxIntents;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.UserIntents;
import io.tandem.testing.StoreComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A primary and a replica in this JVM, over real TLS on loopback: what the primary does, the
 * replica ends up with, byte for byte and row for row.
 */
class ReplicationPairTest {
  private static final String HASH = "pbkdf2-sha256$1000$c2FsdA$aGFzaA";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  PairFixture pair;

  @AfterEach
  void tearDown() {
    if (pair != null) {
      pair.close();
    }
  }

  private void assertIdentical() throws Exception {
    pair.close();
    StoreComparison.assertIdentical(pair.settings("alpha"), pair.settings("beta"));
    assertThat(pair.fatalErrors).isEmpty();
  }

  /** A seeded mix of every kind of operation across two users and several folders. */
  private void randomHistory(SplittableRandom random, int steps) throws Exception {
    randomHistory(random, steps, true);
  }

  private void randomHistory(SplittableRandom random, int steps, boolean setUp)
      throws Exception {
    if (setUp) {
      if (!pair.store().users().contains("alice")) {
        pair.run(UserIntents.add("alice", HASH));
      }
      pair.run(UserIntents.add("bob", HASH));
      pair.run(MailboxIntents.create("alice", "Work"));
      pair.run(MailboxIntents.create("alice", "Work.Old"));
    }
    List<String> boxes = List.of("INBOX", "Work", "Work.Old", "Archive");
    for (int i = 0; i < steps; i++) {
      String user = random.nextInt(4) == 0 ? "bob" : "alice";
      String box = user.equals("bob") ? "INBOX" : boxes.get(random.nextInt(boxes.size()));
      List<Long> uids = List.of((long) random.nextInt(1, 12), (long) random.nextInt(1, 12));
      try {
        switch (random.nextInt(6)) {
          case 0, 1 -> pair.deliver(user, box, "message " + i + "\n" + "x".repeat(i % 300));
          case 2 -> pair.run(MessageIntents.setFlags(user, box, uids,
              MessageIntents.FlagMode.values()[random.nextInt(3)], List.of("\\Seen", "$Work")));
          case 3 -> pair.run(MessageIntents.expunge(user, box, uids.subList(0, 1)));
          case 4 -> pair.run(MessageIntents.copy(user, box, uids, "Trash", false));
          default -> pair.run(MessageIntents.copy(user, box, uids, box.equals("Archive")
              ? "INBOX" : "Archive", true));
        }
      } catch (io.tandem.store.StoreException refused) {
        // A random UID that does not exist: refused on the primary, nothing to replicate.
      }
    }
    if (setUp) {
      pair.run(MailboxIntents.rename("alice", "Work", "Done"));
      pair.run(MailboxIntents.subscribe("alice", "Done", true));
      pair.run(UserIntents.changePassword("bob", HASH.replace("aGFzaA", "b3RoZXI")));
      pair.run(MailboxIntents.delete("alice", "Done.Old"));
    }
  }

  @Test
  void everyKindOfOperationArrivesAndTheStoresAreIdentical() throws Exception {
    pair = new PairFixture(dir, "", "");
    randomHistory(new SplittableRandom(7), 2500);

    pair.awaitInStep(WAIT);
    assertThat(pair.primaryStatus()).containsEntry("connected", true)
        .containsEntry("lag_ops", 0L);
    assertIdentical();
  }

  /** A pair where alice exists on both, then the replica stopped (maintenance). */
  private void pairWithTheReplicaAway() throws Exception {
    pair = new PairFixture(dir, "", "");
    pair.run(UserIntents.add("alice", HASH));
    pair.awaitInStep(WAIT);
    pair.stopReplica();
  }

  @Test
  void aReplicaThatWasAwayCatchesUpIncludingMailDeletedMeanwhile() throws Exception {
    pairWithTheReplicaAway();
    pair.deliver("alice", "INBOX", "delivered and deleted while away\n");
    pair.deliver("alice", "INBOX", "kept\n");
    pair.run(MessageIntents.expunge("alice", "INBOX", List.of(1L)));
    assertThat(pair.store().attic().size()).isEqualTo(1);
    randomHistory(new SplittableRandom(11), 200);

    pair.startReplica();
    pair.awaitInStep(WAIT);
    PairFixture.awaitCondition(WAIT, () -> pair.store().attic().size() == 0,
        () -> "the attic was not pruned after the replica acknowledged");
    assertIdentical();
  }

  @Test
  void aCorruptBodyOnThePrimaryIsNeverSentAndRaisesAnAlert() throws Exception {
    pairWithTheReplicaAway();
    pair.deliver("alice", "INBOX", "the original bytes\n");
    Path file;
    try (Stream<Path> files = Files.walk(pair.settings("alpha").root().resolve("alice"))) {
      file = files.filter(p -> p.getParent().getFileName().toString().equals("new"))
          .findFirst().orElseThrow();
    }
    Files.writeString(file, "the CORRUPT bytes!!\n");
    long corruptSeq = pair.store().journal().lastSeq();

    pair.startReplica();
    PairFixture.awaitCondition(WAIT, () -> pair.primary.replication().state().acked()
        == corruptSeq - 1 && hasAlert("replication.body.")
        && pair.primaryStatus().get("activity").toString().contains("corrupt"),
        () -> "no hold and alert: " + pair.primaryStatus());
    Path replicaMail = pair.settings("beta").root();
    try (Stream<Path> files = Files.walk(replicaMail)) {
      assertThat(files.filter(Files::isRegularFile).map(ReplicationPairTest::read))
          .noneMatch(text -> text.contains("CORRUPT"));
    }

    // The operator restores the file: replication resumes by itself and the alert clears.
    Files.writeString(file, "the original bytes\n");
    pair.awaitInStep(WAIT);
    PairFixture.awaitCondition(WAIT, () -> !hasAlert("replication.body."),
        () -> "the body alert did not clear");
    assertIdentical();
  }

  @Test
  void aReplicaThatNeedsPrunedEntriesIsResyncedUserByUserAndEndsIdentical() throws Exception {
    pair = new PairFixture(dir, "journal.segment_size = 64K\n", "");
    randomHistory(new SplittableRandom(3), 400);
    pair.run(UserIntents.add("carol", HASH));
    pair.awaitInStep(WAIT);
    pair.stopReplica();

    // While it is away: more mail and folder changes, a user removed and one added (neither
    // is named by any snapshot), another removed and re-added, then the journal it needs goes.
    randomHistory(new SplittableRandom(4), 600, false);
    for (int i = 0; i < 400; i++) {
      pair.deliver(i % 2 == 0 ? "alice" : "carol", "INBOX", "while away " + i + "\n");
    }
    pair.run(UserIntents.delete("carol"));
    pair.run(UserIntents.add("dave", HASH));
    pair.deliver("dave", "INBOX", "for dave\n");
    pair.run(UserIntents.delete("bob"));
    pair.run(UserIntents.add("bob", HASH));
    pair.store().journal().pruneThrough(pair.store().journal().lastSeq(),
        java.time.Instant.now().plusSeconds(60));
    assertThat(pair.store().journal().firstSeq()).as("segments %s", pair.store().journal().segments()).isGreaterThan(2);

    pair.startReplica();
    pair.awaitInStep(WAIT);
    // New mail after the resync streams as usual.
    pair.deliver("alice", "INBOX", "after the resync\n");
    pair.awaitInStep(WAIT);
    assertIdentical();
  }

  @Test
  void verifyPeerFindsNothingOnIdenticalStoresAndNamesADifference() throws Exception {
    pair = new PairFixture(dir, "", "");
    randomHistory(new SplittableRandom(9), 300);
    pair.deliver("alice", "Archive", "to be tampered with\n");
    pair.awaitInStep(WAIT);

    io.tandem.replication.PeerVerifier.Report same =
        pair.primary.replication().verifyPeer(null, false);
    assertThat(same.users()).isEqualTo(2);
    assertThat(same.differences()).isEmpty();
    assertThat(same.unsettled()).isEmpty();

    // Damage the replica's index behind its back: a flag that the primary never set.
    damageReplicaIndex("alice", "UPDATE message SET flags = '\\Flagged' WHERE mailbox_id ="
        + " (SELECT id FROM mailbox WHERE name = 'Archive') AND uid ="
        + " (SELECT max(uid) FROM message WHERE mailbox_id ="
        + " (SELECT id FROM mailbox WHERE name = 'Archive'))");
    io.tandem.replication.PeerVerifier.Report damaged =
        pair.primary.replication().verifyPeer("alice", false);
    assertThat(damaged.differences()).containsExactly("user alice mailbox Archive: same count,"
        + " but UIDs, MODSEQs, flags or message hashes differ");

    // The repair replaces alice's copy on the replica while mail keeps arriving.
    pair.deliver("alice", "INBOX", "during the repair\n");
    io.tandem.replication.PeerVerifier.Report repaired =
        pair.primary.replication().verifyPeer(null, true);
    assertThat(repaired.differences()).isEmpty();
    assertThat(repaired.repaired()).singleElement().asString().startsWith("user alice (");
    pair.deliver("alice", "INBOX", "after the repair\n");
    pair.awaitInStep(WAIT);
    assertIdentical();
  }

  @Test
  void theScheduledComparisonRaisesAnAlertWhenTheReplicaDiffers() throws Exception {
    pair = new PairFixture(dir, "replication.verify_interval = 1s\n", "");
    pair.run(UserIntents.add("alice", HASH));
    pair.deliver("alice", "INBOX", "hello\n");
    pair.awaitInStep(WAIT);
    damageReplicaIndex("alice", "DELETE FROM message");

    PairFixture.awaitCondition(WAIT, () -> hasAlert("replication.verify"),
        () -> "no verify alert: " + pair.primary.alerts());
    assertThat(pair.primary.alerts()).filteredOn(a -> a.id().equals("replication.verify"))
        .singleElement().satisfies(a -> assertThat(a.message())
            .contains("user alice mailbox INBOX: 1 messages vs 0")
            .contains("tandem verify-peer --repair"));
  }

  @Test
  void aPromotedReplicaFencesTheOldPrimaryWhichStepsDownWhenItComesBack() throws Exception {
    pair = new PairFixture(dir, "", "");
    pair.run(UserIntents.add("alice", HASH));
    pair.deliver("alice", "INBOX", "before\n");
    pair.awaitInStep(WAIT);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> pair.replica.replication().promote(false)).hasMessageContaining("is connected");

    pair.stopPrimary();
    PairFixture.awaitCondition(WAIT, () -> !pair.replica.replication().state().isConnected(),
        () -> "the replica still sees its primary");
    assertThat(pair.replica.replication().promote(false)).isEqualTo(2);
    assertThat(pair.replica.role().isPrimary()).isTrue();
    PairFixture.deliverOn(pair.replica, "alice", "INBOX", "after the promotion\n");
    long newPrimaryLast = pair.replica.store().journal().lastSeq();
    assertThat(pair.replica.store().journal().lastEpoch()).isEqualTo(2);

    // The old primary comes back still believing it is primary: it meets epoch 2 and steps down.
    pair.startPrimary();
    PairFixture.awaitCondition(WAIT, () -> !pair.primary.role().isPrimary()
        && pair.primary.alerts().stream()
            .anyMatch(a -> a.message().contains("stepped down to replica (epoch 2)")),
        () -> "the old primary did not step down: " + pair.primary.alerts());
    assertThat(pair.primary.role().epoch()).isEqualTo(2);
    assertThat(pair.replica.store().journal().lastSeq()).as("nothing from epoch 1 applied")
        .isEqualTo(newPrimaryLast);
  }

  @Test
  void aControlledFailoverAndFailbackUnderLoadLoseNothingAndKeepTheUids() throws Exception {
    pair = new PairFixture(dir, "", "", true);
    pair.run(UserIntents.add("alice", HASH));
    pair.deliver("alice", "INBOX", "before the failover\n");
    pair.awaitInStep(WAIT);

    io.tandem.replication.Failover.Result over = pair.primary.replication().failover(false);
    assertThat(over.epoch()).isEqualTo(2);
    assertThat(pair.primary.role().isPrimary()).isFalse();
    assertThat(pair.replica.role().isPrimary()).isTrue();
    assertThat(pair.replica.role().epoch()).isEqualTo(2);

    // The new primary takes mail and streams it back to the old one, now its replica.
    PairFixture.deliverOn(pair.replica, "alice", "INBOX", "on the new primary\n");
    long last = pair.replica.store().journal().lastSeq();
    PairFixture.awaitCondition(WAIT, () -> pair.primary.store().journal().lastSeq() == last,
        () -> "the old primary did not follow the new one: "
            + pair.replica.replication().status());

    // Failback: the same command on the other side.
    io.tandem.replication.Failover.Result back = pair.replica.replication().failover(false);
    assertThat(back.epoch()).isEqualTo(3);
    assertThat(pair.primary.role().isPrimary()).isTrue();
    pair.deliver("alice", "INBOX", "after the failback\n");
    pair.awaitInStep(WAIT);
    assertIdentical();
  }

  @Test
  void anOldPrimaryThatWroteAloneRejoinsAndNothingItAcceptedIsLost() throws Exception {
    pair = new PairFixture(dir, "", "", true);
    pair.run(UserIntents.add("alice", HASH));
    pair.deliver("alice", "INBOX", "common one\n");
    pair.deliver("alice", "INBOX", "common two\n");
    pair.awaitInStep(WAIT);

    // The replica is cut off; the primary goes on alone (what it accepts now, beta never sees).
    pair.stopReplica();
    pair.deliver("alice", "INBOX", "alone one\n");
    pair.deliver("alice", "INBOX", "alone two\n");
    pair.run(MessageIntents.setFlags("alice", "INBOX", List.of(4L),
        MessageIntents.FlagMode.ADD, List.of("\\Seen")));
    pair.run(MessageIntents.setFlags("alice", "INBOX", List.of(1L),
        MessageIntents.FlagMode.ADD, List.of("\\Flagged")));
    pair.run(MessageIntents.expunge("alice", "INBOX", List.of(2L)));
    pair.run(MailboxIntents.create("alice", "Solo"));
    pair.deliver("alice", "Solo", "alone in a new folder\n");
    pair.run(UserIntents.add("carol", HASH));

    // It dies; the replica is promoted by force and takes mail of its own.
    pair.stopPrimary();
    pair.startReplica();
    assertThat(pair.replica.replication().promote(false)).isEqualTo(2);
    PairFixture.deliverOn(pair.replica, "alice", "INBOX", "on the new primary\n");

    // The old primary comes back: it steps down, hands over what it did alone, is resynced.
    pair.startPrimary();
    PairFixture.awaitCondition(WAIT, () -> !pair.primary.role().isPrimary()
        && pair.replica.alerts().stream().anyMatch(a -> a.id().equals("replication.divergence"))
        && pair.primary.store().journal().lastSeq() == pair.replica.store().journal().lastSeq()
        && pair.replica.replication().state().acked()
            == pair.replica.store().journal().lastSeq(),
        () -> "no rejoin: new primary " + pair.replica.replication().status() + " "
            + pair.replica.alerts() + "; old primary " + pair.primary.replication().status()
            + " " + pair.primary.alerts());

    List<String> inbox = messages(pair.replica, "alice", "INBOX");
    assertThat(inbox).containsExactly(
        "1 [\\Flagged] common one",
        "3 [] on the new primary",
        "4 [] alone one",
        "5 [\\Seen] alone two");
    assertThat(messages(pair.replica, "alice", "Solo")).containsExactly(
        "1 [] alone in a new folder");
    assertThat(pair.replica.store().users().contains("carol")).isTrue();
    assertThat(pair.primary.alerts()).anySatisfy(a -> assertThat(a.message())
        .contains("wrote 18 operations alone after seq 13")
        .contains("3 messages delivered again, 4 other changes replayed, 0 not possible here"));

    io.tandem.reconcile.DivergenceRecord onNew = io.tandem.reconcile.DivergenceRecords
        .in(pair.settings("beta").state()).all().get(0);
    assertThat(onNew.side()).isEqualTo("new-primary");
    assertThat(onNew.reconciled()).isTrue();
    assertThat(onNew.items()).extracting(i -> i.action().kind() + ": " + i.outcome())
        .contains("DELIVER: delivered again as UID 4", "DELIVER: delivered again as UID 5",
            "SET_FLAGS: flags set", "EXPUNGE: expunged", "ADD_USER: added");
    io.tandem.reconcile.DivergenceRecord onOld = io.tandem.reconcile.DivergenceRecords
        .in(pair.settings("alpha").state()).all().get(0);
    assertThat(onOld.side()).isEqualTo("old-primary");
    assertThat(onOld.result()).isEqualTo(onNew.result());
    assertIdentical();
  }

  @Test
  void aFailoverIsRefusedWhenTheReplicasHardwareIsWorseUnlessForced() throws Exception {
    String sim = "hardware.mode = sim\nhardware.poll = 1s\nhardware.debounce = 1\n";
    pair = new PairFixture(dir, sim + "hardware.sim.dir = " + dir.resolve("alpha-sim") + "\n",
        sim + "hardware.sim.dir = " + dir.resolve("beta-sim") + "\n", true);
    pair.run(UserIntents.add("alice", HASH));
    pair.deliver("alice", "INBOX", "before\n");
    pair.awaitInStep(WAIT);

    // A disk of the replica's array fails (in its simulated enclosure).
    Path betaConfig = dir.resolve("beta").resolve("beta.conf");
    assertThat(Tandem.run("sim", "disk", "fail", "2", "--config", betaConfig.toString()))
        .isZero();
    PairFixture.awaitCondition(WAIT, () -> pair.replica.alerts().stream()
        .anyMatch(a -> a.id().startsWith("hardware.array.")),
        () -> "no array alert on the replica: " + pair.replica.alerts());

    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> pair.primary.replication().failover(false))
        .hasMessageContaining("the replica's hardware is in a worse state")
        .hasMessageContaining("degraded").hasMessageContaining("here: sound")
        .hasMessageContaining("--force");
    assertThat(pair.primary.role().isPrimary()).as("nothing changed").isTrue();
    pair.deliver("alice", "INBOX", "still taken\n");

    io.tandem.replication.Failover.Result forced = pair.primary.replication().failover(true);
    assertThat(forced.epoch()).isEqualTo(2);
    assertThat(pair.replica.role().isPrimary()).isTrue();
  }

  /** Each message of a mailbox as "UID [flags] first line", from the appliance's index. */
  private static List<String> messages(ApplianceService appliance, String user, String mailbox)
      throws Exception {
    Path file = appliance.store().indexPool().file(user);
    java.util.List<String> out = new java.util.ArrayList<>();
    try (io.tandem.store.index.UserIndex index =
        io.tandem.store.index.UserIndex.openReadOnly(file, user)) {
      long box = index.mailbox(mailbox).orElseThrow().id();
      for (io.tandem.store.index.MessageRow row : index.messages(box)) {
        Path body = appliance.store().layout().mailbox(user, mailbox).resolve(row.file());
        out.add(row.uid() + " " + row.flags() + " " + Files.readString(body).strip());
      }
    }
    return out;
  }

  /** Changes the replica's index of {@code user} behind its back (what a disk fault could do). */
  private void damageReplicaIndex(String user, String sql) throws Exception {
    Path index = pair.settings("beta").state().resolve("index").resolve(user + ".db");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + index);
        java.sql.Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout=10000");
      st.executeUpdate(sql);
    }
  }

  private boolean hasAlert(String prefix) {
    return pair.primary != null && pair.primary.alerts().stream()
        .map(Alert::id).anyMatch(id -> id.startsWith(prefix));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
