package io.tandem.hardware;

import io.tandem.alert.Alerts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns each poll's {@link HardwareConditions} into alerts, through a {@link Debouncer}: raised
 * after {@code hardware.debounce} readings in a row, cleared after as many without; while one
 * is open its message and severity follow the latest reading (a degraded array that starts to
 * rebuild becomes a warning at once). One owner: the monitor's thread.
 */
final class HardwareAlerts {
  private final Alerts alerts;
  private final Debouncer debouncer;
  private final Map<String, HardwareConditions.Condition> last = new HashMap<>();
  private Set<String> open = Set.of();

  HardwareAlerts(Alerts alerts, int debounce) {
    this.alerts = alerts;
    this.debouncer = new Debouncer(debounce);
  }

  void update(List<HardwareConditions.Condition> conditions) {
    for (HardwareConditions.Condition condition : conditions) {
      last.put(condition.key(), condition);
    }
    Set<String> active = debouncer.poll(conditions.stream()
        .map(HardwareConditions.Condition::key).toList());
    for (String key : active) {
      HardwareConditions.Condition condition = last.get(key);
      alerts.raise(key, condition.severity(), "hardware", condition.message());
    }
    for (String key : open) {
      if (!active.contains(key)) {
        alerts.clear(key);
        last.remove(key);
      }
    }
    open = active;
  }
}
