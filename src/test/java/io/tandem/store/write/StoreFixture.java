package io.tandem.store.write;

import io.tandem.journal.JournalEntry;
import io.tandem.lifecycle.ExitCode;
import io.tandem.store.StoreException;
import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.MessageRow;
import io.tandem.store.index.UserIndex;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A real store in a temporary folder, with helpers to deliver and to read the result back. */
final class StoreFixture implements AutoCloseable {
  static final String HASH = "pbkdf2-sha256$1000$c2FsdA$aGFzaA";

  final Path root;
  final Path state;
  final List<String> fatalErrors = new ArrayList<>();
  /** Every message body spooled through {@link #spool}, by base name (what a primary sends). */
  final Map<String, byte[]> bodies = new HashMap<>();
  MailStore store;
  /** Whether removed bodies go to the attic, as on a primary with a replica. */
  volatile boolean keepRemovedBodies;

  StoreFixture(Path dir) throws Exception {
    this.root = dir.resolve("mail");
    this.state = dir.resolve("state");
    open();
  }

  StoreSettings settings() {
    return new StoreSettings(root, state, state.resolve("users"), "test-a", 1 << 20,
        Duration.ofSeconds(1), 64, 8, Duration.ofMillis(50));
  }

  void open() throws Exception {
    store = MailStore.open(settings(), Clock.systemUTC(), 4242, () -> 1, () -> keepRemovedBodies,
        (ExitCode code, String message, Throwable cause) -> fatalErrors.add(code + ": " + message));
  }

  void reopen() throws Exception {
    store.close();
    open();
  }

  List<JournalEntry> run(Intent intent) throws StoreException, IOException {
    return store.execute(intent);
  }

  /** Spools {@code text} (LF line endings) and delivers it; returns the spooled file facts. */
  SpooledMessage deliver(String user, String mailbox, String text) throws Exception {
    SpooledMessage spooled = spool(text);
    run(MessageIntents.deliver(user, mailbox, spooled, List.of(), 1_700_000_000_000L));
    return spooled;
  }

  SpooledMessage spool(String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    long lines = text.chars().filter(c -> c == '\n').count();
    byte[] prefix = "Return-Path: <s@x>\n".getBytes(StandardCharsets.US_ASCII);
    SpooledMessage spooled = store.spool().write(prefix, new ByteArrayInputStream(body),
        body.length, lines);
    bodies.put(spooled.base(), (new String(prefix, StandardCharsets.US_ASCII) + text)
        .getBytes(StandardCharsets.UTF_8));
    return spooled;
  }

  /**
   * A seeded mix of every kind of mail operation for alice (several folders, a rename) and bob;
   * both users must exist.
   */
  void randomHistory(SplittableRandom random, int steps) throws Exception {
    run(MailboxIntents.create("alice", "Work"));
    run(MailboxIntents.create("alice", "Work.Old"));
    List<String> boxes = List.of("INBOX", "Work", "Work.Old", "Archive");
    for (int i = 0; i < steps; i++) {
      String user = random.nextInt(4) == 0 ? "bob" : "alice";
      String box = user.equals("bob") ? "INBOX" : boxes.get(random.nextInt(boxes.size()));
      List<Long> uids = List.of((long) random.nextInt(1, 12), (long) random.nextInt(1, 12));
      switch (random.nextInt(6)) {
        case 0, 1 -> deliver(user, box, "message " + i + "\n");
        case 2 -> run(MessageIntents.setFlags(user, box, uids,
            MessageIntents.FlagMode.values()[random.nextInt(3)], List.of("\\Seen", "$Work")));
        case 3 -> run(MessageIntents.expunge(user, box, uids.subList(0, 1)));
        case 4 -> run(MessageIntents.copy(user, box, uids, "Trash", false));
        default -> run(MessageIntents.copy(user, box, uids, box.equals("Archive") ? "INBOX"
            : "Archive", true));
      }
    }
    run(MailboxIntents.rename("alice", "Work", "Done"));
    run(MailboxIntents.subscribe("alice", "Done", true));
  }

  Path maildir(String user) {
    return root.resolve(user).resolve("Maildir");
  }

  /** Every file under a user's maildir, relative, sorted: what another reader would see. */
  List<String> files(String user) throws IOException {
    Path base = maildir(user);
    try (Stream<Path> walk = Files.walk(base)) {
      return walk.filter(Files::isRegularFile).map(p -> base.relativize(p).toString()).sorted()
          .toList();
    }
  }

  /** The index of a user as text: mailboxes with counters and messages, for comparisons. */
  String indexDump(String user) throws Exception {
    TreeMap<String, String> dump = new TreeMap<>();
    try (UserIndex index = UserIndex.open(state.resolve("index").resolve(user + ".db"), user)) {
      for (MailboxRow box : index.mailboxes()) {
        StringBuilder text = new StringBuilder(box.uidValidity() + " " + box.uidNext() + " "
            + box.highestModseq() + "\n");
        for (MessageRow row : index.messages(box.id())) {
          text.append("  ").append(row).append('\n');
        }
        dump.put(box.name(), text.toString());
      }
      dump.put("~subscriptions", index.subscriptions().toString());
    }
    return dump.toString();
  }

  List<MessageRow> messages(String user, String mailbox) throws Exception {
    try (UserIndex index = UserIndex.open(state.resolve("index").resolve(user + ".db"), user)) {
      return index.messages(index.mailbox(mailbox).orElseThrow().id());
    }
  }

  @Override
  public void close() throws Exception {
    store.close();
  }
}
