package io.tandem.backup.store;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store as of a run: its chain's changes replayed in order, base first. What a point-in-time
 * restore delivers, and what retention keeps for each restorable run. A state can be carried on
 * from one run to the next delta of it, so that walking a chain's runs in order replays each
 * change once (retention looks at every restorable run of a chain). Not thread-safe.
 */
public final class RunState {
  private final Map<MessageEntry.Key, MessageEntry> state = new LinkedHashMap<>();
  private Manifest last;

  /** The empty state before a chain's full run. */
  public RunState() {}

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

  /** The messages of a replayed state. */
  public static Collection<MessageEntry> messages(List<Manifest> chain) {
    return replay(chain).values();
  }

  /**
   * Whether {@code run} is the next link: a full run on the empty state, or a delta of the run
   * applied last.
   */
  public boolean follows(Manifest run) {
    return last == null ? run.isFull() : run.parent().filter(last.runId()::equals).isPresent();
  }

  /**
   * Applies {@code run}'s changes: the state becomes the one as of {@code run}.
   *
   * @throws IllegalArgumentException when it does not {@linkplain #follows follow}
   */
  public RunState apply(Manifest run) {
    if (!follows(run)) {
      throw new IllegalArgumentException("not a chain at run " + run.runId());
    }
    for (Manifest.Change change : run.changes()) {
      if (change instanceof Manifest.Change.Put put) {
        state.put(put.entry().key(), put.entry());
      } else {
        state.remove(((Manifest.Change.Remove) change).deletion().entry().key());
      }
    }
    last = run;
    return this;
  }

  /** The messages present as of the run applied last, by place (a read-only view). */
  public Map<MessageEntry.Key, MessageEntry> messages() {
    return Collections.unmodifiableMap(state);
  }
}
