package io.tandem.bench;

import io.tandem.config.ApplianceConfig;
import io.tandem.config.ConfigException;
import io.tandem.config.ConfigLoader;
import io.tandem.lifecycle.ExitCode;
import io.tandem.lifecycle.RoleState;
import io.tandem.store.Names;
import io.tandem.store.PasswordHash;
import io.tandem.store.StoreException;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.SpooledMessage;
import io.tandem.store.write.StoreLock;
import io.tandem.store.write.StoreSettings;
import io.tandem.store.write.UserIntents;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills a Tandem store with many users and messages for the scale benchmark
 * ({@code bench/scale/run-scale-bench.sh}). Not a test: a main class kept with the tests because
 * it uses test-only conveniences and is not shipped in the appliance jar.
 *
 * <p>It opens the store with {@link MailStore#open} (store lock, journal replay, committer: the
 * same journal and apply path as {@code tandem serve}), adds users {@code user00001..} with
 * {@link UserIntents#add} (all with one password hash, computed once), then delivers the messages
 * as the LMTP path does: {@link io.tandem.store.write.MessageSpool#write} (durable spool file)
 * followed by {@link MailStore#submit} of {@link MessageIntents#deliver}, from several threads so
 * that the committer's group commit batches them.
 *
 * <p>Every user gets {@code messages / users} messages (the first {@code messages % users} users
 * one more), numbered 0, 1, 2... The order is by rounds: in each round every user in turn gets
 * {@code run} consecutive messages (or what is left of their share). With {@code --run 1}
 * (default) that is strict round-robin, the worst case for the writer's index cache; with
 * {@code --run 100} and 100 messages per user it is user after user. A run first counts each
 * user's messages in their index and only delivers the missing ones, so an interrupted run can be
 * resumed (with any {@code --run}) and a finished one re-run without change.
 *
 * <pre>
 * java -cp tandem.jar:test-classes io.tandem.bench.ScaleStoreGenerator \
 *     (--config appliance.conf | --root DIR --state DIR) --users 10000 --messages 1000000 \
 *     [--threads 16] [--window 1] [--run 1] [--min-size 2048] [--max-size 4096] \
 *     [--progress 50000] [--password scale-bench]
 * </pre>
 */
public final class ScaleStoreGenerator {
  private static final String DOMAIN = "example.test";
  private static final DateTimeFormatter RFC5322 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final Options options;
  private final String runId = Long.toString(System.currentTimeMillis(), 36);
  private final byte[] text = filler();
  private final long nowMillis = System.currentTimeMillis();
  private volatile boolean stopping;

  private ScaleStoreGenerator(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("scale-gen: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    System.exit(new ScaleStoreGenerator(options).run());
  }

  private int run() throws Exception {
    ApplianceConfig config = options.config();
    StoreSettings settings = StoreSettings.of(config);
    RoleState role = RoleState.load(config.store().state(), config.role().initial());
    long openStart = System.nanoTime();
    MailStore store;
    try {
      store = MailStore.open(settings, Clock.systemUTC(), ProcessHandle.current().pid(),
          role::epoch, () -> false, (ExitCode code, String message, Throwable cause) -> {
            System.err.println("scale-gen: FATAL (" + code + "): " + message);
            if (cause != null) {
              cause.printStackTrace();
            }
            Runtime.getRuntime().halt(code.code());
          });
    } catch (StoreLock.StoreLockedException e) {
      System.err.println("scale-gen: " + e.getMessage());
      return 3;
    }
    log("store open in %.2f s (root %s, state %s, journal last seq %d, recovery replayed %d)",
        seconds(System.nanoTime() - openStart), settings.root(), settings.state(),
        store.journal().lastSeq(), store.recovery().replayed());
    CountDownLatch finished = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    Thread hook = new Thread(() -> {
      stopping = true;
      log("interrupted: finishing the deliveries in flight and closing the store (re-run to"
          + " resume)");
      try {
        finished.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "scale-gen-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    int rc;
    try {
      List<String> users = addUsers(store);
      rc = stopping ? 130 : deliver(store, users);
    } finally {
      long closeStart = System.nanoTime();
      long lastSeq = store.journal().lastSeq();
      store.close();
      log("store closed in %.2f s; journal last seq %d", seconds(System.nanoTime() - closeStart),
          lastSeq);
      finished.countDown();
      if (!stopping) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // Already shutting down.
        }
      }
    }
    return rc;
  }

  // ---- users ---------------------------------------------------------------------------------

  private List<String> addUsers(MailStore store) throws Exception {
    int width = Math.max(5, Integer.toString(options.users).length());
    List<String> names = new ArrayList<>(options.users);
    for (int u = 1; u <= options.users; u++) {
      names.add(Names.user(String.format(Locale.ROOT, "user%0" + width + "d", u)));
    }
    long hashStart = System.nanoTime();
    String hash = new PasswordHash(options.hashIterations).hash(options.password.toCharArray());
    log("password hash (%d iterations, shared by all users) in %.2f s", options.hashIterations,
        seconds(System.nanoTime() - hashStart));
    long start = System.nanoTime();
    long lastReport = start;
    int added = 0;
    int existing = 0;
    ArrayDeque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
    for (String name : names) {
      if (stopping) {
        break;
      }
      if (store.users().contains(name)) {
        existing++;
        continue;
      }
      inFlight.add(store.submit(UserIntents.add(name, hash)));
      added++;
      while (inFlight.size() >= options.userWindow) {
        awaitUser(inFlight.poll());
      }
      if (added % options.userProgress == 0) {
        long now = System.nanoTime();
        log("users: %d added (%.0f users/s over the last %d, %.0f users/s overall)", added,
            options.userProgress / seconds(now - lastReport), options.userProgress,
            added / seconds(now - start));
        lastReport = now;
      }
    }
    while (!inFlight.isEmpty()) {
      awaitUser(inFlight.poll());
    }
    double took = seconds(System.nanoTime() - start);
    log("users: %d added in %.1f s (%.0f users/s), %d already existed; %d users in the users file",
        added, took, added / Math.max(took, 1e-9), existing, store.users().size());
    return names;
  }

  private static void awaitUser(CompletableFuture<?> future) throws Exception {
    try {
      future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StoreException s
          && s.reason() == StoreException.Reason.USER_EXISTS) {
        return;
      }
      throw new IOException("adding a user failed: " + e.getCause(), e.getCause());
    }
  }

  // ---- messages ------------------------------------------------------------------------------

  private int deliver(MailStore store, List<String> users) throws Exception {
    int userCount = users.size();
    long[] have = countExisting(store, users);
    long haveTotal = 0;
    for (long h : have) {
      haveTotal += h;
    }
    Order order = new Order(options.messages, userCount, options.run, have);
    final long todo = order.missing();
    log("messages: %d wanted, %d already in the indexes, %d to deliver; %d threads, window %d,"
        + " run %d, sizes %d..%d bytes", options.messages, haveTotal, todo, options.threads,
        options.window, options.run, options.minSize, options.maxSize);
    if (todo == 0) {
      return 0;
    }
    AtomicLong done = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    long[] lastReport = {start, 0};
    Runnable progress = () -> {
      long d = done.get();
      if (d % options.progress == 0 || d == todo) {
        synchronized (lastReport) {
          long now = System.nanoTime();
          log("messages: %,d / %,d delivered (%.0f msg/s over the last %,d, %.0f msg/s overall,"
              + " %.1f MiB), journal seq %d, heap used %d MiB", d, todo,
              (d - lastReport[1]) / seconds(now - lastReport[0]), d - lastReport[1],
              d / seconds(now - start), bytes.get() / 1048576.0, store.journal().lastSeq(),
              (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
          lastReport[0] = now;
          lastReport[1] = d;
        }
      }
    };
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < options.threads; t++) {
      Thread worker = new Thread(() -> {
        ArrayDeque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
        try {
          while (!stopping && failure.get() == null) {
            long[] slot = order.next();
            if (slot == null) {
              break;
            }
            int u = (int) slot[0];
            long k = slot[1];
            inFlight.add(deliverOne(store, users.get(u), u, k, bytes));
            while (inFlight.size() >= options.window) {
              inFlight.poll().get();
              done.incrementAndGet();
              progress.run();
            }
          }
          while (!inFlight.isEmpty()) {
            inFlight.poll().get();
            done.incrementAndGet();
            progress.run();
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e instanceof ExecutionException ? e.getCause() : e);
        }
      }, "scale-gen-" + t);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double took = seconds(System.nanoTime() - start);
    long delivered = done.get();
    log("messages: %,d delivered in %.1f s: %.0f msg/s, %.1f MiB/s (%.0f bytes average)",
        delivered, took, delivered / Math.max(took, 1e-9), bytes.get() / 1048576.0 / took,
        delivered == 0 ? 0.0 : bytes.get() / (double) delivered);
    System.out.printf(Locale.ROOT, "RESULT users=%d messages=%d delivered=%d seconds=%.1f"
        + " rate=%.1f%n", userCount, options.messages, delivered, took,
        delivered / Math.max(took, 1e-9));
    if (failure.get() != null) {
      System.err.println("scale-gen: delivery failed: " + failure.get());
      failure.get().printStackTrace();
      return 1;
    }
    return stopping ? 130 : 0;
  }

  /**
   * The delivery order: rounds in which each user in turn gets {@code run} consecutive messages
   * of their share; messages a user already has (the first {@code have[u]}) are skipped.
   */
  private static final class Order {
    private final long[] share;
    private final long[] have;
    private final int run;
    private final long maxShare;
    private long round;
    private int user;
    private int offset;

    Order(long messages, int users, int run, long[] have) {
      this.share = new long[users];
      this.have = have;
      this.run = run;
      for (int u = 0; u < users; u++) {
        share[u] = messages / users + (u < messages % users ? 1 : 0);
      }
      this.maxShare = users == 0 ? 0 : share[0];
    }

    long missing() {
      long total = 0;
      for (int u = 0; u < share.length; u++) {
        total += Math.max(0, share[u] - have[u]);
      }
      return total;
    }

    /** The next message to deliver as {user index, message number}, or null when done. */
    synchronized long[] next() {
      while (round * run < maxShare) {
        long k = round * run + offset;
        int u = user;
        if (++offset == run) {
          offset = 0;
          if (++user == share.length) {
            user = 0;
            round++;
          }
        }
        if (k < share[u] && k >= have[u]) {
          return new long[] {u, k};
        }
      }
      return null;
    }
  }

  private CompletableFuture<?> deliverOne(MailStore store, String user, int u, long k,
      AtomicLong bytes) throws IOException, StoreException {
    byte[] body = message(user, u, k);
    long lines = 0;
    for (byte b : body) {
      if (b == '\n') {
        lines++;
      }
    }
    byte[] prefix = ("Return-Path: <sender" + (k % 97) + "@" + DOMAIN + ">\nDelivered-To: "
        + user + "@" + DOMAIN + "\n").getBytes(StandardCharsets.US_ASCII);
    SpooledMessage spooled = store.spool().write(prefix, new ByteArrayInputStream(body),
        body.length, lines);
    bytes.addAndGet(spooled.size());
    return store.submit(MessageIntents.deliver(user, Names.INBOX, spooled, List.of(),
        internalDate(u, k)));
  }

  /** A plain-text message of minSize..maxSize bytes (deterministic per user and number). */
  private byte[] message(String user, int u, long k) {
    long seed = mix(((long) u << 32) ^ k);
    int size = options.minSize + (int) Long.remainderUnsigned(seed,
        options.maxSize - options.minSize + 1);
    long date = internalDate(u, k);
    String headers = "From: Sender " + (k % 97) + " <sender" + (k % 97) + "@" + DOMAIN + ">\n"
        + "To: " + user + "@" + DOMAIN + "\n"
        + "Subject: Scale benchmark message " + k + " for " + user + "\n"
        + "Date: " + RFC5322.format(Instant.ofEpochMilli(date)) + "\n"
        + "Message-ID: <scale-" + runId + "-" + u + "-" + k + "@bench.tandem.test>\n"
        + "MIME-Version: 1.0\n"
        + "Content-Type: text/plain; charset=us-ascii\n"
        + "\n";
    byte[] head = headers.getBytes(StandardCharsets.US_ASCII);
    int bodyLength = Math.max(0, size - head.length);
    byte[] out = new byte[head.length + bodyLength];
    System.arraycopy(head, 0, out, 0, head.length);
    int from = (int) Long.remainderUnsigned(seed >>> 7, text.length - options.maxSize);
    while (from > 0 && text[from - 1] != '\n') {
      from--;
    }
    System.arraycopy(text, from, out, head.length, bodyLength);
    if (bodyLength > 0) {
      out[out.length - 1] = '\n';
    }
    return out;
  }

  /** Spread over the last 365 days, older for lower message numbers. */
  private long internalDate(int u, long k) {
    long spread = 365L * 24 * 3600 * 1000;
    long perMessage = Math.max(1, spread / Math.max(1, options.messages / options.users));
    long offset = Math.min(spread, (options.messages / Math.max(1, options.users) - k)
        * perMessage);
    return nowMillis - Math.max(0, offset) - (u % 3600) * 1000L;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** 256 KiB of text lines to cut message bodies from. */
  private static byte[] filler() {
    String[] words = ("the of and to in is that for it as with was on be by at this from or an"
        + " are not have but which you all were they we one their been has more will would"
        + " there what about if out up so can time when other into them some could these two"
        + " may first then do any like my now over such our man me even most made after also"
        + " did many before must through back years where much your way well down should"
        + " because each just those people how too little state good very make world still"
        + " own see men work long get here between both life being under never day same"
        + " another know while last might us great old year off come since against go came"
        + " right used take three mailbox journal index delivery appliance replica storage")
        .split(" ");
    StringBuilder out = new StringBuilder(1 << 18);
    long seed = 42;
    while (out.length() < (1 << 18)) {
      int line = 0;
      while (line < 66) {
        seed = mix(seed + 0x9e3779b97f4a7c15L);
        String word = words[(int) Long.remainderUnsigned(seed, words.length)];
        if (line > 0) {
          out.append(' ');
          line++;
        }
        out.append(word);
        line += word.length();
      }
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Each user's message count, read through read-only connections (the writer is running). */
  private long[] countExisting(MailStore store, List<String> users) throws SQLException {
    long[] have = new long[users.size()];
    long start = System.nanoTime();
    int opened = 0;
    for (int u = 0; u < users.size(); u++) {
      Path file = store.indexPool().file(users.get(u));
      if (!Files.exists(file)) {
        continue;
      }
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM message")) {
        have[u] = rs.next() ? rs.getLong(1) : 0;
      }
      opened++;
    }
    log("counted the messages already in %d user indexes in %.1f s", opened,
        seconds(System.nanoTime() - start));
    return have;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void log(String format, Object... args) {
    String time = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC)
        .format(Instant.now());
    System.out.println("[" + time + "] " + String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  // ---- options -------------------------------------------------------------------------------

  private static final class Options {
    static final String USAGE = "usage: ScaleStoreGenerator (--config FILE | --root DIR --state"
        + " DIR [--users-file FILE]) --users N --messages M [--threads 16] [--window 1]"
        + " [--run 1] [--min-size 2048] [--max-size 4096] [--progress 50000]"
        + " [--password scale-bench] [--hash-iterations 1000] [--user-window 512]";

    Path configFile;
    Path root;
    Path state;
    Path usersFile;
    int users = -1;
    long messages = -1;
    int threads = 16;
    int window = 1;
    int run = 1;
    int minSize = 2048;
    int maxSize = 4096;
    long progress = 50_000;
    int userProgress = 1000;
    int userWindow = 512;
    int hashIterations = 1000;
    String password = "scale-bench";

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("-h") || arg.equals("--help")) {
          System.out.println(USAGE);
          System.exit(0);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        String value = args[++i];
        switch (arg) {
          case "--config" -> o.configFile = Path.of(value);
          case "--root" -> o.root = Path.of(value);
          case "--state" -> o.state = Path.of(value);
          case "--users-file" -> o.usersFile = Path.of(value);
          case "--users" -> o.users = Integer.parseInt(value);
          case "--messages" -> o.messages = Long.parseLong(value);
          case "--threads" -> o.threads = Integer.parseInt(value);
          case "--window" -> o.window = Integer.parseInt(value);
          case "--run" -> o.run = Integer.parseInt(value);
          case "--min-size" -> o.minSize = Integer.parseInt(value);
          case "--max-size" -> o.maxSize = Integer.parseInt(value);
          case "--progress" -> o.progress = Long.parseLong(value);
          case "--user-window" -> o.userWindow = Integer.parseInt(value);
          case "--password" -> o.password = value;
          case "--hash-iterations" -> o.hashIterations = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      if ((o.configFile == null) == (o.root == null || o.state == null)) {
        throw new IllegalArgumentException("give either --config or both --root and --state");
      }
      if (o.users < 1 || o.messages < 0) {
        throw new IllegalArgumentException("--users (>= 1) and --messages (>= 0) are required");
      }
      if (o.threads < 1 || o.window < 1 || o.run < 1 || o.progress < 1 || o.userWindow < 1
          || o.minSize < 512 || o.maxSize < o.minSize || o.maxSize > 65536) {
        throw new IllegalArgumentException("bad --threads/--window/--run/--progress or sizes"
            + " (512 <= min-size <= max-size <= 65536)");
      }
      return o;
    }

    /** The configuration: the file, or one made of --root/--state with every other default. */
    ApplianceConfig config() throws ConfigException {
      if (configFile != null) {
        return ConfigLoader.load(configFile);
      }
      List<String> lines = new ArrayList<>(List.of("appliance.name = scale",
          "store.root = " + root.toAbsolutePath(), "store.state = " + state.toAbsolutePath()));
      if (usersFile != null) {
        lines.add("users.file = " + usersFile.toAbsolutePath());
      }
      return ConfigLoader.parse("(generated)", lines, Path.of("").toAbsolutePath());
    }
  }
}
