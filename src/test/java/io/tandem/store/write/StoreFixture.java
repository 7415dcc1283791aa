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
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A real store in a temporary folder, with helpers to deliver and to read the result back. */
final class StoreFixture implements AutoCloseable {
  static final String HASH = "pbkdf2-sha256$1000$c2FsdA$aGFzaA";

  final Path root;
  final Path state;
  final List<String> fatalErrors = new ArrayList<>();
  MailStore store;

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
    store = MailStore.open(settings(), Clock.systemUTC(), 4242, () -> 1,
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
    return store.spool().write("Return-Path: <s@x>\n".getBytes(StandardCharsets.US_ASCII),
        new ByteArrayInputStream(body), body.length, lines);
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
