package io.tandem.hardware.smart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The smartctl outputs in test-hardware/smart/ (recorded and published; see its README). */
final class Fixtures {
  private Fixtures() {}

  static Path root() {
    String project = System.getProperty("tandem.project");
    Path base = project != null ? Path.of(project) : Path.of("");
    return base.resolve("test-hardware/smart").toAbsolutePath();
  }

  /** A fixture's text, by its path under test-hardware/smart ({@code recorded/x.json}). */
  static String read(String name) {
    try {
      return Files.readString(root().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every JSON fixture, as paths relative to test-hardware/smart. */
  static List<String> all() {
    try (Stream<Path> files = Files.walk(root())) {
      return files.filter(p -> p.toString().endsWith(".json"))
          .map(p -> root().relativize(p).toString().replace('\\', '/')).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
