package io.tandem.backup;

import io.tandem.alert.Alert;
import io.tandem.alert.Alerts;
import io.tandem.config.ApplianceConfig;
import io.tandem.config.ConfigLoader;
import io.tandem.hardware.HardwareSnapshot;
import io.tandem.lifecycle.ExitCode;
import io.tandem.store.StoreException;
import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.MessageRow;
import io.tandem.store.index.UserIndex;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real store and a real {@link BackupService} in this JVM, on one clock the test moves (the
 * journal's times, the runs' times and retention all read it), backing up to a folder.
 */
final class BackupFixture implements AutoCloseable {
  static final String HASH = "pbkdf2-sha256$1000$c2FsdA$aGFzaA";

  final Path dir;
  final Path target;
  final MovingClock clock = new MovingClock(Instant.parse("2026-12-01T02:00:00Z"));
  final Alerts alerts = new Alerts(clock);
  final List<String> fatalErrors = new CopyOnWriteArrayList<>();
  final ApplianceConfig config;
  MailStore store;
  BackupService backup;
  /** How long a job may take before the test gives up (the benchmark raises it). */
  Duration jobDeadline = Duration.ofSeconds(60);

  BackupFixture(Path dir, String name, Path target, String extra) throws Exception {
    this.dir = dir;
    this.target = target;
    Files.createDirectories(target);
    Path home = dir.resolve(name);
    Files.createDirectories(home);
    Path file = home.resolve("appliance.conf");
    Files.writeString(file, "appliance.name = " + name + "\nstore.root = " + home.resolve("mail")
        + "\nstore.state = " + home.resolve("state") + "\nbackup.target = " + target
        + "\nbackup.allow_same_device = true\n" + extra);
    config = ConfigLoader.load(file);
    open();
  }

  void open() throws Exception {
    store = MailStore.open(StoreSettings.of(config), clock, 4242, () -> 1, () -> false,
        (ExitCode code, String message, Throwable cause) -> fatalErrors.add(code + ": " + message));
    backup = BackupService.start(config, store, () -> true, () -> HardwareSnapshot.EMPTY, alerts,
        clock);
  }

  List<io.tandem.journal.JournalEntry> run(Intent intent) throws StoreException, IOException {
    return store.execute(intent);
  }

  /** Delivers {@code text} with {@code flags}; returns its UID. */
  long deliver(String user, String mailbox, String text, String... flags) throws Exception {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    long lines = text.chars().filter(c -> c == '\n').count();
    SpooledMessage spooled = store.spool().write(new byte[0], new ByteArrayInputStream(body),
        body.length, lines);
    var entries = run(MessageIntents.deliver(user, mailbox, spooled, List.of(flags),
        clock.millis()));
    return ((io.tandem.journal.Operation.Deliver) entries.get(0).op()).uid();
  }

  /** Runs a backup (full or not) and waits for its end; returns the job's report. */
  Map<String, Object> backup(boolean full) throws Exception {
    backup.requestRun(full);
    return awaitJob();
  }

  /** Restores and waits; returns the job's report. */
  Map<String, Object> restore(RestoreRequest request) throws Exception {
    backup.requestRestore(request);
    return awaitJob();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> result(Map<String, Object> report) {
    return (Map<String, Object>) report.get("result");
  }

  private Map<String, Object> awaitJob() throws InterruptedException {
    long deadline = System.nanoTime() + jobDeadline.toNanos();
    while (true) {
      Map<String, Object> report = backup.report();
      if (!"running".equals(report.get("state"))) {
        return report;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the backup job did not end: " + report);
      }
      Thread.sleep(10);
    }
  }

  /**
   * Every message of {@code user} as "mailbox uid flags sha256", by mailbox then UID; with
   * {@code underPrefix}, only the mailboxes below it, named without it.
   */
  List<String> messages(String user, String underPrefix) throws Exception {
    List<String> out = new ArrayList<>();
    try (UserIndex index = UserIndex.openReadOnly(store.indexPool().file(user), user)) {
      for (MailboxRow box : index.mailboxes()) {
        String name = box.name();
        if (underPrefix != null) {
          if (!name.startsWith(underPrefix + ".")) {
            continue;
          }
          name = name.substring(underPrefix.length() + 1);
        } else if (name.startsWith("Restored")) {
          continue;
        }
        for (MessageRow row : index.messages(box.id())) {
          out.add(name + " " + String.join(",", row.flags()) + " " + row.sha256());
        }
      }
    }
    return out;
  }

  /** The mailboxes of {@code user}, sorted. */
  List<String> mailboxes(String user) throws Exception {
    try (UserIndex index = UserIndex.openReadOnly(store.indexPool().file(user), user)) {
      return index.mailboxes().stream().map(MailboxRow::name).sorted().toList();
    }
  }

  /** The file of {@code user}'s message {@code uid} in {@code mailbox}. */
  Path fileOf(String user, String mailbox, long uid) throws Exception {
    try (UserIndex index = UserIndex.openReadOnly(store.indexPool().file(user), user)) {
      MailboxRow box = index.mailbox(mailbox).orElseThrow();
      return store.layout().mailbox(user, mailbox).resolve(index.message(box.id(), uid)
          .orElseThrow().file());
    }
  }

  Map<String, Alert> openAlerts() {
    Map<String, Alert> out = new TreeMap<>();
    alerts.open().forEach(a -> out.put(a.id(), a));
    return out;
  }

  @Override
  public void close() throws IOException {
    if (backup != null) {
      backup.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /** A clock the test moves forward. */
  static final class MovingClock extends Clock {
    private volatile Instant now;

    MovingClock(Instant start) {
      now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    /** Moves the clock to {@code at}, never back. */
    void set(Instant at) {
      if (at.isBefore(now)) {
        throw new IllegalArgumentException("the clock only moves forward: " + at + " < " + now);
      }
      now = at;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
