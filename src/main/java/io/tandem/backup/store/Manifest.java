package io.tandem.backup.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One backup run. A manifest without a parent is <em>full</em>: its additions are the whole store
 * as of the run. A manifest with a parent is a <em>delta</em>: the state as of the run is the
 * parent's state with this run's changes applied in order (ADR 0014). Immutable.
 *
 * @param runId the run's name, also its file name ({@code [A-Za-z0-9._-]+}, by convention the
 *     UTC start time {@code 20261201T021500Z})
 * @param time when the run took its snapshot of the journal
 * @param parent the run this one is a delta of, or empty for a full manifest
 * @param afterSeq the run covers the journal entries with {@code afterSeq < seq <= uptoSeq}
 * @param uptoSeq the last journal entry the state includes; the next run starts after it
 * @param changes the changes in journal order: a {@link MessageEntry} adds or replaces the
 *     message at its key, a {@link Deletion} removes it
 * @param accounts the object holding the users, folders and subscriptions as of the run
 *     ({@link AccountsSnapshot}), what a disaster restore recreates first; empty when the run
 *     did not record them
 */
public record Manifest(String runId, Instant time, Optional<String> parent, long afterSeq,
    long uptoSeq, List<Change> changes, Optional<String> accounts) {
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** Checks the fields and copies the changes. */
  public Manifest {
    requireRunId(runId);
    parent.ifPresent(Manifest::requireRunId);
    if (parent.isPresent() && parent.get().equals(runId)) {
      throw new IllegalArgumentException("a run cannot be its own parent: " + runId);
    }
    if (afterSeq < 0 || uptoSeq < afterSeq) {
      throw new IllegalArgumentException("bad seq range " + afterSeq + ".." + uptoSeq);
    }
    changes = List.copyOf(changes);
    accounts.ifPresent(io.tandem.util.Sha256::require);
  }

  /** A run that records no accounts snapshot. */
  public Manifest(String runId, Instant time, Optional<String> parent, long afterSeq,
      long uptoSeq, List<Change> changes) {
    this(runId, time, parent, afterSeq, uptoSeq, changes, Optional.empty());
  }

  /** Throws IllegalArgumentException unless {@code id} is a valid run id. */
  public static void requireRunId(String id) {
    if (id == null || !RUN_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a run id: " + id);
    }
  }

  /** Whether this manifest holds the whole state (no parent). */
  public boolean isFull() {
    return parent.isEmpty();
  }

  /** The run's fields and counts. */
  public RunInfo info() {
    long puts = changes.stream().filter(c -> c instanceof Change.Put).count();
    return new RunInfo(runId, time, parent, afterSeq, uptoSeq, accounts, puts,
        changes.size() - puts);
  }

  /** The messages added or changed by this run, in order. */
  public List<MessageEntry> added() {
    List<MessageEntry> out = new ArrayList<>();
    for (Change change : changes) {
      if (change instanceof Change.Put put) {
        out.add(put.entry());
      }
    }
    return out;
  }

  /** The deletions seen in this run, in order. */
  public List<Deletion> deletions() {
    List<Deletion> out = new ArrayList<>();
    for (Change change : changes) {
      if (change instanceof Change.Remove remove) {
        out.add(remove.deletion());
      }
    }
    return out;
  }

  /** One line of a manifest's body. */
  public sealed interface Change {
    /** The message at this key now is {@code entry} (a delivery, a copy target, new flags). */
    record Put(MessageEntry entry) implements Change {}

    /** The message at this key is gone. */
    record Remove(Deletion deletion) implements Change {}

    /** A put. */
    static Change put(MessageEntry entry) {
      return new Put(entry);
    }

    /** A removal. */
    static Change remove(MessageEntry entry, long deletedAtMs) {
      return new Remove(new Deletion(entry, deletedAtMs));
    }
  }
}
