package io.tandem.admin;

import io.tandem.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code <store.state>/admin.address}: where the running service's admin API listens, written at
 * start and removed at a clean stop. The CLI reads it when {@code admin.listen} asks for port 0
 * (tests and several appliances on one machine), since the config alone cannot say the port.
 */
public final class AdminAddressFile {
  private static final String NAME = "admin.address";

  private AdminAddressFile() {}

  public static void write(Path stateDir, String host, int port) throws IOException {
    AtomicFiles.write(stateDir.resolve(NAME),
        (host + ":" + port + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  public static void remove(Path stateDir) {
    try {
      Files.deleteIfExists(stateDir.resolve(NAME));
    } catch (IOException e) {
      // A stale file only costs the CLI a refused connection; it then works offline.
    }
  }

  /** The recorded port, if the file exists and is readable. */
  public static Optional<Integer> port(Path stateDir) {
    try {
      String text = Files.readString(stateDir.resolve(NAME), StandardCharsets.US_ASCII).strip();
      return Optional.of(Integer.parseInt(text.substring(text.lastIndexOf(':') + 1)));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
