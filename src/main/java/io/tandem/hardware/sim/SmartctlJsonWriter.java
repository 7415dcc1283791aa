package io.tandem.hardware.sim;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a tree of maps (in insertion order), lists, strings, numbers and booleans the way
 * smartctl's {@code -j} does: two spaces per level, {@code "key": value}, every array element
 * and object member on a line of its own, a newline at the end.
 */
final class SmartctlJsonWriter {
  private SmartctlJsonWriter() {}

  static String write(Map<String, ?> root) {
    StringBuilder out = new StringBuilder();
    value(out, root, 0);
    return out.append('\n').toString();
  }

  private static void value(StringBuilder out, Object value, int depth) {
    if (value instanceof Map<?, ?> map) {
      object(out, map, depth);
    } else if (value instanceof List<?> list) {
      array(out, list, depth);
    } else if (value instanceof String text) {
      string(out, text);
    } else {
      out.append(value);
    }
  }

  private static void object(StringBuilder out, Map<?, ?> map, int depth) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append("{\n");
    int left = map.size();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      indent(out, depth + 1);
      string(out, String.valueOf(entry.getKey()));
      out.append(": ");
      value(out, entry.getValue(), depth + 1);
      out.append(--left > 0 ? ",\n" : "\n");
    }
    indent(out, depth);
    out.append('}');
  }

  private static void array(StringBuilder out, List<?> list, int depth) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append("[\n");
    for (int i = 0; i < list.size(); i++) {
      indent(out, depth + 1);
      value(out, list.get(i), depth + 1);
      out.append(i < list.size() - 1 ? ",\n" : "\n");
    }
    indent(out, depth);
    out.append(']');
  }

  private static void string(StringBuilder out, String text) {
    out.append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void indent(StringBuilder out, int depth) {
    out.append("  ".repeat(depth));
  }
}
