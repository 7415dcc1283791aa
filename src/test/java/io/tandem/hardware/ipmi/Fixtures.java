package io.tandem.hardware.ipmi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The recorded ipmitool outputs in test-hardware/ipmi/recorded/psu (see its README). */
final class Fixtures {
  private Fixtures() {}

  static Path dir() {
    String project = System.getProperty("tandem.project");
    Path base = project != null ? Path.of(project) : Path.of("");
    return base.resolve("test-hardware/ipmi/recorded/psu").toAbsolutePath();
  }

  static String read(String name) {
    try {
      return Files.readString(dir().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
