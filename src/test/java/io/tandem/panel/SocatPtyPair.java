package io.tandem.panel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A null-modem cable for tests: {@code socat} joining two pseudo-terminals, reachable as the
 * symlinks {@code DIR/panel} (where the front panel writes) and {@code DIR/reader} (where the
 * test reads what a display would receive). Killing it is pulling the cable: both ends go away.
 */
final class SocatPtyPair implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(10);

  private final Process process;
  final Path panel;
  final Path reader;

  private SocatPtyPair(Process process, Path panel, Path reader) {
    this.process = process;
    this.panel = panel;
    this.reader = reader;
  }

  /** Starts socat and waits for both links (they exist once both ptys are set up). */
  static SocatPtyPair start(Path dir) throws IOException, InterruptedException {
    Path panel = dir.resolve("panel");
    Path reader = dir.resolve("reader");
    Process process;
    try {
      process = new ProcessBuilder(List.of("socat", "-d", "-d",
          "pty,raw,echo=0,link=" + panel, "pty,raw,echo=0,link=" + reader))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("socat.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new IOException("socat is needed for this test (apt-get install socat;"
          + " ./run-tests installs it): " + e.getMessage(), e);
    }
    long end = System.nanoTime() + READY.toNanos();
    while (!(Files.exists(panel) && Files.exists(reader))) {
      if (!process.isAlive() || System.nanoTime() > end) {
        process.destroyForcibly();
        throw new IOException("socat did not set up the pty pair; see " + dir.resolve("socat.log"));
      }
      Thread.sleep(10);
    }
    return new SocatPtyPair(process, panel, reader);
  }

  /** Pulls the cable: socat ends (SIGTERM, then SIGKILL), taking both ptys with it. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
