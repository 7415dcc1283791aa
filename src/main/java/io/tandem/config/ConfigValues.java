package io.tandem.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The typed values of one file being loaded, each with the line that set it, so that cross-key
 * checks can point at a line. Used by one loading thread only, then dropped; not thread-safe.
 */
final class ConfigValues {
  private record Setting(Object value, int line) {}

  private final Map<String, Setting> settings = new HashMap<>();

  <T> void put(Key<T> key, T value, int line) {
    settings.put(key.name(), new Setting(value, line));
  }

  boolean isSet(Key<?> key) {
    return settings.containsKey(key.name());
  }

  /** The value set in the file, else the key's default, else empty. */
  @SuppressWarnings("unchecked") // put() only stores a T under a Key<T>'s name
  <T> Optional<T> find(Key<T> key) {
    Setting setting = settings.get(key.name());
    if (setting != null) {
      return Optional.of((T) setting.value());
    }
    return Optional.ofNullable(key.defaultValue());
  }

  /** Like {@link #find}, for keys that are required or have a default. */
  <T> T get(Key<T> key) {
    return find(key).orElseThrow(() -> new IllegalStateException(key.name() + " has no value"));
  }

  /** The 1-based line that set the key, or 0 when it has its default. */
  int line(Key<?> key) {
    Setting setting = settings.get(key.name());
    return setting == null ? 0 : setting.line();
  }

  /** Where the value came from, for messages: {@code line 4} or {@code the default}. */
  String origin(Key<?> key) {
    int line = line(key);
    return line > 0 ? "line " + line : "the default";
  }
}
