package io.tandem.imap.server;

import io.tandem.config.ApplianceConfig;
import io.tandem.config.ListenAddress;
import io.tandem.config.PlaintextAuth;
import io.tandem.config.Role;
import io.tandem.lifecycle.ExitCode;
import io.tandem.lifecycle.RoleState;
import io.tandem.net.tls.ApplianceIdentity;
import io.tandem.net.tls.ClientTlsContext;
import io.tandem.store.PasswordHash;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.SpooledMessage;
import io.tandem.store.write.StoreSettings;
import io.tandem.store.write.UserIntents;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real store in a temporary folder with an IMAP service on a free loopback port: users alice
 * and bob (password "secret") and proxy user "frontend" (password "proxy-pass").
 */
final class ImapFixture implements AutoCloseable {
  static final String PASSWORD = "secret";

  final Path dir;
  final MailStore store;
  final RoleState role;
  final ImapService imap;

  ImapFixture(Path dir) throws Exception {
    this(dir, settings(PlaintextAuth.TLS_OR_LOOPBACK, 5, Duration.ofMinutes(30), 50));
  }

  /** Test settings: 100 connections, 5 invalid commands, 1 MiB APPEND, 1 MiB header cache. */
  static ImapSettings settings(PlaintextAuth plaintext, int maxLoginFailures,
      Duration idleTimeout, int maxPerIp) {
    ListenAddress any = new ListenAddress("127.0.0.1", 0);
    return new ImapSettings("imap-test", new ApplianceConfig.Imap(any, Optional.of(any),
        Optional.empty(), Optional.empty(), plaintext, List.of("frontend"), 100, maxPerIp,
        idleTimeout, Duration.ofSeconds(60), 5, 1 << 20, maxLoginFailures,
        Duration.ofMinutes(15), 1 << 20));
  }

  ImapFixture(Path dir, ImapSettings imapSettings) throws Exception {
    this(dir, imapSettings, ImapService.PUSH_DEADLINE);
  }

  /** With another deadline for the pushes to sessions in IDLE. */
  ImapFixture(Path dir, ImapSettings imapSettings, Duration pushDeadline) throws Exception {
    this.dir = dir;
    Path state = dir.resolve("state");
    StoreSettings settings = new StoreSettings(dir.resolve("mail"), state,
        state.resolve("users"), "imap-test", 1 << 20, Duration.ofSeconds(1), 64, 8,
        Duration.ofMillis(50));
    role = RoleState.load(state, Role.PRIMARY);
    store = MailStore.open(settings, Clock.systemUTC(), 4242, role::epoch, () -> false,
        (ExitCode code, String message, Throwable cause) -> {
          throw new AssertionError(code + ": " + message, cause);
        });
    store.setWriteGate(role::acceptsWrites);
    PasswordHash hasher = new PasswordHash(1000);
    store.execute(UserIntents.add("alice", hasher.hash(PASSWORD.toCharArray())));
    store.execute(UserIntents.add("bob", hasher.hash(PASSWORD.toCharArray())));
    store.execute(UserIntents.add("frontend", hasher.hash("proxy-pass".toCharArray())));
    ApplianceIdentity.create(ApplianceIdentity.directory(state), "imap-test", false,
        Clock.systemUTC());
    imap = new ImapService("127.0.0.1", 0,
        Optional.of(new java.net.InetSocketAddress("127.0.0.1", 0)), imapSettings, store, role,
        ClientTlsContext.create(Optional.empty(), Optional.empty(), state), Clock.systemUTC(),
        pushDeadline);
    imap.start();
  }

  /** Delivers a message (LF line ends, as LMTP stores it) to a user's mailbox. */
  void deliver(String user, String mailbox, String text, List<String> flags) throws Exception {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    SpooledMessage spooled = store.spool().write(new byte[0], new ByteArrayInputStream(body),
        body.length, text.chars().filter(c -> c == '\n').count());
    store.execute(MessageIntents.deliver(user, mailbox, spooled, flags, 1_700_000_000_000L));
  }

  Path maildir(String user) {
    return dir.resolve("mail").resolve(user).resolve("Maildir");
  }

  @Override
  public void close() throws Exception {
    imap.close();
    store.close();
  }
}
