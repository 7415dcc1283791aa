package io.tandem.admin;

import java.util.List;
import java.util.Map;

/**
 * The status as metrics in the Prometheus text format ({@code GET /api/metrics}): every number
 * and yes/no of the status JSON, named by its path ({@code replication.lag_ms} becomes {@code
 * tandem_replication_lag_ms}), and the length of each list ({@code tandem_alerts_count}). One
 * source of truth: a new status field is a new metric without further code.
 */
public final class MetricsFormat {
  private MetricsFormat() {}

  /** The exposition text of a status map. */
  public static String of(Map<String, Object> status) {
    StringBuilder out = new StringBuilder();
    write(out, "tandem", status);
    labelled(out, status);
    return out.toString();
  }

  /**
   * The hardware lists as labelled gauges, one series per array, disk and power supply, the
   * state word as a label with value 1 (Prometheus' way of exposing an enum).
   */
  private static void labelled(StringBuilder out, Map<String, Object> status) {
    for (Map<?, ?> array : maps(status.get("arrays"))) {
      String labels = label("array", array.get("name"));
      series(out, "tandem_array_state", labels + "," + label("state", array.get("state")), 1);
      if (array.get("sync") instanceof Map<?, ?> sync && sync.get("percent") instanceof Number p) {
        series(out, "tandem_array_sync_percent", labels, p);
      }
    }
    for (Map<?, ?> disk : maps(status.get("disks"))) {
      String labels = label("bay", disk.get("bay")) + "," + label("serial", disk.get("serial"))
          + "," + label("device", disk.get("device"));
      series(out, "tandem_disk_health", labels + "," + label("health", disk.get("health")), 1);
      if (disk.get("temperature_c") instanceof Number t) {
        series(out, "tandem_disk_temperature_celsius", labels, t);
      }
    }
    for (Map<?, ?> psu : maps(status.get("psus"))) {
      series(out, "tandem_psu_state", label("psu", psu.get("id")) + ","
          + label("state", psu.get("state")), 1);
    }
  }

  private static List<Map<?, ?>> maps(Object list) {
    if (!(list instanceof List<?> items)) {
      return List.of();
    }
    List<Map<?, ?>> maps = new java.util.ArrayList<>();
    for (Object item : items) {
      if (item instanceof Map<?, ?> map) {
        maps.add(map);
      }
    }
    return maps;
  }

  private static void series(StringBuilder out, String name, String labels, Number value) {
    out.append(name).append('{').append(labels).append("} ").append(value).append('\n');
  }

  /** {@code name="value"}, the value escaped as the exposition format asks. */
  private static String label(String name, Object value) {
    String text = String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"")
        .replace("\n", "\\n");
    return name + "=\"" + text + "\"";
  }

  private static void write(StringBuilder out, String prefix, Map<?, ?> map) {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String name = prefix + "_" + sanitize(String.valueOf(entry.getKey()));
      Object value = entry.getValue();
      if (value instanceof Map<?, ?> nested) {
        write(out, name, nested);
      } else if (value instanceof Number number) {
        gauge(out, name, number.toString());
      } else if (value instanceof Boolean yes) {
        gauge(out, name, yes ? "1" : "0");
      } else if (value instanceof List<?> list) {
        gauge(out, name + "_count", Integer.toString(list.size()));
      }
    }
  }

  private static void gauge(StringBuilder out, String name, String value) {
    out.append("# TYPE ").append(name).append(" gauge\n")
        .append(name).append(' ').append(value).append('\n');
  }

  private static String sanitize(String key) {
    return key.replaceAll("[^a-zA-Z0-9_]", "_");
  }
}
