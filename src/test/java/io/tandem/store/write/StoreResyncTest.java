package io.tandem.store.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full resync that did not finish leaves an empty store, never a half-replaced one. */
class StoreResyncTest {
  @TempDir Path dir;
  StoreFixture fixture;

  @AfterEach
  void tearDown() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void anInterruptedResyncEmptiesTheStoreAtTheNextStart() throws Exception {
    fixture = new StoreFixture(dir);
    fixture.run(UserIntents.add("alice", StoreFixture.HASH));
    fixture.deliver("alice", "INBOX", "old copy\n");
    fixture.store.close();
    Files.writeString(fixture.state.resolve(StoreResync.MARKER), "under way\n");
    Files.createDirectories(fixture.root.resolve(".tandem-resync/alice/Maildir/new"));

    fixture.open();

    assertThat(fixture.store.users().names()).isEmpty();
    assertThat(fixture.store.journal().lastSeq()).isZero();
    assertThat(fixture.root.resolve("alice")).doesNotExist();
    assertThat(fixture.root.resolve(".tandem-resync")).doesNotExist();
    assertThat(fixture.state.resolve(StoreResync.MARKER)).doesNotExist();
    assertThat(fixture.state.resolve("index/alice.db")).doesNotExist();
    // And it works as an empty store again.
    long first = fixture.run(UserIntents.add("alice", StoreFixture.HASH)).get(0).seq();
    assertThat(first).isEqualTo(1);
  }

  @Test
  void withoutTheMarkerOnlyStagingLeftoversGo() throws Exception {
    fixture = new StoreFixture(dir);
    fixture.run(UserIntents.add("alice", StoreFixture.HASH));
    fixture.store.close();
    Files.createDirectories(fixture.state.resolve("resync"));
    Files.writeString(fixture.state.resolve("resync/bob.db"), "staged");

    fixture.open();

    assertThat(fixture.store.users().names()).containsExactly("alice");
    assertThat(fixture.state.resolve("resync")).doesNotExist();
  }
}
