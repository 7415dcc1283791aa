package io.tandem.store.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import io.tandem.store.apply.ApplyException;
import io.tandem.testing.StoreComparison;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica is a store that takes its entries from the primary instead of from clients: the
 * same entries through the same apply path must give identical indexes (UIDVALIDITY, UIDs,
 * MODSEQs, flags, hashes) and identical maildir files.
 */
class ReplicaApplyTest {
  @TempDir Path dir;
  StoreFixture primary;
  StoreFixture replica;

  @BeforeEach
  void setUp() throws Exception {
    primary = new StoreFixture(dir.resolve("a"));
    replica = new StoreFixture(dir.resolve("b"));
  }

  @AfterEach
  void tearDown() throws Exception {
    primary.close();
    replica.close();
  }

  @Test
  void replayingThePrimarysEntriesGivesAnIdenticalStore() throws Exception {
    primary.run(UserIntents.add("alice", StoreFixture.HASH));
    primary.run(UserIntents.add("bob", StoreFixture.HASH));
    primary.randomHistory(new SplittableRandom(3), 300);
    for (JournalEntry entry : primaryEntries()) {
      sendBodyIfDelivery(entry);
      replica.store.submitReplicated(entry).get();
    }
    StoreComparison.assertIdentical(primary.settings(), replica.settings());
    assertThat(replica.store.journal().lastSeq()).isEqualTo(primary.store.journal().lastSeq());
  }

  @Test
  void aBodyThatDoesNotMatchItsHashIsNeverKept() throws Exception {
    primary.run(UserIntents.add("alice", StoreFixture.HASH));
    SpooledMessage m = primary.deliver("alice", "INBOX", "the real bytes\n");
    assertThatThrownBy(() -> replica.store.spool().writeReplicated(m.base(),
        new ByteArrayInputStream("tampered bytes".getBytes()), m.sha256()))
        .isInstanceOf(MessageSpool.BodyHashMismatchException.class)
        .hasMessageContaining(m.sha256());
    assertThat(replica.store.spool().dir().resolve(m.base())).doesNotExist();
  }

  @Test
  void anEntryThatSkipsAheadIsRefusedAndNothingIsWritten() throws Exception {
    primary.run(UserIntents.add("alice", StoreFixture.HASH));
    List<JournalEntry> entries = primaryEntries();
    ExecutionException gap = org.junit.jupiter.api.Assertions.assertThrows(
        ExecutionException.class, () -> replica.store.submitReplicated(entries.get(1)).get());
    assertThat(gap.getCause()).isInstanceOf(ApplyException.class)
        .hasMessageContaining("does not follow");
    assertThat(replica.store.journal().lastSeq()).isZero();
  }

  @Test
  void anEntryFromAnOlderEpochIsRefused() throws Exception {
    replica.store.submitReplicated(new JournalEntry(1, 5, 0,
        new Operation.AddUser("alice", StoreFixture.HASH, 1))).get();
    ExecutionException stale = org.junit.jupiter.api.Assertions.assertThrows(
        ExecutionException.class, () -> replica.store.submitReplicated(new JournalEntry(2, 4, 0,
            new Operation.ChangePassword("alice", StoreFixture.HASH))).get());
    assertThat(stale.getCause()).hasMessageContaining("epoch 4").hasMessageContaining("fencing");
    assertThat(replica.store.journal().lastSeq()).isEqualTo(1);
  }

  private List<JournalEntry> primaryEntries() throws Exception {
    List<JournalEntry> entries = new ArrayList<>();
    primary.store.journal().read(0, entries::add);
    return entries;
  }

  private void sendBodyIfDelivery(JournalEntry entry) throws Exception {
    if (entry.op() instanceof Operation.Deliver d) {
      replica.store.spool().writeReplicated(d.fileName(),
          new ByteArrayInputStream(primary.bodies.get(d.fileName())), d.sha256());
    }
  }
}
