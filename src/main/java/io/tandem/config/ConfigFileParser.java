package io.tandem.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Splits the text of an {@code appliance.conf} into {@link ConfigLine}s; knows nothing about which
 * keys exist or what their values mean.
 *
 * <p>Format: {@code key = value}, split at the first {@code =}; surrounding whitespace is
 * trimmed; blank lines and lines whose first non-blank character is {@code #} are ignored; a
 * {@code #} that starts the value or follows whitespace starts a trailing comment. A key may
 * appear once. Stateless and thread-safe.
 */
final class ConfigFileParser {
  private static final char BOM = '\uFEFF';

  private ConfigFileParser() {}

  /**
   * Parses all lines, in order.
   *
   * @throws ConfigException at the first line that is not blank, a comment or {@code key = value},
   *     or that repeats a key
   */
  static List<ConfigLine> parse(String fileName, List<String> lines) throws ConfigException {
    List<ConfigLine> result = new ArrayList<>();
    Map<String, Integer> firstSeen = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      Optional<ConfigLine> parsed = parseLine(fileName, lineNo, withoutBom(lines.get(i)));
      if (parsed.isEmpty()) {
        continue;
      }
      String key = parsed.get().key();
      Integer first = firstSeen.putIfAbsent(key, lineNo);
      if (first != null) {
        throw new ConfigException(
            fileName, lineNo, "duplicate key '" + key + "' (first set at line " + first + ")");
      }
      result.add(parsed.get());
    }
    return List.copyOf(result);
  }

  /** Returns empty for a blank or comment line. */
  static Optional<ConfigLine> parseLine(String fileName, int lineNo, String raw)
      throws ConfigException {
    String text = raw.strip();
    if (text.isEmpty() || text.charAt(0) == '#') {
      return Optional.empty();
    }
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw new ConfigException(
          fileName, lineNo, "expected 'key = value', got " + Quoted.of(text));
    }
    String key = text.substring(0, eq).strip();
    String value = withoutComment(text.substring(eq + 1)).strip();
    if (key.isEmpty()) {
      throw new ConfigException(fileName, lineNo, "missing key before '='");
    }
    if (value.isEmpty()) {
      throw new ConfigException(fileName, lineNo, "empty value for '" + key + "'");
    }
    return Optional.of(new ConfigLine(lineNo, key, value));
  }

  /**
   * A {@code #} only starts a comment at the start of the value or after whitespace, so a value
   * such as {@code a#b} keeps its {@code #}.
   */
  private static String withoutComment(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) == '#' && (i == 0 || Character.isWhitespace(value.charAt(i - 1)))) {
        return value.substring(0, i);
      }
    }
    return value;
  }

  /** Some editors save a UTF-8 byte order mark; it must not become part of the first key. */
  private static String withoutBom(String line) {
    return !line.isEmpty() && line.charAt(0) == BOM ? line.substring(1) : line;
  }
}
