package io.tandem.config;

import io.tandem.command.CommandWords;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** The kinds of value config keys take. Stateless and thread-safe. */
final class ValueTypes {
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+");
  private static final Pattern APPLIANCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");

  /** A whole number that fits an {@code int}. */
  static final ValueType<Integer> INT =
      new ValueType<Integer>(
          (text, dir) -> parseInt(text), n -> Integer.toString(n), Comparator.naturalOrder());

  /** Bytes, written as {@link Sizes} does. */
  static final ValueType<Long> SIZE =
      new ValueType<>((text, dir) -> Sizes.parse(text), Sizes::format, Comparator.naturalOrder());

  /** {@code true} or {@code false}. */
  static final ValueType<Boolean> BOOLEAN =
      new ValueType<>((text, dir) -> parseBoolean(text), b -> Boolean.toString(b), null);

  /** Written as {@link Durations} does. */
  static final ValueType<Duration> DURATION =
      new ValueType<>(
          (text, dir) -> Durations.parse(text), Durations::format, Comparator.naturalOrder());

  static final ValueType<ListenAddress> LISTEN =
      new ValueType<>((text, dir) -> ListenAddress.parse(text), ListenAddress::toString, null);

  /**
   * Another machine's address to connect to: written like a listen address, but with a real
   * port and host. A type of its own so that the listener clash checks leave it out.
   */
  static final ValueType<ListenAddress> PEER_ADDRESS =
      new ValueType<>((text, dir) -> parsePeerAddress(text), ListenAddress::toString, null);

  /** An absolute, normalized path; relative text is taken from the config file's directory. */
  static final ValueType<Path> PATH = new ValueType<>(ValueTypes::parsePath, Path::toString, null);

  static final ValueType<Role> ROLE =
      new ValueType<>((text, dir) -> Role.parse(text), Role::configName, null);

  static final ValueType<AckMode> ACK_MODE =
      choice(AckMode.values(), AckMode::configName);
  static final ValueType<UnreachablePolicy> UNREACHABLE_POLICY =
      choice(UnreachablePolicy.values(), UnreachablePolicy::configName);
  static final ValueType<HardwareMode> HARDWARE_MODE =
      choice(HardwareMode.values(), HardwareMode::configName);

  /**
   * A disk's place: a {@code /dev/disk/by-path/...} link (stable across reboots and re-plugs)
   * or a kernel name such as {@code sdb} or {@code nvme0n1}.
   */
  static final ValueType<String> DEVICE =
      new ValueType<>((text, dir) -> parseDevice(text), device -> device, null);

  /**
   * An external tool's command line ({@code ipmitool -I lanplus -H 10.0.0.2 ...}), split into
   * words like a shell splits plain words and quotes ({@link CommandWords}); never run through a
   * shell.
   */
  static final ValueType<List<String>> COMMAND =
      new ValueType<>((text, dir) -> CommandWords.split(text), CommandWords::join, null);

  /**
   * The appliance's name: it appears in maildir file names, the journal and alerts, so it is kept
   * to what a DNS label allows.
   */
  static final ValueType<String> APPLIANCE_NAME =
      new ValueType<>((text, dir) -> parseApplianceName(text), name -> name, null);

  static final ValueType<PlaintextAuth> PLAINTEXT_AUTH =
      choice(PlaintextAuth.values(), PlaintextAuth::configName);

  /** A list of user names separated by commas or spaces ({@code imap.proxy_users}). */
  static final ValueType<List<String>> USER_NAMES =
      new ValueType<>((text, dir) -> parseUserNames(text), names -> String.join(", ", names),
          null);

  private ValueTypes() {}

  private static List<String> parseUserNames(String text) {
    List<String> names = new java.util.ArrayList<>();
    for (String word : text.split("[,\\s]+")) {
      if (word.isEmpty()) {
        continue;
      }
      if (!io.tandem.store.Names.isValidUser(word)) {
        throw new IllegalArgumentException(Quoted.of(word) + " is not a user name (a-z, 0-9,"
            + " '-', '_' and single dots)");
      }
      names.add(word);
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("expected one or more user names, got "
          + Quoted.of(text));
    }
    return List.copyOf(names);
  }

  private static String parseDevice(String text) {
    String device = text.strip();
    boolean path = device.startsWith("/dev/") && !device.contains("/../")
        && device.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    boolean kernelName = device.matches("[a-z][a-z0-9]{1,31}");
    if (!path && !kernelName) {
      throw new IllegalArgumentException("expected a /dev/disk/by-path/... link or a kernel"
          + " disk name such as sdb or nvme0n1, got " + Quoted.of(text));
    }
    return device;
  }

  /** One of a few words, each naming a constant. */
  private static <E extends Enum<E>> ValueType<E> choice(E[] values,
      java.util.function.Function<E, String> word) {
    return new ValueType<>((text, dir) -> {
      for (E value : values) {
        if (word.apply(value).equals(text)) {
          return value;
        }
      }
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < values.length; i++) {
        expected.append(i == 0 ? "" : i == values.length - 1 ? " or " : ", ")
            .append('\'').append(word.apply(values[i])).append('\'');
      }
      throw new IllegalArgumentException("expected " + expected + ", got " + Quoted.of(text));
    }, word, null);
  }

  private static boolean parseBoolean(String text) {
    if (text.equals("true") || text.equals("false")) {
      return text.equals("true");
    }
    throw new IllegalArgumentException("expected 'true' or 'false', got " + Quoted.of(text));
  }

  private static int parseInt(String text) {
    if (!WHOLE_NUMBER.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "expected a whole number such as 100, got " + Quoted.of(text));
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected a whole number such as 100, got " + Quoted.of(text) + " (too large)");
    }
  }

  private static ListenAddress parsePeerAddress(String text) {
    ListenAddress address = ListenAddress.parse(text);
    if (address.port() == 0) {
      throw new IllegalArgumentException(
          "expected the partner's port (its replication.listen port), got " + Quoted.of(text)
              + " (port 0 cannot be connected to)");
    }
    if (address.isWildcard()) {
      throw new IllegalArgumentException(
          "expected the partner's host name or address, got " + Quoted.of(text)
              + " (a wildcard address cannot be connected to)");
    }
    return address;
  }

  private static Path parsePath(String text, Path baseDir) {
    if (text.startsWith("~")) {
      // The service does not run in a shell; a literal "~" directory would be a quiet surprise.
      throw new IllegalArgumentException(
          "expected an absolute path or one relative to this file ('~' is not expanded), got "
              + Quoted.of(text));
    }
    try {
      Path path = Path.of(text);
      // An absolute default (hardware.root = /) is parsed without a file to be relative to.
      return (path.isAbsolute() ? path : baseDir.resolve(path)).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("expected a path, got " + Quoted.of(text));
    }
  }

  private static String parseApplianceName(String text) {
    if (!APPLIANCE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "expected 1 to 63 letters, digits or '-', not starting with '-', got " + Quoted.of(text));
    }
    return text;
  }
}
