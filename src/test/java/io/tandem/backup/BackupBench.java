package io.tandem.backup;

import io.tandem.backup.store.BackupVerifier;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.SpooledMessage;
import io.tandem.store.write.UserIntents;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The backup benchmark (not a test; {@code bench/backup/run-backup-bench.sh}): a store of
 * MESSAGES small messages (BIG of them in one user, the rest over USERS users), a first full
 * backup, a night with 1 % change (half new deliveries, a quarter flag changes, a quarter
 * expunges) and its incremental run, a verify of the target and its listing, a restore of
 * the big user, then (the store closed) a disaster restore of the whole backup into a second,
 * empty store, whose messages must equal the first's user by user. Prints one line per step
 * with time and bytes. {@code BackupHeapTest} runs it small in a small heap.
 *
 * <p>Arguments: DIR MESSAGES USERS BIG.
 */
public final class BackupBench {
  private static final java.util.concurrent.ExecutorService SPOOLERS =
      java.util.concurrent.Executors.newFixedThreadPool(16, runnable -> {
        Thread thread = new Thread(runnable, "bench-spool");
        thread.setDaemon(true);
        return thread;
      });

  private BackupBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int messages = Integer.parseInt(args[1]);
    int users = Integer.parseInt(args[2]);
    int big = Integer.parseInt(args[3]);
    List<String> names = new ArrayList<>();
    names.add("big");
    for (int u = 0; u < users; u++) {
      names.add(user(u));
    }
    // Each user's messages (folder, flags, object) as a digest: the disaster restore's check.
    Map<String, String> before = new java.util.TreeMap<>();
    java.time.Instant backedUp;
    try (BackupFixture f = new BackupFixture(dir, "bench", dir.resolve("target"),
        "backup.rate = 64G\n")) {
      f.jobDeadline = Duration.ofHours(10);
      long t0 = System.nanoTime();
      f.run(UserIntents.add("big", BackupFixture.HASH));
      for (int u = 0; u < users; u++) {
        f.run(UserIntents.add(user(u), BackupFixture.HASH));
      }
      List<CompletableFuture<?>> unused = new ArrayList<>();
      Deque<CompletableFuture<?>> window = new ArrayDeque<>();
      // User after user: round-robin over many users would measure the writer's index cache
      // (opened and closed per delivery), not the backup.
      int perUser = Math.max(1, (messages - big + users - 1) / users);
      for (int i = 0; i < messages; i++) {
        String user = i < big ? "big" : user((i - big) / perUser);
        deliver(f, user, i, window);
      }
      drain(window);
      report("generate", t0, Map.of("messages", messages, "users", users + 1));
      unused.clear();

      f.clock.advance(Duration.ofHours(1));
      long t1 = System.nanoTime();
      Map<String, Object> full = BackupFixture.result(f.backup(false));
      report("full backup", t1, full);

      long t2 = System.nanoTime();
      int change = messages / 100;
      for (int i = 0; i < change / 2; i++) {
        deliver(f, user(i % users), messages + i, window);
      }
      drain(window);
      for (int i = 0; i < change / 4; i++) {
        f.store.submit(MessageIntents.setFlags(user(i % users), "INBOX", List.of(1L + i / users),
            MessageIntents.FlagMode.ADD, List.of("\\Seen")));
      }
      for (int i = 0; i < change / 4; i++) {
        window.add(f.store.submit(MessageIntents.expunge(user(i % users), "INBOX",
            List.of(2L + i / users))));
        if (window.size() > 256) {
          window.removeFirst().get();
        }
      }
      drain(window);
      report("1 % change applied", t2, Map.of("changes", change));

      f.clock.advance(Duration.ofDays(1));
      long t3 = System.nanoTime();
      Map<String, Object> incremental = BackupFixture.result(f.backup(false));
      report("incremental backup", t3, incremental);

      long t5 = System.nanoTime();
      BackupVerifier.Report verified = new BackupVerifier(f.target, f.config.backup()
          .retentionDeleted(), f.clock).verify();
      report("verify", t5, Map.of("objects", verified.objects(), "manifests",
          verified.manifests(), "problems", verified.problems().size()));

      long t6 = System.nanoTime();
      report("list", t6, Map.of("runs", f.backup.list().size()));

      long t4 = System.nanoTime();
      Map<String, Object> restored = f.restore(new RestoreRequest("big", null, null, null, null,
          null, false));
      report("restore of user big", t4, BackupFixture.result(restored));
      System.out.printf("target size: %d bytes%n", size(dir.resolve("target")));
      for (String name : names) {
        before.put(name, digest(f.messages(name, null)));
      }
      backedUp = f.clock.instant();
    }

    // The first store is closed: what the heap holds now is the disaster restore's.
    try (BackupFixture spare = new BackupFixture(dir, "spare", dir.resolve("target"),
        "backup.rate = 64G\n")) {
      spare.jobDeadline = Duration.ofHours(10);
      spare.clock.set(backedUp);
      long t7 = System.nanoTime();
      Map<String, Object> report = spare.restore(new RestoreRequest(null, null, null, null, null,
          null, true));
      if (!"finished".equals(report.get("state"))) {
        throw new IllegalStateException("the disaster restore failed: " + report);
      }
      Map<String, Object> result = new java.util.LinkedHashMap<>(BackupFixture.result(report));
      int equal = 0;
      for (String name : names) {
        if (before.get(name).equals(digest(spare.messages(name, null)))) {
          equal++;
        }
      }
      result.put("users_equal", equal);
      report("disaster restore", t7, result);
    }
  }

  /** A digest of a user's message lines ({@link BackupFixture#messages}). */
  private static String digest(List<String> lines) throws Exception {
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    for (String line : lines) {
      sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return lines.size() + ":" + java.util.HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Spools on one of {@link #SPOOLERS} threads (a spool file is forced: one at a time, the bench
   * would spend most of its time generating) and submits the delivery; at most 256 in flight.
   */
  private static void deliver(BackupFixture f, String user, int i,
      Deque<CompletableFuture<?>> window) throws Exception {
    String text = "From: a@example.org\nTo: " + user + "@example.org\nSubject: message " + i
        + "\nMessage-ID: <" + i + "@bench>\n\n" + "body of message " + i + " "
        + "lorem ipsum ".repeat(20) + "\n";
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    window.add(CompletableFuture.supplyAsync(() -> {
      try {
        SpooledMessage spooled = f.store.spool().write(new byte[0],
            new ByteArrayInputStream(body), body.length,
            text.chars().filter(c -> c == '\n').count());
        return f.store.submit(MessageIntents.deliver(user, "INBOX", spooled, List.of(),
            f.clock.millis()));
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, SPOOLERS).thenCompose(delivered -> delivered));
    if (window.size() > 256) {
      window.removeFirst().get();
    }
  }

  private static void drain(Deque<CompletableFuture<?>> window) throws Exception {
    while (!window.isEmpty()) {
      window.removeFirst().get();
    }
  }

  private static String user(int u) {
    return String.format("user%05d", u);
  }

  private static void report(String step, long startNanos, Map<String, Object> what) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf("%-22s %8.1f s  %s%n", step, seconds, what);
  }

  private static long size(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
