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
    return out.toString();
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
