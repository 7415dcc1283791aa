package io.tandem.store.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committer's batching and its all-or-nothing handling of one request. */
class CommitterTest {
  @TempDir Path dir;
  StoreFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new StoreFixture(dir);
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  @Test
  void aRequestWhoseSecondOperationFailsLeavesNothingBehind() throws Exception {
    Intent broken = new UserIntents.Simple("dave", context -> List.of(
        new Operation.AddUser("dave", StoreFixture.HASH, 1),
        new Operation.Subscribe("dave", "X", true),
        new Operation.Expunge("dave", "Nope", 2, List.of(new Operation.MessageRef(1, "b")))));
    long before = f.store.journal().lastSeq();
    assertThatThrownBy(() -> f.run(broken)).hasMessageContaining("Nope");
    assertThat(f.store.journal().lastSeq()).isEqualTo(before);
    assertThat(f.state.resolve("index/dave.db")).doesNotExist();
    assertThat(f.store.users().contains("dave")).isFalse();
    f.run(UserIntents.add("dave", StoreFixture.HASH));
    assertThat(f.store.users().contains("dave")).isTrue();
  }

  @Test
  void concurrentDeliveriesShareBatchesAndGetDistinctUids() throws Exception {
    f.run(UserIntents.add("alice", StoreFixture.HASH));
    List<CompletableFuture<List<JournalEntry>>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      SpooledMessage m = f.spool("message " + i + "\n");
      futures.add(f.store.submit(MessageIntents.deliver("alice", "INBOX", m, List.of(), 0)));
    }
    List<Long> uids = new ArrayList<>();
    for (CompletableFuture<List<JournalEntry>> future : futures) {
      uids.add(((Operation.Deliver) future.get().get(0).op()).uid());
    }
    assertThat(uids).doesNotHaveDuplicates().hasSize(200);
    assertThat(f.messages("alice", "INBOX")).hasSize(200);
  }

  @Test
  void aRefusedRequestInABatchDoesNotDisturbItsNeighbours() throws Exception {
    f.run(UserIntents.add("alice", StoreFixture.HASH));
    CompletableFuture<List<JournalEntry>> good1 =
        f.store.submit(MessageIntents.deliver("alice", "INBOX", f.spool("a\n"), List.of(), 0));
    CompletableFuture<List<JournalEntry>> bad =
        f.store.submit(MessageIntents.deliver("alice", "Missing", f.spool("b\n"), List.of(), 0));
    CompletableFuture<List<JournalEntry>> good2 =
        f.store.submit(MessageIntents.deliver("alice", "INBOX", f.spool("c\n"), List.of(), 0));
    assertThat(good1.get()).hasSize(1);
    assertThat(good2.get()).hasSize(1);
    assertThat(bad).isCompletedExceptionally();
    assertThat(f.messages("alice", "INBOX")).hasSize(2);
  }
}
