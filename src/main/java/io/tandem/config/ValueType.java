package io.tandem.config;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;

/**
 * How one kind of config value is read from text and printed back. Immutable and thread-safe.
 *
 * @param parser turns trimmed text into a value; throws {@link IllegalArgumentException} whose
 *     message is the operator-facing reason
 * @param printer the inverse of {@code parser}, so that {@link ApplianceConfig#describe()} output
 *     is itself a valid config file
 * @param order the ordering used for range checks, or null when the type has no ranges
 */
record ValueType<T>(Parser<T> parser, Function<T, String> printer, Comparator<T> order) {

  /** Reads a value; {@code baseDir} is the absolute directory of the config file. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(String text, Path baseDir);
  }

  T parse(String text, Path baseDir) {
    return parser.parse(text, baseDir);
  }

  String print(T value) {
    return printer.apply(value);
  }
}
