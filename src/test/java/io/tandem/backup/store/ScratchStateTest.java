package io.tandem.backup.store;

import static io.tandem.backup.store.ManifestsTest.delta;
import static io.tandem.backup.store.ManifestsTest.entry;
import static io.tandem.backup.store.ManifestsTest.full;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disaster restore's replayed state out of the heap (ADR 0021). */
class ScratchStateTest {
  @TempDir Path target;
  @TempDir Path scratch;

  @Test
  void aReplayedChainReadsBackAsTheInHeapStateUserByUserFolderByFolderByUid() throws Exception {
    // A folder name above the BMP sorts before U+FFFD in Java (UTF-16) but after it in SQLite
    // (UTF-8 bytes): the restore's order is Java's.
    String emoji = "Odd \uD83D\uDE00";
    String high = "Odd \uFFFD";
    Manifests manifests = new Manifests(target);
    manifests.write(full("r1", "2026-12-01T02:00:00Z",
        entry("bob", "INBOX", 2, "b2"), entry("bob", "INBOX", 10, "b10", "\\Seen", "$Work"),
        entry("alice", high, 1, "ah"), entry("alice", emoji, 1, "ae"),
        entry("alice", "INBOX", 1, "a1"), entry("alice", "INBOX", 3, "a3")));
    manifests.write(delta("r2", "2026-12-02T02:00:00Z", "r1",
        Manifest.Change.remove(entry("alice", "INBOX", 1, "a1"), 1_764_000_000_000L),
        Manifest.Change.put(entry("alice", "INBOX", 3, "a3", "\\Flagged")),
        Manifest.Change.put(entry("bob", "INBOX", 11, "b11"))));

    List<MessageEntry> expected = new ArrayList<>(RunState.replay(manifests, "r2", key -> true)
        .values());
    expected.sort(Comparator.comparing(MessageEntry::user).thenComparing(MessageEntry::mailbox)
        .thenComparingLong(MessageEntry::uid));
    List<MessageEntry> read = new ArrayList<>();
    try (ScratchState state = ScratchState.replay(manifests, "r2", scratch)) {
      assertThat(state.mailboxes("alice")).containsExactly("INBOX", emoji, high);
      assertThat(state.mailboxes("carol")).isEmpty();
      for (String user : List.of("alice", "bob")) {
        for (String mailbox : state.mailboxes(user)) {
          state.forEachIn(user, mailbox, read::add);
        }
      }
      assertThat(scratch).isNotEmptyDirectory();
    }
    assertThat(read).isEqualTo(expected).hasSize(6);
    assertThat(read.get(0)).isEqualTo(entry("alice", "INBOX", 3, "a3", "\\Flagged"));
    assertThat(scratch).isEmptyDirectory();
  }

  @Test
  void aStaleRestoreFileIsCleanedLikeRetentions() throws Exception {
    Files.writeString(scratch.resolve("restore-1.db"), "");
    Files.writeString(scratch.resolve("retention-2.db"), "");
    Files.writeString(scratch.resolve("catalog.db"), "");

    Retention.cleanScratch(scratch);

    try (var files = Files.list(scratch)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("catalog.db");
    }
  }
}
