package io.tandem.store.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.store.attic.Attic;
import io.tandem.util.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removed bodies go to the attic while a replica may need them, and only then. */
class AtticTest {
  @TempDir Path dir;
  StoreFixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new StoreFixture(dir);
    fixture.run(UserIntents.add("alice", StoreFixture.HASH));
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private String hashOf(SpooledMessage message) {
    return Sha256.hexOf(fixture.bodies.get(message.base()));
  }

  @Test
  void anExpungedBodyIsKeptUnderItsHashAndSeqAndReadableThere() throws Exception {
    fixture.keepRemovedBodies = true;
    SpooledMessage m = fixture.deliver("alice", "INBOX", "gone soon\n");
    long seq = fixture.run(MessageIntents.expunge("alice", "INBOX", List.of(1L))).get(0).seq();

    Path kept = fixture.store.attic().find(hashOf(m)).orElseThrow();
    assertThat(kept.getFileName()).hasToString(seq + "-" + hashOf(m));
    assertThat(Files.readAllBytes(kept)).isEqualTo(fixture.bodies.get(m.base()));
    assertThat(fixture.files("alice")).noneMatch(name -> name.contains(m.base()));
  }

  @Test
  void withoutAReplicaTheBodyIsDeleted() throws Exception {
    SpooledMessage m = fixture.deliver("alice", "INBOX", "gone\n");
    fixture.run(MessageIntents.expunge("alice", "INBOX", List.of(1L)));

    assertThat(fixture.store.attic().find(hashOf(m))).isEmpty();
    assertThat(fixture.store.attic().size()).isZero();
  }

  @Test
  void aMoveKeepsNothingBecauseTheBodyLivesOnInTheTarget() throws Exception {
    fixture.keepRemovedBodies = true;
    fixture.deliver("alice", "INBOX", "moved\n");
    fixture.run(MessageIntents.copy("alice", "INBOX", List.of(1L), "Archive", true));

    assertThat(fixture.store.attic().size()).isZero();
    assertThat(fixture.files("alice")).filteredOn(name -> !name.endsWith("maildirfolder"))
        .singleElement().asString().startsWith(".Archive/cur/");
  }

  @Test
  void aDeletedFolderAndADeletedUserKeepEveryBody() throws Exception {
    fixture.keepRemovedBodies = true;
    SpooledMessage a = fixture.deliver("alice", "Archive", "one\n");
    SpooledMessage b = fixture.deliver("alice", "INBOX", "two\n");
    fixture.run(MailboxIntents.delete("alice", "Archive"));
    assertThat(fixture.store.attic().find(hashOf(a))).isPresent();

    fixture.run(UserIntents.delete("alice"));
    assertThat(fixture.store.attic().find(hashOf(b))).isPresent();
    assertThat(fixture.store.attic().size()).isEqualTo(2);
  }

  @Test
  void pruningDropsWhatEveryConsumerPassedAndSurvivesAReopen() throws Exception {
    fixture.keepRemovedBodies = true;
    SpooledMessage first = fixture.deliver("alice", "INBOX", "first\n");
    SpooledMessage second = fixture.deliver("alice", "INBOX", "second\n");
    long firstSeq = fixture.run(MessageIntents.expunge("alice", "INBOX", List.of(1L))).get(0)
        .seq();
    fixture.run(MessageIntents.expunge("alice", "INBOX", List.of(2L)));
    fixture.reopen();

    Attic attic = fixture.store.attic();
    assertThat(attic.size()).isEqualTo(2);
    assertThat(attic.pruneThrough(firstSeq)).isEqualTo(1);
    assertThat(attic.find(hashOf(first))).isEmpty();
    assertThat(attic.find(hashOf(second))).isPresent();
  }

  @Test
  void theSameBodyRemovedTwiceIsFoundUntilItsLastRemovalIsPruned() throws Exception {
    fixture.keepRemovedBodies = true;
    SpooledMessage m = fixture.deliver("alice", "INBOX", "same\n");
    fixture.run(MessageIntents.copy("alice", "INBOX", List.of(1L), "Archive", false));
    long first = fixture.run(MessageIntents.expunge("alice", "INBOX", List.of(1L))).get(0).seq();
    fixture.run(MessageIntents.expunge("alice", "Archive", List.of(1L)));

    fixture.store.attic().pruneThrough(first);
    assertThat(fixture.store.attic().find(hashOf(m))).isPresent();
  }

  @Test
  void aFileThatIsNotAnAtticNameIsLeftAlone() throws Exception {
    fixture.close();
    Path stray = fixture.root.resolve(".tandem-attic").resolve("notes.txt");
    Files.writeString(stray, "operator's file");
    fixture.open();
    assertThat(fixture.store.attic().size()).isZero();
    fixture.store.attic().pruneThrough(Long.MAX_VALUE);
    assertThat(stray).exists();
  }
}
