package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  static final Path BASE = Path.of("/etc/tandem");
  static final String MINIMAL =
      "appliance.name = box-a\nstore.root = /srv/mail\nstore.state = /var/lib/tandem\n";

  static ApplianceConfig parse(String text) throws ConfigException {
    return ConfigLoader.parse("appliance.conf", text.lines().toList(), BASE);
  }

  @Test
  void minimalFileGetsEveryDefault() throws ConfigException {
    ApplianceConfig config = parse(MINIMAL);

    assertThat(config.appliance().name()).isEqualTo("box-a");
    assertThat(config.role().initial()).isEqualTo(Role.PRIMARY);
    assertThat(config.store())
        .isEqualTo(
            new ApplianceConfig.Store(
                Path.of("/srv/mail"), Path.of("/var/lib/tandem"), 256L << 20));
    assertThat(config.users().file()).isEqualTo(Path.of("/var/lib/tandem/users"));
    assertThat(config.lmtp())
        .isEqualTo(
            new ApplianceConfig.Lmtp(
                new ListenAddress("127.0.0.1", 2424), 50L << 20, 100, 200, 50,
                Duration.ofMinutes(5), 10, 4096));
    assertThat(config.admin().listen()).isEqualTo(new ListenAddress("127.0.0.1", 9925));
    assertThat(config.journal())
        .isEqualTo(new ApplianceConfig.Journal(64L << 20, Duration.ofSeconds(1), 512, Duration.ofDays(7)));
    assertThat(config.index().cacheSize()).isEqualTo(256);
  }

  @Test
  void setValuesReplaceDefaults() throws ConfigException {
    ApplianceConfig config =
        parse(
            MINIMAL
                + "role.initial = replica\nlmtp.listen = [::1]:0  # any free port\n"
                + "lmtp.max_message_size = 10MiB\nlmtp.idle_timeout = 90s\n"
                + "journal.fsync_warn = 250ms\nindex.cache_size = 8\n");

    assertThat(config.role().initial()).isEqualTo(Role.REPLICA);
    assertThat(config.lmtp().listen()).isEqualTo(new ListenAddress("::1", 0));
    assertThat(config.lmtp().maxMessageSize()).isEqualTo(10L << 20);
    assertThat(config.lmtp().idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.journal().fsyncWarn()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.index().cacheSize()).isEqualTo(8);
  }

  @Test
  void relativePathsAreTakenFromTheConfigDirectory() throws ConfigException {
    ApplianceConfig config =
        parse("appliance.name = a\nstore.root = ./demo-a/mail\nstore.state = demo-a/state\n"
            + "users.file = ../users.txt");

    assertThat(config.store().root()).isEqualTo(Path.of("/etc/tandem/demo-a/mail"));
    assertThat(config.store().state()).isEqualTo(Path.of("/etc/tandem/demo-a/state"));
    assertThat(config.users().file()).isEqualTo(Path.of("/etc/users.txt"));
  }

  @Test
  void relativeBaseDirectoryIsMadeAbsolute() throws ConfigException {
    ApplianceConfig config =
        ConfigLoader.parse("x.conf", MINIMAL.replace("/srv/mail", "mail").lines().toList(),
            Path.of("conf"));
    assertThat(config.store().root()).isEqualTo(Path.of("conf/mail").toAbsolutePath());
  }

  @Test
  void unknownKeySuggestsTheClosestKnownOne() {
    String text = "# header\n\n" + MINIMAL + "\nlmtp.max_mesage_size = 10M\n";
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "appliance.conf:7: unknown key 'lmtp.max_mesage_size'"
                + " (did you mean 'lmtp.max_message_size'?)");
  }

  @Test
  void unknownKeyWithNothingCloseHasNoSuggestion() {
    assertThatThrownBy(() -> parse(MINIMAL + "colour.scheme = dark"))
        .hasMessage("appliance.conf:4: unknown key 'colour.scheme'");
  }

  @Test
  void keysAreCaseSensitiveButTheSuggestionHelps() {
    assertThatThrownBy(() -> parse("Appliance.Name = a"))
        .hasMessage(
            "appliance.conf:1: unknown key 'Appliance.Name' (did you mean 'appliance.name'?)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "lmtp.max_message_size = 50 apples | lmtp.max_message_size: expected a size such as 50M,"
            + " got '50 apples'",
        "lmtp.idle_timeout = 300 | lmtp.idle_timeout: expected a duration such as 30s, got '300'"
            + " (units are required: ms, s, m, h or d)",
        "lmtp.max_recipients = many | lmtp.max_recipients: expected a whole number such as 100,"
            + " got 'many'",
        "imap.header_cache = 32 megs | imap.header_cache: expected a size such as 50M,"
            + " got '32 megs'",
        "admin.listen = localhost | admin.listen: expected host:port such as 127.0.0.1:2424,"
            + " got 'localhost'",
        "role.initial = master | role.initial: expected 'primary' or 'replica', got 'master'",
        "users.file = ~/users | users.file: expected an absolute path or one relative to this file"
            + " ('~' is not expanded), got '~/users'",
      })
  void badValueSaysWhatWasExpectedAndWhatWasGiven(String line, String reason) {
    assertThatThrownBy(() -> parse(MINIMAL + line))
        .hasMessage("appliance.conf:4: " + reason);
  }

  @Test
  void badApplianceNameIsReportedAtItsLine() {
    assertThatThrownBy(() -> parse("appliance.name = -a"))
        .hasMessage(
            "appliance.conf:1: appliance.name: expected 1 to 63 letters, digits or '-',"
                + " not starting with '-', got '-a'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "lmtp.max_message_size = 3G | must be between 1K and 2G, got '3G'",
        "lmtp.max_message_size = 1023 | must be between 1K and 2G, got '1023'",
        "lmtp.max_recipients = 0 | must be between 1 and 10000, got '0'",
        "lmtp.max_recipients = -1 | must be between 1 and 10000, got '-1'",
        "lmtp.max_connections = 100001 | must be between 1 and 100000, got '100001'",
        "lmtp.max_connections_per_ip = 0 | must be between 1 and 100000, got '0'",
        "lmtp.idle_timeout = 2h | must be between 1s and 1h, got '2h'",
        "lmtp.idle_timeout = 999ms | must be between 1s and 1h, got '999ms'",
        "lmtp.max_invalid_commands = 1001 | must be between 1 and 1000, got '1001'",
        "lmtp.max_line_length = 100 | must be between 512 and 1M, got '100'",
        "journal.segment_size = 5G | must be between 64K and 4G, got '5G'",
        "journal.fsync_warn = 0s | must be between 1ms and 10m, got '0s'",
        "journal.max_batch = 0 | must be between 1 and 100000, got '0'",
        "index.cache_size = 7 | must be between 8 and 100000, got '7'",
        "imap.header_cache = 2G | must be between 0 and 1G, got '2G'",
      })
  void outOfRangeValueNamesTheRange(String line, String reason) {
    String key = line.substring(0, line.indexOf(' '));
    assertThatThrownBy(() -> parse(MINIMAL + line))
        .hasMessage("appliance.conf:4: " + key + ": " + reason);
  }

  @Test
  void headerCacheOfZeroTurnsItOff() throws ConfigException {
    assertThat(parse(MINIMAL).imap().headerCache()).isEqualTo(32L << 20);
    assertThat(parse(MINIMAL + "imap.header_cache = 0").imap().headerCache()).isZero();
    assertThat(parse(MINIMAL + "imap.header_cache = 1G").imap().headerCache()).isEqualTo(1L << 30);
  }

  @Test
  void rangeBoundsAreInclusive() throws ConfigException {
    ApplianceConfig config =
        parse(MINIMAL + "lmtp.max_message_size = 2G\nlmtp.max_recipients = 1\n"
            + "lmtp.idle_timeout = 1h\nlmtp.max_line_length = 512\n");
    assertThat(config.lmtp().maxMessageSize()).isEqualTo(2L << 30);
    assertThat(config.lmtp().maxLineLength()).isEqualTo(512);
  }

  @ParameterizedTest
  @CsvSource({"appliance.name", "store.root", "store.state"})
  void missingRequiredKeyHasNoLine(String key) {
    String text =
        MINIMAL.lines().filter(line -> !line.startsWith(key)).reduce("", (a, b) -> a + b + "\n");
    assertThatThrownBy(() -> parse(text))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.line()).isZero())
        .hasMessage("appliance.conf: missing required key '" + key + "'");
  }

  @Test
  void emptyFileMissesTheFirstRequiredKey() {
    assertThatThrownBy(() -> parse("# nothing\n"))
        .hasMessage("appliance.conf: missing required key 'appliance.name'");
  }

  @Test
  void lineFormatProblemsAreFoundBeforeValueProblems() {
    assertThatThrownBy(() -> parse("lmtp.listne = 1\nappliance.name = a\nappliance.name = b"))
        .hasMessage("appliance.conf:3: duplicate key 'appliance.name' (first set at line 2)");
  }

  @Test
  void valueProblemsAreFoundInLineOrder() {
    assertThatThrownBy(() -> parse("lmtp.max_recipients = 0\nlmtp.listne = 1"))
        .hasMessageStartingWith("appliance.conf:1: lmtp.max_recipients:");
  }

  @Test
  void loadReadsTheFileAndResolvesPathsFromItsDirectory(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("appliance.conf");
    Files.writeString(file, "appliance.name = a\nstore.root = mail\nstore.state = state\n");

    ApplianceConfig config = ConfigLoader.load(file);

    assertThat(config.store().root()).isEqualTo(dir.resolve("mail").toAbsolutePath());
    assertThat(config.users().file()).isEqualTo(dir.resolve("state/users").toAbsolutePath());
  }

  @Test
  void loadNamesTheFileAsGiven(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.write(file, List.of("appliance.name = a", "store.root"));
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .hasMessage(file + ":2: expected 'key = value', got 'store.root'");
  }

  @Test
  void loadReportsAMissingFile(@TempDir Path dir) {
    Path file = dir.resolve("none.conf");
    assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessage(file + ": no such file");
  }

  @Test
  void loadReportsTextThatIsNotUtf8(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.conf");
    Files.write(file, new byte[] {'a', ' ', '=', ' ', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessage(file + ": not valid UTF-8 text");
  }
}
