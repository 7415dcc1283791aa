package io.tandem.util;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The one named daemon thread a background job (scrub, backup) runs on, and its stop. */
public final class BackgroundThreads {
  private BackgroundThreads() {}

  /** A single daemon thread named {@code name} that also runs scheduled tasks. */
  public static ScheduledExecutorService single(String name) {
    return Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Interrupts the running job and waits up to {@code grace} for it to end. */
  public static void stop(ExecutorService executor, Duration grace) {
    executor.shutdownNow();
    try {
      executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
