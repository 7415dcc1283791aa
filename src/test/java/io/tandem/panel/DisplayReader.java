package io.tandem.panel;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The display end of the line in tests: a thread reads the pty's bytes into an
 * {@link LcdEmulator}, and {@link #await} waits (with a deadline) for the glass to show what is
 * expected. Reading ends when the line goes away.
 */
final class DisplayReader implements AutoCloseable {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private final LcdEmulator lcd = new LcdEmulator();
  private final InputStream in;
  private final Thread thread;
  private volatile Throwable failure;
  private volatile boolean ended;

  private DisplayReader(InputStream in) {
    this.in = in;
    this.thread = new Thread(this::read, "display-reader");
    thread.setDaemon(true);
  }

  static DisplayReader open(Path end) throws IOException {
    DisplayReader reader = new DisplayReader(new FileInputStream(end.toFile()));
    reader.thread.start();
    return reader;
  }

  private void read() {
    byte[] buffer = new byte[256];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (lcd) {
          lcd.feed(buffer, n);
          lcd.notifyAll();
        }
      }
    } catch (IOException e) {
      // EIO: the other end of the pty is gone.
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      ended = true;
      synchronized (lcd) {
        lcd.notifyAll();
      }
    }
  }

  /** What the glass shows now. */
  List<String> lines() {
    synchronized (lcd) {
      return lcd.lines();
    }
  }

  /** Waits until the glass shows what {@code expected} accepts; fails after the deadline. */
  List<String> await(String what, Predicate<List<String>> expected) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    synchronized (lcd) {
      while (true) {
        if (failure != null) {
          throw new AssertionError("the display could not read the line", failure);
        }
        List<String> lines = lcd.lines();
        if (expected.test(lines)) {
          return lines;
        }
        long left = end - System.nanoTime();
        if (left <= 0 || ended) {
          throw new AssertionError("the display never showed " + what + "; it shows:\n"
              + String.join("\n", lines));
        }
        lcd.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Waits until the line has gone away (read failed or ended). */
  void awaitEnd() throws InterruptedException {
    thread.join(DEADLINE.toMillis());
    if (thread.isAlive()) {
      throw new AssertionError("the display end stayed open");
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
