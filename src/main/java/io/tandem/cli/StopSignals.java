package io.tandem.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waits for SIGTERM (systemd's stop) or SIGINT (Ctrl-C) and returns, so the caller shuts down
 * in order and exits 0. A JVM shutdown hook alone would exit with 143 and race the clean stop.
 */
final class StopSignals {
  private StopSignals() {}

  /** Prints {@code readyText} once the handlers are in place, then blocks until a signal. */
  static void awaitTermOrInt(String readyText) throws InterruptedException {
    CountDownLatch signalled = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), signal -> signalled.countDown());
    Signal.handle(new Signal("INT"), signal -> signalled.countDown());
    System.out.println(readyText);
    System.out.flush();
    signalled.await();
  }
}
