package io.tandem.hardware.smart;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Tolerant reads from a JSON tree: a key that is missing, null or of another type gives null,
 * never an exception, because smartctl's keys come and go between releases (the notes' "parse
 * with a tolerant tree reader, never with strict data binding").
 */
final class JsonTree {
  private JsonTree() {}

  /** The node at {@code path} (a missing node when any step is absent). */
  static JsonNode at(JsonNode node, String... path) {
    JsonNode here = node;
    for (String key : path) {
      here = here.path(key);
    }
    return here;
  }

  /** An integral number that fits a long, or null. */
  static Long longAt(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    return value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : null;
  }

  /** An integral number that fits an int, or null. */
  static Integer intAt(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    return value.isIntegralNumber() && value.canConvertToInt() ? value.intValue() : null;
  }

  /** A string, or null. */
  static String textAt(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    return value.isTextual() ? value.textValue() : null;
  }

  /** A boolean, or null. */
  static Boolean boolAt(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    return value.isBoolean() ? value.booleanValue() : null;
  }

  /** A non-negative count, 0 when absent. */
  static long countAt(JsonNode node, String... path) {
    Long value = longAt(node, path);
    return value == null ? 0 : Math.max(0, value);
  }
}
