package io.tandem.alert;

import io.tandem.alert.Alert.Severity;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open alerts of this appliance. Raising an alert that is already open with the same
 * severity only updates its message (which may carry a growing number: "down for 12 s") and
 * logs nothing, so a condition seen on every poll is one alert, not a storm; a change of
 * severity is logged once more. Clearing logs the end of the condition. Thread-safe.
 */
public final class Alerts {
  private static final Logger LOG = LoggerFactory.getLogger("io.tandem.alert");

  private final Clock clock;
  private final Map<String, Alert> open = new LinkedHashMap<>();

  public Alerts(Clock clock) {
    this.clock = clock;
  }

  /**
   * Opens (or updates) the alert {@code id}; returns true when it was logged (newly open, or
   * its severity changed).
   */
  public synchronized boolean raise(String id, Severity severity, String source, String message) {
    Alert current = open.get(id);
    open.put(id, new Alert(id, severity, source,
        message, current != null ? current.since() : clock.instant()));
    if (current != null && current.severity() == severity) {
      return false;
    }
    if (severity == Severity.CRITICAL) {
      LOG.error("ALERT {} [{}]: {}", id, source, message);
    } else {
      LOG.warn("ALERT {} [{}]: {}", id, source, message);
    }
    return true;
  }

  /** Closes the alert {@code id} if it is open; returns true when it was. */
  public synchronized boolean clear(String id) {
    Alert closed = open.remove(id);
    if (closed != null) {
      LOG.info("CLEARED {} [{}]: the condition raised at {} is over", id, closed.source(),
          closed.since());
    }
    return closed != null;
  }

  /** Whether the alert {@code id} is open. */
  public synchronized boolean isOpen(String id) {
    return open.containsKey(id);
  }

  /** The open alerts, most severe first, then oldest first. */
  public synchronized List<Alert> open() {
    return open.values().stream()
        .sorted(Comparator.comparing(Alert::severity).reversed()
            .thenComparing(Alert::since))
        .toList();
  }
}
