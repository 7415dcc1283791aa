package io.tandem.backup.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A run without its changes: what listing, chains, retention and the choice of a run to restore
 * need, read from a manifest whose whole content was checked (ADR 0021). A full manifest holds a
 * line per message, a million at the specified scale: these code paths keep only this and stream
 * the changes when they need them ({@link Manifests#changes}).
 *
 * @param runId the run
 * @param time when the run took its snapshot of the journal
 * @param parent the run this one is a delta of, or empty for a full manifest
 * @param afterSeq the run covers the journal entries with {@code afterSeq < seq <= uptoSeq}
 * @param uptoSeq the last journal entry the state includes
 * @param accounts the accounts snapshot object, if the run recorded one
 * @param puts how many messages the run adds or changes
 * @param deletions how many deletions it records
 */
public record RunInfo(String runId, Instant time, Optional<String> parent, long afterSeq,
    long uptoSeq, Optional<String> accounts, long puts, long deletions) {

  /** Whether the run holds the whole state (no parent). */
  public boolean isFull() {
    return parent.isEmpty();
  }
}
