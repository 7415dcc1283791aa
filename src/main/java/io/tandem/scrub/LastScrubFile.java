package io.tandem.scrub;

import io.tandem.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code <store.state>/scrub-last}: when the last whole-store scrub finished (ISO-8601), so the
 * schedule survives restarts: a service restarted daily still scrubs every {@code
 * scrub.interval}.
 */
final class LastScrubFile {
  private final Path file;

  LastScrubFile(Path stateDir) {
    this.file = stateDir.resolve("scrub-last");
  }

  /** The recorded time; empty when there is none (or it cannot be read: scrub again). */
  Optional<Instant> read() {
    try {
      return Optional.of(Instant.parse(Files.readString(file, StandardCharsets.US_ASCII)
          .strip()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  void write(Instant finished) throws IOException {
    AtomicFiles.write(file, (finished + "\n").getBytes(StandardCharsets.US_ASCII));
  }
}
