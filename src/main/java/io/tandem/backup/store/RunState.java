package io.tandem.backup.store;

import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The store as of a run, or the part of it a restore asks for: its chain's changes replayed in
 * order, base first. What a point-in-time restore delivers. The whole state of a large store
 * does not fit the service's heap (ADR 0021): a restore of one user replays with a filter that
 * keeps only that user's messages, and retention replays out of heap ({@link ScratchState}).
 * Not thread-safe.
 */
public final class RunState {
  private final Map<MessageEntry.Key, MessageEntry> state = new LinkedHashMap<>();
  private final Predicate<MessageEntry.Key> keep;
  private Optional<String> last = Optional.empty();

  /** The empty state before a chain's full run, keeping every message. */
  public RunState() {
    this(key -> true);
  }

  /** The empty state before a chain's full run, keeping only the messages {@code keep} wants. */
  public RunState(Predicate<MessageEntry.Key> keep) {
    this.keep = keep;
  }

  /**
   * Replays a chain ({@link Manifests#chain}).
   *
   * @return every message present as of the last run, by place, in the order they were added
   * @throws IllegalArgumentException when the list is not a chain (a full base, then each run's
   *     parent right before it)
   */
  public static Map<MessageEntry.Key, MessageEntry> replay(List<Manifest> chain) {
    RunState state = new RunState();
    chain.forEach(state::apply);
    return state.messages();
  }

  /**
   * Replays the chain of run {@code runId} from its files, streaming, keeping what {@code keep}
   * wants.
   */
  public static Map<MessageEntry.Key, MessageEntry> replay(Manifests manifests, String runId,
      Predicate<MessageEntry.Key> keep) throws IOException {
    RunState state = new RunState(keep);
    for (RunInfo link : manifests.chainInfo(runId)) {
      state.check(link.runId(), link.isFull(), link.parent());
      manifests.changes(link.runId(), state::change);
      state.last = Optional.of(link.runId());
    }
    return state.messages();
  }

  /** The messages of a replayed state. */
  public static Collection<MessageEntry> messages(List<Manifest> chain) {
    return replay(chain).values();
  }

  /**
   * Applies {@code run}'s changes: the state becomes the one as of {@code run}.
   *
   * @throws IllegalArgumentException when it is not the next link: a full run on the empty
   *     state, or a delta of the run applied last
   */
  public RunState apply(Manifest run) {
    check(run.runId(), run.isFull(), run.parent());
    run.changes().forEach(this::change);
    last = Optional.of(run.runId());
    return this;
  }

  private void check(String runId, boolean full, Optional<String> parent) {
    boolean follows = last.isEmpty() ? full : parent.equals(last);
    if (!follows) {
      throw new IllegalArgumentException("not a chain at run " + runId);
    }
  }

  private void change(Manifest.Change change) {
    if (change instanceof Manifest.Change.Put put) {
      if (keep.test(put.entry().key())) {
        state.put(put.entry().key(), put.entry());
      }
    } else {
      state.remove(((Manifest.Change.Remove) change).deletion().entry().key());
    }
  }

  /** The messages present as of the run applied last, by place (a read-only view). */
  public Map<MessageEntry.Key, MessageEntry> messages() {
    return Collections.unmodifiableMap(state);
  }
}
