package io.tandem.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * One known config key: its name, value type, default and allowed range, and where its value
 * lives in {@link ApplianceConfig}. Immutable and thread-safe; the instances are in {@link
 * ConfigKeys}.
 *
 * @param required whether the file must set it
 * @param defaultValue used when the file does not set it; null for required keys, for keys
 *     whose default depends on another key, and for keys that may stay unset
 * @param min smallest allowed value, or null for no range
 * @param max largest allowed value, or null for no range
 * @param getter reads the effective value back, for {@link ApplianceConfig#describe()}
 */
record Key<T>(
    String name,
    ValueType<T> type,
    boolean required,
    T defaultValue,
    T min,
    T max,
    Function<ApplianceConfig, T> getter) {

  static <T> Key<T> required(String name, ValueType<T> type, Function<ApplianceConfig, T> getter) {
    return new Key<>(name, type, true, null, null, null, getter);
  }

  static <T> Key<T> optional(String name, ValueType<T> type, Function<ApplianceConfig, T> getter) {
    return new Key<>(name, type, false, null, null, null, getter);
  }

  /** Sets the default, written as in a config file; a default that does not parse is a bug. */
  Key<T> withDefault(String text) {
    return new Key<>(name, type, required, type.parse(text, null), min, max, getter);
  }

  /** Sets the inclusive range, written as in a config file. */
  Key<T> within(String minText, String maxText) {
    if (type.order() == null) {
      throw new IllegalStateException(name + ": its type has no order, so no range");
    }
    return new Key<>(
        name, type, required, defaultValue, type.parse(minText, null), type.parse(maxText, null),
        getter);
  }

  /** The reason a parsed value is out of range, such as {@code must be between 1 and 100}. */
  Optional<String> rangeProblem(T value) {
    boolean low = min != null && type.order().compare(value, min) < 0;
    boolean high = max != null && type.order().compare(value, max) > 0;
    if (low || high) {
      return Optional.of("must be between " + type.print(min) + " and " + type.print(max));
    }
    return Optional.empty();
  }

  /**
   * The effective value in {@code config}, printed as it would be written in a config file, or
   * empty when the key is unset and has no default.
   */
  Optional<String> describe(ApplianceConfig config) {
    return Optional.ofNullable(getter.apply(config)).map(type::print);
  }
}
