package io.tandem.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.backup.store.Manifest;
import io.tandem.backup.store.Manifests;
import io.tandem.backup.store.RunInfo;
import io.tandem.store.write.MailboxIntents;
import io.tandem.store.write.UserIntents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADR 0021: a full run holds one user's entries at a time (the heap bound that lets a million
 * messages back up in the service's 256 MiB), and what it writes user by user reads back as one
 * run, the same one the catalog then takes in. Counted through the run's planning hook, never
 * by timing or by measuring the heap.
 */
class BackupStreamingTest {
  @TempDir
  Path dir;

  @Test
  void aFullRunPlansUserByUserAndWritesOneManifest() throws Exception {
    try (BackupFixture f = new BackupFixture(dir, "alpha", dir.resolve("target"), "")) {
      int[] counts = {5, 3, 2};
      for (int u = 0; u < counts.length; u++) {
        f.run(UserIntents.add("user" + u, BackupFixture.HASH));
        f.run(MailboxIntents.create("user" + u, "Work"));
        for (int i = 0; i < counts[u]; i++) {
          f.deliver("user" + u, i % 2 == 0 ? "INBOX" : "Work", "Subject: " + u + "/" + i + "\n\nbody "
              + u + "/" + i + "\n");
        }
      }

      List<Integer> parts = new ArrayList<>();
      RunResult full = run(f, true, parts);

      assertThat(parts).as("one part a user, each with that user's messages only")
          .containsExactly(5, 3, 2);
      assertThat(full.puts()).isEqualTo(10);
      Manifests manifests = new Manifests(f.target);
      RunInfo info = manifests.info(full.runId());
      assertThat(info.isFull()).isTrue();
      assertThat(info.puts()).isEqualTo(10);
      Manifest whole = manifests.read(full.runId());
      assertThat(whole.added()).extracting(e -> e.user() + "/" + e.mailbox() + "/" + e.uid())
          .startsWith("user0/INBOX/1", "user0/INBOX/2", "user0/INBOX/3", "user0/Work/1")
          .endsWith("user2/INBOX/1", "user2/Work/1");

      // The nightly run after it is one part: what the journal touched.
      f.deliver("user1", "INBOX", "Subject: late\n\nlate\n");
      f.clock.advance(Duration.ofHours(1));
      parts.clear();
      RunResult nightly = run(f, false, parts);
      assertThat(nightly.full()).isFalse();
      assertThat(parts).containsExactly(1);
    }
  }

  private static RunResult run(BackupFixture f, boolean full, List<Integer> parts)
      throws Exception {
    try (Catalog catalog = Catalog.open(f.dir.resolve("test-catalog.db"))) {
      return new BackupRun(f.config.backup(), f.store, catalog, f.clock, (e, file, sha) -> { },
          new RunCounters()).onPlanned(parts::add)
          .run(full, f.config.store().root(), f.config.store().state());
    }
  }
}
