package io.tandem.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes journal segments nobody needs any more: every entry in them is at or below what all
 * consumers have passed ({@code consumedThrough}: the checkpoint, and on a primary the replica's
 * acknowledgement) and they are older than the safety window {@code journal.keep}, which keeps
 * the recent past for a returning old primary, an investigation or a rebuild. Run periodically;
 * a failure is logged and tried again next time.
 */
public final class JournalPruner implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(JournalPruner.class);

  private final Journal journal;
  private final LongSupplier consumedThrough;
  private final Duration keep;
  private final Clock clock;

  /**
   * @param consumedThrough the highest seq every consumer has made durable; negative while one
   *     of them is unknown (then nothing is pruned)
   */
  public JournalPruner(Journal journal, LongSupplier consumedThrough, Duration keep,
      Clock clock) {
    this.journal = journal;
    this.consumedThrough = consumedThrough;
    this.keep = keep;
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      pruneNow();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Pruning the journal failed: {}; tried again later", e.toString());
    }
  }

  /** Prunes what may go now ({@code tandem journal prune}); returns the files deleted. */
  public List<Path> pruneNow() throws IOException {
    long seq = consumedThrough.getAsLong();
    if (seq <= 0) {
      return List.of();
    }
    List<Path> deleted = journal.pruneThrough(seq, clock.instant().minus(keep));
    if (!deleted.isEmpty()) {
      LOG.info("Pruned {} journal segment(s) up to seq {} (every consumer has them and they"
          + " are older than journal.keep = {}); the journal now starts at seq {}",
          deleted.size(), journal.firstSeq() - 1, keep, journal.firstSeq());
    }
    return deleted;
  }
}
