package io.tandem;

import io.tandem.config.ApplianceConfig;
import io.tandem.config.ConfigLoader;
import io.tandem.lifecycle.ExitCode;
import io.tandem.net.tls.ApplianceIdentity;
import io.tandem.store.StoreException;
import io.tandem.store.write.Intent;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.SpooledMessage;
import io.tandem.store.write.StoreSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Two whole appliances in this JVM, on loopback with real TLS between them: "alpha" (primary)
 * and "beta" (replica), each with its own store, pinned certificates and free ports. Either can
 * be stopped and started again on the same ports.
 */
final class PairFixture implements AutoCloseable {
  final Path dir;
  final List<String> fatalErrors = new CopyOnWriteArrayList<>();
  ApplianceService primary;
  ApplianceService replica;
  private final String extraPrimary;
  private final String extraReplica;
  private int replicaPort;
  /** Symmetric pairs only: alpha's replication.listen, which beta dials once it is primary. */
  private int primaryPort = 0;
  private final boolean symmetric;

  PairFixture(Path dir, String extraPrimary, String extraReplica) throws Exception {
    this(dir, extraPrimary, extraReplica, false);
  }

  /**
   * @param symmetric both appliances listen and dial, as real pairs are configured, so either
   *     can be primary (failover and failback)
   */
  PairFixture(Path dir, String extraPrimary, String extraReplica, boolean symmetric)
      throws Exception {
    this.dir = dir;
    this.extraPrimary = extraPrimary;
    this.symmetric = symmetric;
    this.extraReplica = extraReplica;
    for (String name : List.of("alpha", "beta")) {
      Path state = dir.resolve(name).resolve("state");
      Files.createDirectories(state);
      ApplianceIdentity.create(ApplianceIdentity.directory(state), name, false,
          Clock.systemUTC());
    }
    startReplica();
    startPrimary();
    if (symmetric) {
      // Now that alpha's port is known, beta dials it too (it does so only when primary).
      primaryPort = primary.replication().listenPort();
      stopReplica();
      startReplica();
    }
  }

  private ApplianceConfig config(String name, String role, String peerName, String extra)
      throws Exception {
    Path home = dir.resolve(name);
    String text = "appliance.name = " + name + "\nrole.initial = " + role
        + "\nstore.root = " + home.resolve("mail") + "\nstore.state = " + home.resolve("state")
        + "\nstore.min_free = 1M\nlmtp.listen = 127.0.0.1:0\nadmin.listen = 127.0.0.1:0\nimap.listen = 127.0.0.1:0\n"
        + "replication.tls.peer_cert = " + dir.resolve(peerName).resolve("state/tls")
            .resolve(ApplianceIdentity.CERTIFICATE_FILE) + "\n" + extra;
    Path file = home.resolve(name + ".conf");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return ConfigLoader.load(file);
  }

  void startReplica() throws Exception {
    int port = replicaPort;
    String peer = primaryPort > 0 ? "replication.peer = 127.0.0.1:" + primaryPort + "\n" : "";
    replica = ApplianceService.start(config("beta", "replica", "alpha",
        "replication.listen = 127.0.0.1:" + port + "\n" + peer + extraReplica), this::fatal);
    replicaPort = replica.replication().listenPort();
  }

  void startPrimary() throws Exception {
    String listen = symmetric ? "replication.listen = 127.0.0.1:" + primaryPort + "\n" : "";
    primary = ApplianceService.start(config("alpha", "primary", "beta",
        "replication.peer = 127.0.0.1:" + replicaPort + "\n" + listen + extraPrimary),
        this::fatal);
  }

  private void fatal(ExitCode code, String message, Throwable cause) {
    fatalErrors.add(code + ": " + message);
  }

  MailStore store() {
    return primary.store();
  }

  StoreSettings settings(String name) {
    Path home = dir.resolve(name);
    return new StoreSettings(home.resolve("mail"), home.resolve("state"),
        home.resolve("state").resolve("users"), name, 1 << 20, Duration.ofSeconds(1), 64, 8,
        Duration.ofMillis(50));
  }

  /** Delivers {@code text} to {@code user}'s {@code mailbox} on the primary. */
  SpooledMessage deliver(String user, String mailbox, String text) throws Exception {
    return deliverOn(primary, user, mailbox, text);
  }

  /** Delivers {@code text} through {@code appliance}'s store. */
  static SpooledMessage deliverOn(ApplianceService appliance, String user, String mailbox,
      String text) throws Exception {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    long lines = text.chars().filter(c -> c == '\n').count();
    MailStore store = appliance.store();
    SpooledMessage spooled = store.spool().write(new byte[0], new ByteArrayInputStream(body),
        body.length, lines);
    store.execute(MessageIntents.deliver(user, mailbox, spooled, List.of(),
        System.currentTimeMillis()));
    return spooled;
  }

  void run(Intent intent) throws StoreException, IOException {
    store().execute(intent);
  }

  Map<String, Object> primaryStatus() {
    return primary.replication().status();
  }

  /** Waits until the replica acknowledged everything the primary has. */
  void awaitInStep(Duration timeout) throws InterruptedException {
    awaitCondition(timeout, () -> {
      long last = store().journal().lastSeq();
      return primary.replication().state().acked() == last
          && replica.store().journal().lastSeq() == last;
    }, () -> "replication did not catch up: primary " + primaryStatus() + "; replica "
        + replica.replication().status() + ", its journal at "
        + replica.store().journal().lastSeq());
  }

  static void awaitCondition(Duration timeout, BooleanSupplier condition,
      java.util.function.Supplier<String> failure) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        // Both appliances run in this JVM: where every thread stands tells what got stuck.
        throw new AssertionError(failure.get() + "\n" + threadDump());
      }
      Thread.sleep(20);
    }
  }

  private static String threadDump() {
    StringBuilder out = new StringBuilder("threads:\n");
    for (java.lang.management.ThreadInfo info : java.lang.management.ManagementFactory
        .getThreadMXBean().dumpAllThreads(true, true)) {
      out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
      if (info.getLockName() != null) {
        out.append(" on ").append(info.getLockName());
      }
      if (info.getLockOwnerName() != null) {
        out.append(" held by ").append(info.getLockOwnerName());
      }
      out.append('\n');
      StackTraceElement[] stack = info.getStackTrace();
      for (int i = 0; i < Math.min(stack.length, 12); i++) {
        out.append("    at ").append(stack[i]).append('\n');
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    List<ApplianceService> open = new ArrayList<>();
    if (primary != null) {
      open.add(primary);
    }
    if (replica != null) {
      open.add(replica);
    }
    open.forEach(ApplianceService::close);
    primary = null;
    replica = null;
  }

  void stopReplica() {
    replica.close();
    replica = null;
  }

  void stopPrimary() {
    primary.close();
    primary = null;
  }
}
