package io.tandem.backup.store;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store as of a run: its chain's changes replayed in order, base first. What a point-in-time
 * restore delivers. Pure.
 */
public final class RunState {
  private RunState() {}

  /**
   * Replays a chain ({@link Manifests#chain}).
   *
   * @return every message present as of the last run, by place, in the order they were added
   * @throws IllegalArgumentException when the list is not a chain (a full base, then each run's
   *     parent right before it)
   */
  public static Map<MessageEntry.Key, MessageEntry> replay(List<Manifest> chain) {
    Map<MessageEntry.Key, MessageEntry> state = new LinkedHashMap<>();
    Manifest previous = null;
    for (Manifest run : chain) {
      boolean linked = previous == null
          ? run.isFull() : run.parent().filter(previous.runId()::equals).isPresent();
      if (!linked) {
        throw new IllegalArgumentException("not a chain at run " + run.runId());
      }
      for (Manifest.Change change : run.changes()) {
        if (change instanceof Manifest.Change.Put put) {
          state.put(put.entry().key(), put.entry());
        } else {
          state.remove(((Manifest.Change.Remove) change).deletion().entry().key());
        }
      }
      previous = run;
    }
    return state;
  }

  /** The messages of a replayed state. */
  public static Collection<MessageEntry> messages(List<Manifest> chain) {
    return replay(chain).values();
  }
}
