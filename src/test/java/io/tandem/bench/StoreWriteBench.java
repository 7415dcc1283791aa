package io.tandem.bench;

import io.tandem.lifecycle.ExitCode;
import io.tandem.store.Names;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.SpooledMessage;
import io.tandem.store.write.StoreSettings;
import io.tandem.store.write.UserIntents;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The committer's batches under a STORE-only load (issue 7, IMAP write paths): {@code threads}
 * writers, each toggling {@code \Seen} on random messages of a user of its own, as IMAP sessions'
 * STOREs do, so every batch forces one {@code cur/} folder per user in it. Prints the committed
 * batches per second, their mean size and the median time between two batches (the batch time,
 * since the committer is never idle under this load), and each STORE's latency. Not a test: a
 * main class kept with the tests and not shipped.
 *
 * <p>{@code java -cp target/classes:target/test-classes:DEPS io.tandem.bench.StoreWriteBench DIR
 * [threads] [seconds]}; DIR must not exist (it is filled with a fresh store).
 */
public final class StoreWriteBench {
  private static final int MESSAGES = 100;
  private static final String HASH = "pbkdf2-sha256$1000$c2FsdA$aGFzaA";

  private StoreWriteBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Files.createDirectories(dir);
    StoreSettings settings = new StoreSettings(dir.resolve("mail"), dir.resolve("state"),
        dir.resolve("state/users"), "bench", 64 << 20, Duration.ofSeconds(1), 256, 64,
        Duration.ofSeconds(1));
    try (MailStore store = MailStore.open(settings, Clock.systemUTC(), 1, () -> 1, () -> false,
        (ExitCode code, String message, Throwable cause) -> {
          throw new IllegalStateException(code + ": " + message, cause);
        })) {
      for (int u = 0; u < threads; u++) {
        fill(store, "user" + u);
      }
      List<Long> batchNanos = Collections.synchronizedList(new ArrayList<>());
      long[] entries = new long[1];
      store.onApplied(applied -> {
        batchNanos.add(System.nanoTime());
        entries[0] += applied.size();
      });
      run(store, threads, 3, new ArrayList<>()); // warm-up: every message leaves new/
      batchNanos.clear();
      entries[0] = 0;
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      run(store, threads, seconds, latencies);
      report(threads, seconds, batchNanos, entries[0], latencies);
    }
  }

  private static void fill(MailStore store, String user) throws Exception {
    store.execute(UserIntents.add(user, HASH));
    for (int i = 0; i < MESSAGES; i++) {
      byte[] body = ("Subject: m" + i + "\n\nbody " + i + "\n").getBytes(StandardCharsets.UTF_8);
      SpooledMessage spooled = store.spool().write(new byte[0], new ByteArrayInputStream(body),
          body.length, 3);
      store.execute(MessageIntents.deliver(user, Names.INBOX, spooled, List.of(),
          1_700_000_000_000L));
    }
  }

  private static void run(MailStore store, int threads, int seconds, List<Long> latencies)
      throws InterruptedException {
    AtomicBoolean going = new AtomicBoolean(true);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String user = "user" + t;
      SplittableRandom random = new SplittableRandom(t);
      Thread writer = new Thread(() -> {
        boolean add = true;
        try {
          while (going.get()) {
            long start = System.nanoTime();
            store.execute(MessageIntents.setFlags(user, Names.INBOX,
                List.of((long) random.nextInt(1, MESSAGES + 1)),
                add ? MessageIntents.FlagMode.ADD : MessageIntents.FlagMode.REMOVE,
                List.of("\\Seen")));
            latencies.add(System.nanoTime() - start);
            add = !add;
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      writers.add(writer);
      writer.start();
    }
    Thread.sleep(seconds * 1000L);
    going.set(false);
    for (Thread writer : writers) {
      writer.join();
    }
  }

  private static void report(int threads, int seconds, List<Long> batchNanos, long entries,
      List<Long> latencies) {
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < batchNanos.size(); i++) {
      gaps.add(batchNanos.get(i) - batchNanos.get(i - 1));
    }
    Collections.sort(gaps);
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    System.out.printf(Locale.ROOT, "threads %d, %d s: %d STOREs (%.0f/s), %d batches (%.1f/s,"
            + " %.1f entries each), batch time median %.2f ms p90 %.2f ms;"
            + " STORE latency p50 %.2f ms p90 %.2f ms p99 %.2f ms%n",
        threads, seconds, sorted.size(), sorted.size() / (double) seconds, batchNanos.size(),
        batchNanos.size() / (double) seconds, entries / (double) Math.max(1, batchNanos.size()),
        ms(gaps, 0.5), ms(gaps, 0.9), ms(sorted, 0.5), ms(sorted, 0.9), ms(sorted, 0.99));
  }

  private static double ms(List<Long> sorted, double quantile) {
    return sorted.isEmpty() ? 0
        : sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * quantile)) / 1e6;
  }
}
