package io.tandem.hardware;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Hysteresis for conditions read again at every poll: a condition becomes active only after
 * {@code readings} polls in a row have shown it, and inactive only after as many polls in a row
 * have not, so a reading that flaps raises nothing and clears nothing. Pure state, one owner.
 */
final class Debouncer {
  private final int readings;
  private final Map<String, Integer> seen = new HashMap<>();
  private final Map<String, Integer> unseen = new HashMap<>();
  private final Set<String> active = new HashSet<>();

  Debouncer(int readings) {
    if (readings < 1) {
      throw new IllegalArgumentException("readings must be at least 1");
    }
    this.readings = readings;
  }

  /** Takes one poll's conditions; returns the keys active after it. */
  Set<String> poll(Collection<String> present) {
    Set<String> now = new HashSet<>(present);
    for (String key : now) {
      unseen.remove(key);
      if (seen.merge(key, 1, Integer::sum) >= readings) {
        active.add(key);
      }
    }
    for (String key : Set.copyOf(seen.keySet())) {
      if (!now.contains(key)) {
        seen.remove(key);
        if (active.contains(key)) {
          unseen.put(key, 0);
        }
      }
    }
    for (String key : Set.copyOf(unseen.keySet())) {
      if (!now.contains(key) && unseen.merge(key, 1, Integer::sum) >= readings) {
        unseen.remove(key);
        active.remove(key);
      }
    }
    return Set.copyOf(active);
  }
}
