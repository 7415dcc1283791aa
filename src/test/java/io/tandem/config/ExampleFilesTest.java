package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped examples must load, and the full one must document every key. */
class ExampleFilesTest {

  private static Path examples() {
    String project = System.getProperty("tandem.project");
    Path base = project != null ? Path.of(project) : Path.of("");
    return base.resolve("appliance-config").toAbsolutePath();
  }

  @Test
  void demoPrimaryLoads() throws ConfigException {
    Path dir = examples();
    ApplianceConfig config = ConfigLoader.load(dir.resolve("demo-primary.conf"));

    assertThat(config.appliance().name()).isEqualTo("demo-a");
    assertThat(config.role().initial()).isEqualTo(Role.PRIMARY);
    assertThat(config.store().root()).isEqualTo(dir.resolve("demo-a/mail"));
    assertThat(config.store().state()).isEqualTo(dir.resolve("demo-a/state"));
    assertThat(config.lmtp().listen()).isEqualTo(new ListenAddress("127.0.0.1", 2424));
    assertThat(config.admin().listen()).isEqualTo(new ListenAddress("127.0.0.1", 9925));
  }

  @Test
  void fullExampleLoadsAndSetsEveryKey() throws Exception {
    Path file = examples().resolve("full-example.conf");
    ConfigLoader.load(file);

    List<ConfigLine> lines = ConfigFileParser.parse(file.toString(), Files.readAllLines(file));
    // Every key, with the bays.N family shown by its first bays.
    assertThat(lines).extracting(ConfigLine::key).filteredOn(key -> !key.matches("bays\\.\\d+"))
        .containsExactlyInAnyOrderElementsOf(ConfigKeys.names().stream()
            .filter(key -> !key.matches("bays\\.\\d+")).toList());
    assertThat(lines).extracting(ConfigLine::key).contains("bays.1", "bays.2");
  }

  @Test
  void fullExampleCommentsGiveEachKeysDefault() throws Exception {
    List<String> text = Files.readAllLines(examples().resolve("full-example.conf"));
    for (int i = 0; i < text.size(); i++) {
      String line = text.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      StringBuilder comment = new StringBuilder();
      for (int j = i - 1; j >= 0 && text.get(j).startsWith("#"); j--) {
        comment.insert(0, text.get(j));
      }
      assertThat(comment.toString()).as(line).containsAnyOf("Default:", "Required.");
    }
  }
}
