package io.tandem.journal;

import static io.tandem.journal.TestEntries.deliveries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalFeedTest {
  @TempDir Path dir;

  private static List<Long> seqs(List<JournalEntry> entries) {
    return entries.stream().map(JournalEntry::seq).toList();
  }

  @Test
  void givesTheEntriesAfterAPositionUpToTheLimit() throws Exception {
    JournalFeed feed = new JournalFeed(8, 0);
    feed.publish(deliveries(1, 5));

    assertThat(seqs(feed.after(2, 2, 0))).containsExactly(3L, 4L);
    assertThat(seqs(feed.after(0, 100, 0))).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(feed.after(5, 100, 0)).isEmpty();
  }

  @Test
  void entriesOlderThanItHoldsMustBeReadFromTheFiles() throws Exception {
    JournalFeed feed = new JournalFeed(4, 10);
    assertThat(feed.after(10, 10, 0)).isEmpty(); // nothing after the journal's end yet
    assertThat(feed.after(3, 10, 0)).isNull(); // written before this feed existed
    feed.publish(deliveries(11, 16));

    assertThat(feed.after(10, 10, 0)).isNull();
    assertThat(feed.after(11, 10, 0)).isNull();
    assertThat(seqs(feed.after(12, 10, 0))).containsExactly(13L, 14L, 15L, 16L);
  }

  @Test
  void aWaitingReaderWakesWhenEntriesArePublished() throws Exception {
    JournalFeed feed = new JournalFeed(8, 0);
    CompletableFuture<List<JournalEntry>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return feed.after(0, 10, TimeUnit.MINUTES.toMillis(1));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    feed.publish(deliveries(1, 1));
    assertThat(seqs(waiting.get(1, TimeUnit.MINUTES))).containsExactly(1L);
  }

  @Test
  void refusesAGap() {
    JournalFeed feed = new JournalFeed(8, 0);
    assertThatThrownBy(() -> feed.publish(deliveries(2, 3)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theJournalPublishesWhatItMadeDurable() throws Exception {
    try (Journal journal = Journal.open(dir, 1 << 20, Duration.ofSeconds(1))) {
      journal.append(deliveries(1, 3));
      assertThat(seqs(journal.feed().after(1, 10, 0))).containsExactly(2L, 3L);
    }
    try (Journal reopened = Journal.open(dir, 1 << 20, Duration.ofSeconds(1))) {
      assertThat(reopened.feed().lastSeq()).isEqualTo(3);
      assertThat(reopened.feed().after(0, 10, 0)).isNull();
    }
  }
}
