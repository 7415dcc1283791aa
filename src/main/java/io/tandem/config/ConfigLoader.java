package io.tandem.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Loads and checks an {@code appliance.conf} once, at start-up, into an {@link ApplianceConfig}.
 * Stops at the first problem, reported as {@code FILE:LINE: reason}. Checks run in this order, so
 * the first problem reported is the first in its phase: the line format and duplicate keys for the
 * whole file; then, line by line, unknown keys, bad values and values out of range; then missing
 * required keys; then contradictions between keys. Stateless and thread-safe.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * Reads {@code file} (UTF-8) and {@linkplain #parse parses} it; relative paths in it are taken
   * from the file's directory.
   *
   * @throws ConfigException for any problem, including a file that cannot be read
   */
  public static ApplianceConfig load(Path file) throws ConfigException {
    String name = file.toString();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(name, 0, "no such file");
    } catch (CharacterCodingException e) {
      throw new ConfigException(name, 0, "not valid UTF-8 text");
    } catch (IOException e) {
      throw new ConfigException(name, 0, "cannot read: " + e);
    }
    return parse(name, lines, file.toAbsolutePath().getParent());
  }

  /**
   * Parses and checks the lines of a config file without touching the file system.
   *
   * @param fileName the name to put in messages, as the operator would recognize it
   * @param lines the file's lines, without line terminators
   * @param baseDir the directory relative paths are taken from (made absolute if it is not)
   * @throws ConfigException for the first problem found
   */
  public static ApplianceConfig parse(String fileName, List<String> lines, Path baseDir)
      throws ConfigException {
    Path base = baseDir.toAbsolutePath().normalize();
    ConfigValues values = new ConfigValues();
    for (ConfigLine line : ConfigFileParser.parse(fileName, lines)) {
      Key<?> key = ConfigKeys.find(line.key()).orElseThrow(() -> unknownKey(fileName, line));
      accept(fileName, key, line, base, values);
    }
    for (Key<?> key : ConfigKeys.ALL) {
      if (key.required() && !values.isSet(key)) {
        throw new ConfigException(fileName, 0, "missing required key '" + key.name() + "'");
      }
    }
    ConfigValidator.validate(fileName, values);
    return ApplianceConfig.from(values);
  }

  private static <T> void accept(
      String fileName, Key<T> key, ConfigLine line, Path base, ConfigValues values)
      throws ConfigException {
    T value;
    try {
      value = key.type().parse(line.value(), base);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(fileName, line.line(), key.name() + ": " + e.getMessage());
    }
    Optional<String> rangeProblem = key.rangeProblem(value);
    if (rangeProblem.isPresent()) {
      throw new ConfigException(
          fileName,
          line.line(),
          key.name() + ": " + rangeProblem.get() + ", got " + Quoted.of(line.value()));
    }
    values.put(key, value, line.line());
  }

  private static ConfigException unknownKey(String fileName, ConfigLine line) {
    String hint =
        Suggestions.closest(line.key(), ConfigKeys.names())
            .map(known -> " (did you mean '" + known + "'?)")
            .orElse("");
    return new ConfigException(
        fileName, line.line(), "unknown key " + Quoted.of(line.key()) + hint);
  }
}
